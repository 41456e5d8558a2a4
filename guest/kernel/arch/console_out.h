/* The console: one hypercall per write under cowvisor, the COM1 UART
 * (polled) elsewhere, e.g. under QEMU. */
#ifndef ARCH_CONSOLE_OUT_H
#define ARCH_CONSOLE_OUT_H

#include <stddef.h>

/* Choose the output path; call after hypercall_probe(). */
void console_init(void);

#include "../../../shared/hypercall.h"

/* Write s[0..n) to a console stream (programs' stdout or stderr). */
void console_write(const char *s, size_t n, enum cv_console_stream stream);

/* Write s[0..n) to the kernel's log (stderr under cowvisor, the same
 * serial line elsewhere). */
void console_log(const char *s, size_t n);

#endif
