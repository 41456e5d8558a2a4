/* cvlibc: printf and friends; one formatter writing into a sink. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Where formatted text goes: a bounded buffer, or a file descriptor through
 * a small buffer flushed when full and at the end. */
struct sink {
	char *buf;
	size_t cap;
	size_t used;
	int fd;
	size_t total;
};

/* Sends the buffered text of an fd sink to its descriptor. */
static void sink_flush(struct sink *k)
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

/* Appends one character to the sink. */
static void sink_put(struct sink *k, char c)
{
	k->total++;
	if (k->fd >= 0) {
		if (k->used == k->cap)
			sink_flush(k);
		k->buf[k->used++] = c;
	} else if (k->used + 1 < k->cap) {
		k->buf[k->used++] = c;
	}
}

/* Appends C N times. */
static void sink_fill(struct sink *k, char c, int n)
{
	while (n-- > 0)
		sink_put(k, c);
}

/* One conversion's flags, width and precision. */
struct spec {
	int left;
	int zero;
	int plus;
	int space;
	int alt;
	int width;
	int prec;	/* -1: none */
};

/* Writes S of length LEN padded to the width. */
static void put_padded(struct sink *k, const struct spec *sp, const char *s, int len)
{
	int i;

	if (!sp->left)
		sink_fill(k, ' ', sp->width - len);
	for (i = 0; i < len; i++)
		sink_put(k, s[i]);
	if (sp->left)
		sink_fill(k, ' ', sp->width - len);
}

/* Writes a number: its magnitude V in BASE, a sign or 0x prefix, padding. */
static void put_number(struct sink *k, const struct spec *sp, uint64_t v, int base,
		       int upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, plen = (int)strlen(prefix), zeros = 0, pad;

	while (v) {
		tmp[n++] = digits[v % (unsigned)base];
		v /= (unsigned)base;
	}
	if (sp->prec < 0 && n == 0)
		tmp[n++] = '0';
	if (sp->prec > n)
		zeros = sp->prec - n;
	pad = sp->width - n - zeros - plen;
	if (sp->zero && !sp->left && sp->prec < 0 && pad > 0) {
		zeros += pad;
		pad = 0;
	}
	if (!sp->left)
		sink_fill(k, ' ', pad);
	while (*prefix)
		sink_put(k, *prefix++);
	sink_fill(k, '0', zeros);
	while (n)
		sink_put(k, tmp[--n]);
	if (sp->left)
		sink_fill(k, ' ', pad);
}

/* Reads a decimal number at *F, or '*' from the arguments. */
static int read_count(const char **f, va_list *ap)
{
	int v = 0;

	if (**f == '*') {
		(*f)++;
		return va_arg(*ap, int);
	}
	while (**f >= '0' && **f <= '9')
		v = v * 10 + (*(*f)++ - '0');
	return v;
}

/* The formatter: %d %i %u %o %x %X %p %s %c %% with flags - 0 + space #,
 * width, precision and the length modifiers hh h l ll z t j. */
static void format(struct sink *k, const char *f, va_list *ap)
{
	struct spec sp;
	int len;	/* 0 int, 1 long, 2 long long */
	uint64_t u;
	int64_t s;
	const char *str;
	char c;

	for (; *f; f++) {
		if (*f != '%') {
			sink_put(k, *f);
			continue;
		}
		f++;
		memset(&sp, 0, sizeof(sp));
		sp.prec = -1;
		for (;; f++) {
			if (*f == '-')
				sp.left = 1;
			else if (*f == '0')
				sp.zero = 1;
			else if (*f == '+')
				sp.plus = 1;
			else if (*f == ' ')
				sp.space = 1;
			else if (*f == '#')
				sp.alt = 1;
			else
				break;
		}
		sp.width = read_count(&f, ap);
		if (sp.width < 0) {
			sp.left = 1;
			sp.width = -sp.width;
		}
		if (*f == '.') {
			f++;
			sp.prec = read_count(&f, ap);
			if (sp.prec < 0)
				sp.prec = -1;
		}
		len = 0;
		while (*f == 'h')
			f++;
		if (*f == 'l') {
			len = 1;
			if (*++f == 'l') {
				len = 2;
				f++;
			}
		} else if (*f == 'z' || *f == 't') {
			f++;
		} else if (*f == 'j') {
			len = 2;
			f++;
		}
		switch (*f) {
		case 'd':
		case 'i':
			s = len == 2 ? va_arg(*ap, long long) :
			    len == 1 ? va_arg(*ap, long) : va_arg(*ap, int);
			u = s < 0 ? 0 - (uint64_t)s : (uint64_t)s;
			put_number(k, &sp, u, 10, 0,
				   s < 0 ? "-" : sp.plus ? "+" : sp.space ? " " : "");
			break;
		case 'u':
		case 'o':
		case 'x':
		case 'X':
			u = len == 2 ? va_arg(*ap, unsigned long long) :
			    len == 1 ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned int);
			if (*f == 'u')
				put_number(k, &sp, u, 10, 0, "");
			else if (*f == 'o')
				put_number(k, &sp, u, 8, 0, sp.alt && u ? "0" : "");
			else
				put_number(k, &sp, u, 16, *f == 'X',
					   sp.alt && u ? (*f == 'X' ? "0X" : "0x") : "");
			break;
		case 'p':
			u = (uintptr_t)va_arg(*ap, void *);
			put_number(k, &sp, u, 16, 0, "0x");
			break;
		case 's':
			str = va_arg(*ap, const char *);
			if (!str)
				str = "(null)";
			s = 0;
			while (str[s] && (sp.prec < 0 || s < sp.prec))
				s++;
			put_padded(k, &sp, str, (int)s);
			break;
		case 'c':
			c = (char)va_arg(*ap, int);
			put_padded(k, &sp, &c, 1);
			break;
		case '%':
			sink_put(k, '%');
			break;
		case '\0':
			return;
		default:
			sink_put(k, '%');
			sink_put(k, *f);
			break;
		}
	}
}

/* vsnprintf(3): formats into BUF of SIZE bytes, always NUL-terminated when
 * SIZE > 0; returns the length the whole text would have. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink k = { buf, size, 0, -1, 0 };
	va_list copy;

	va_copy(copy, ap);
	format(&k, fmt, &copy);
	va_end(copy);
	if (size)
		buf[k.used] = '\0';
	return (int)k.total;
}

/* snprintf(3). */
int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* vdprintf(3): formats straight to FD. */
int vdprintf(int fd, const char *fmt, va_list ap)
{
	char buf[256];
	struct sink k = { buf, sizeof(buf), 0, fd, 0 };
	va_list copy;

	va_copy(copy, ap);
	format(&k, fmt, &copy);
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
