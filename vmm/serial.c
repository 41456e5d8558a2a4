/* 16550 UART emulation: transmit works, receive is always empty. */
#include "serial.h"

#include "console.h"

#define LCR_DLAB   0x80
#define LSR_THRE   0x20 /* transmit holding register empty */
#define LSR_TEMT   0x40 /* transmitter empty */
#define MSR_READY  0xb0 /* DCD | DSR | CTS */
#define IIR_NONE   0x01 /* no interrupt pending */

void uart_init(struct uart *u, int out_fd)
{
	*u = (struct uart){ .lcr = 0x03, .out_fd = out_fd };
}

/* Write one byte to the output. */
static void uart_emit(struct uart *u, uint8_t byte)
{
	console_write(u->out_fd, &byte, 1);
}

/* A write to register offset. */
static void uart_write(struct uart *u, uint16_t offset, uint8_t v)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (offset) {
	case 0: if (dlab) u->dll = v; else uart_emit(u, v); break;
	case 1: if (dlab) u->dlm = v; else u->ier = v & 0x0f; break;
	case 3: u->lcr = v; break;
	case 4: u->mcr = v & 0x1f; break;
	case 7: u->scr = v; break;
	default: break; /* FCR and the read-only registers */
	}
}

/* A read from register offset. */
static uint8_t uart_read(const struct uart *u, uint16_t offset)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (offset) {
	case 0: return dlab ? u->dll : 0;
	case 1: return dlab ? u->dlm : u->ier;
	case 2: return IIR_NONE;
	case 3: return u->lcr;
	case 4: return u->mcr;
	case 5: return LSR_THRE | LSR_TEMT;
	case 6: return MSR_READY;
	case 7: return u->scr;
	}
	return 0xff;
}

void uart_access(struct uart *u, uint16_t offset, bool is_write, uint8_t *data)
{
	if (is_write)
		uart_write(u, offset, *data);
	else
		*data = uart_read(u, offset);
}
