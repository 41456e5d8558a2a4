/* A small vsnprintf and printk. */
#include "printk.h"

#include <stdbool.h>
#include <stdint.h>

#include "../arch/console_out.h"
#include "klog.h"
#include "string.h"

#define PRINTK_MAX 1024

struct out {
	char *buf;
	size_t size, len; /* len counts every byte, written or not */
};

/* Append one character if there is room (keeping one for the NUL). */
static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

/* Append s[0..n) padded to width. */
static void put_padded(struct out *o, const char *s, size_t n, int width, bool left, char pad)
{
	size_t w = width > 0 ? (size_t)width : 0;

	if (!left)
		for (size_t i = n; i < w; i++)
			put(o, pad);
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
	if (left)
		for (size_t i = n; i < w; i++)
			put(o, ' ');
}

/* Append an unsigned number in base 10 or 16, with an optional sign. */
static void put_number(struct out *o, uint64_t v, unsigned base, bool upper, bool neg,
		       int width, bool left, char pad)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	size_t n = 0;

	do {
		tmp[sizeof(tmp) - 1 - n++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg) {
		if (pad == '0') {
			put(o, '-');
			width--;
		} else {
			tmp[sizeof(tmp) - 1 - n++] = '-';
		}
	}
	put_padded(o, tmp + sizeof(tmp) - n, n, width, left, pad);
}

/* Fetch an integer argument of the given length modifier (0 int, 1 long, 2 long long). */
static uint64_t fetch(va_list *ap, int lng, bool is_signed, bool *neg)
{
	int64_t s;

	if (!is_signed) {
		*neg = false;
		return lng ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned int);
	}
	s = lng ? va_arg(*ap, long) : va_arg(*ap, int);
	*neg = s < 0;
	return *neg ? (uint64_t)0 - (uint64_t)s : (uint64_t)s;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap0)
{
	struct out o = { buf, size, 0 };
	va_list ap;

	va_copy(ap, ap0);
	for (; *fmt; fmt++) {
		bool left = false, neg;
		char pad = ' ';
		int width = 0, prec = -1, lng = 0;
		const char *s;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (fmt++; *fmt == '-' || *fmt == '0'; fmt++)
			*fmt == '-' ? (left = true) : (pad = '0');
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			}
			for (; *fmt >= '0' && *fmt <= '9'; fmt++)
				prec = prec * 10 + (*fmt - '0');
		}
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			lng = 1; /* long, long long and size_t are all 64-bit here */
		switch (*fmt) {
		case 'd': case 'i': {
			uint64_t v = fetch(&ap, lng, true, &neg);
			put_number(&o, v, 10, false, neg, width, left, pad);
			break;
		}
		case 'u':
			put_number(&o, fetch(&ap, lng, false, &neg), 10, false, false, width, left, pad);
			break;
		case 'x': case 'X':
			put_number(&o, fetch(&ap, lng, false, &neg), 16, *fmt == 'X', false, width, left, pad);
			break;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_number(&o, (uint64_t)(uintptr_t)va_arg(ap, void *), 16, false, false, width, left, pad);
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (s == NULL)
				s = "(null)";
			put_padded(&o, s, prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s), width, left, ' ');
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			put_padded(&o, &c, 1, width, left, ' ');
			break;
		}
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
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

void printk(const char *fmt, ...)
{
	char buf[PRINTK_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf)) {
		/* Say so rather than cut silently. */
		memcpy(buf + sizeof(buf) - 6, "[...]\n", 6);
		n = sizeof(buf);
	}
	klog_append(buf, (uint64_t)n);
	console_log(buf, (size_t)n);
}
