/* cvlibc: printf and friends to descriptors, through the formatter it
 * shares with the kernel (guest/common/freestanding/format.c, which also
 * holds vsnprintf and snprintf). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../../common/freestanding/format.h"

/* Sends the buffered text of a descriptor sink to its descriptor. */
static void sink_flush(struct fmt_sink *k)
{
	size_t off = 0;
	ssize_t n;

	while (off < k->used) {
		n = write(k->fd, k->buf + off, k->used - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	k->used = 0;
}

/* vdprintf(3): formats straight to FD. */
int vdprintf(int fd, const char *fmt, va_list ap)
{
	char buf[256];
	struct fmt_sink k = { .buf = buf, .cap = sizeof(buf), .flush = sink_flush, .fd = fd };
	va_list copy;

	va_copy(copy, ap);
	fmt_format(&k, fmt, &copy);
	va_end(copy);
	sink_flush(&k);
	return (int)k.total;
}

/* dprintf(3). */
int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

/* printf(3): to standard output, unbuffered between calls. */
int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(STDOUT_FILENO, fmt, ap);
	va_end(ap);
	return n;
}

/* puts(3): S and a newline to standard output. */
int puts(const char *s)
{
	return dprintf(STDOUT_FILENO, "%s\n", s) < 0 ? EOF : 1;
}

/* putchar(3). */
int putchar(int c)
{
	unsigned char b = (unsigned char)c;

	return write(STDOUT_FILENO, &b, 1) == 1 ? c : EOF;
}
