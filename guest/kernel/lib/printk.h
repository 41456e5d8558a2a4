/* Formatted output: printk to the kernel log, snprintf into a buffer.
 * Conversions: %d %i %u %x %X %p %s %c %%, with flags '0' '-', a width,
 * a precision for %s (also '*'), and length modifiers l, ll, z. */
#ifndef LIB_PRINTK_H
#define LIB_PRINTK_H

#include <stdarg.h>
#include <stddef.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Format and write to the kernel log as one piece (one exit under cowvisor). */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
