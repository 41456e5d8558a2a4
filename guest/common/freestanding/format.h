/* printf-style formatting for the kernel and cvlibc (format.c): %d %i %u
 * %o %x %X %p %s %c %% with the flags - 0 + space #, a width, a precision
 * (also '*') and the length modifiers hh h l ll z t j. Each side's header
 * declares vsnprintf and snprintf (the kernel's lib/printk.h, cvlibc's
 * <stdio.h>); cvlibc's descriptor output formats through a sink with a
 * flush. */
#ifndef COMMON_FREESTANDING_FORMAT_H
#define COMMON_FREESTANDING_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Where formatted text goes: buf of cap bytes, and when full either
 * flush (which empties it) or, without one, the rest dropped with one
 * byte kept for the NUL. */
struct fmt_sink {
	char *buf;
	size_t cap, used;
	size_t total;                      /* every byte formatted, kept or not */
	void (*flush)(struct fmt_sink *k); /* NULL: a bounded buffer */
	int fd;                            /* the descriptor a flush writes to */
};

/* Format fmt with the arguments at ap into k. */
void fmt_format(struct fmt_sink *k, const char *fmt, va_list *ap);

#endif
