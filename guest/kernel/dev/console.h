/* The console: one hypercall per write under cowvisor, the COM1 UART
 * (polled) elsewhere, e.g. under QEMU. */
#ifndef DEV_CONSOLE_H
#define DEV_CONSOLE_H

#include <stddef.h>

/* Choose the output path; call after hypercall_probe(). */
void console_init(void);

/* Write s[0..n) to the console. */
void console_write(const char *s, size_t n);

#endif
