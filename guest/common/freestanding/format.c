/* printf-style formatting for the kernel and cvlibc (format.h): one
 * formatter writing into a sink, and vsnprintf and snprintf over it. */
#include "format.h"

#include <stdint.h>

/* Appends one character to the sink. */
static void sink_put(struct fmt_sink *k, char c)
{
	k->total++;
	if (k->flush) {
		if (k->used == k->cap)
			k->flush(k);
		k->buf[k->used++] = c;
	} else if (k->used + 1 < k->cap) {
		k->buf[k->used++] = c;
	}
}

/* Appends C N times. */
static void sink_fill(struct fmt_sink *k, char c, int n)
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
static void put_padded(struct fmt_sink *k, const struct spec *sp, const char *s, int len)
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
static void put_number(struct fmt_sink *k, const struct spec *sp, uint64_t v, int base,
		       int upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, plen = 0, zeros = 0, pad;

	while (prefix[plen])
		plen++;
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

void fmt_format(struct fmt_sink *k, const char *f, va_list *ap)
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
		sp = (struct spec){ .prec = -1 };
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
			len = sizeof(size_t) == sizeof(long) ? 1 : 0; /* size_t's width on this side */
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

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_sink k = { .buf = buf, .cap = size };
	va_list copy;

	va_copy(copy, ap);
	fmt_format(&k, fmt, &copy);
	va_end(copy);
	if (size)
		buf[k.used] = '\0';
	return (int)k.total;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
