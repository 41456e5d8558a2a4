/* cvlibc: numbers from strings. */
#include <errno.h>
#include <stdlib.h>

/* Value of the digit or letter C in bases up to 36, or 99. */
static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Parses [space][sign][0x]digits; sets *NEG, clamps at LIMIT (ERANGE).
 * Returns the magnitude; *END gets the first unparsed character. */
static unsigned long parse(const char *s, char **end, int base, int *neg,
			   unsigned long limit)
{
	const char *p = s, *digits;
	unsigned long v = 0;
	int over = 0, d;

	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	*neg = 0;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	if (base < 2 || base > 36) {
		errno = EINVAL;
		if (end)
			*end = (char *)s;
		return 0;
	}
	digits = p;
	for (; (d = digit_value(*p)) < base; p++) {
		if (v > (limit - (unsigned long)d) / (unsigned long)base)
			over = 1;
		else
			v = v * (unsigned long)base + (unsigned long)d;
	}
	if (end)
		*end = (char *)(p == digits ? s : p);
	if (over) {
		errno = ERANGE;
		return limit;
	}
	return v;
}

/* strtol(3): a long in BASE (0 = from the prefix), clamped with ERANGE. */
long strtol(const char *s, char **end, int base)
{
	int neg;
	unsigned long v;

	v = parse(s, end, base, &neg, 0x80000000UL);
	if (!neg && v > (unsigned long)LONG_MAX) {
		errno = ERANGE;
		return LONG_MAX;
	}
	return neg ? (long)(0UL - v) : (long)v;
}

/* strtoul(3): an unsigned long in BASE; a '-' negates as C does. */
unsigned long strtoul(const char *s, char **end, int base)
{
	int neg;
	unsigned long v;

	v = parse(s, end, base, &neg, 0xffffffffUL);
	return neg ? 0UL - v : v;
}

/* atoi(3): strtol in base 10 without error reporting. */
int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}
