/* COM1: a 16550 UART, enough for a polled driver. Output goes to a file
 * descriptor byte by byte, so nothing is lost when the guest dies. */
#ifndef VMM_SERIAL_H
#define VMM_SERIAL_H

#include <stdbool.h>
#include <stdint.h>

#define UART_NPORTS 8

struct uart {
	uint8_t ier, lcr, mcr, scr, dll, dlm;
	int out_fd;
};

void uart_init(struct uart *u, int out_fd);

/* An access of one byte at register offset (0..7): a write takes *data, a
 * read stores into *data. */
void uart_access(struct uart *u, uint16_t offset, bool is_write, uint8_t *data);

#endif
