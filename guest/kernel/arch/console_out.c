/* Console output. */
#include "console_out.h"

#include "direct_map.h"
#include "hypercall.h"
#include "x86.h"
#include "../../../shared/layout.h"

#define UART_LSR   5
#define LSR_THRE   0x20
#define UART_SPINS 100000

static int use_hypercall;

void console_init(void)
{
	use_hypercall = under_cowvisor();
	if (!use_hypercall) {
		outb(CV_COM1_PORT + 1, 0x00); /* no UART interrupts */
		outb(CV_COM1_PORT + 3, 0x03); /* 8N1 */
	}
}

/* Send one byte through the UART, waiting (boundedly) for room. */
static void uart_putc(char c)
{
	for (int i = 0; i < UART_SPINS && !(inb(CV_COM1_PORT + UART_LSR) & LSR_THRE); i++)
		;
	outb(CV_COM1_PORT, (uint8_t)c);
}

/* Write to one of the VMM's streams, or the UART. */
static void emit(const char *s, size_t n, enum cv_console_stream stream)
{
	if (use_hypercall) {
		hypercall(CV_HC_CONSOLE, V2P(s), n, stream, 0);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

void console_write(const char *s, size_t n, enum cv_console_stream stream)
{
	emit(s, n, stream);
}

void console_log(const char *s, size_t n)
{
	emit(s, n, CV_CONSOLE_LOG);
}
