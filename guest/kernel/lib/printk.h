/* Formatted output: printk to the kernel log, snprintf into a buffer.
 * The conversions are those of guest/common/freestanding/format.h (the
 * formatter cvlibc uses too). */
#ifndef LIB_PRINTK_H
#define LIB_PRINTK_H

#include <stdarg.h>
#include <stddef.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Format and write to the kernel log as one piece (one exit under cowvisor). */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
