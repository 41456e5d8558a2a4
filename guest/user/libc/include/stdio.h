/* cvlibc: formatted output straight to file descriptors (unbuffered). */
#ifndef CV_STDIO_H
#define CV_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vdprintf(int fd, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
int dprintf(int fd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
int puts(const char *s);
int putchar(int c);
void perror(const char *what);

#endif
