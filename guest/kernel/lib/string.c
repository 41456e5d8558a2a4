/* Freestanding string and memory functions; the block operations use
 * rep movsq/stosq with a byte tail, which cost one emulated instruction
 * per 8 bytes rather than a loop. */
#include "string.h"

#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;
	size_t q = n / 8, tail = n % 8;

	/* 8 bytes a step, then the (at most 7) bytes left: never a byte loop
	 * over the whole length */
	__asm__ volatile("rep movsq\n\tmov %3, %%rcx\n\trep movsb"
			 : "+D"(d), "+S"(src), "+c"(q) : "r"(tail) : "memory");
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;
	size_t q = n / 8, tail = n % 8;
	uint64_t pattern = (uint8_t)c * 0x0101010101010101ull; /* the byte in all 8 lanes */

	__asm__ volatile("rep stosq\n\tmov %3, %%rcx\n\trep stosb"
			 : "+D"(d), "+c"(q) : "a"(pattern), "r"(tail) : "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	size_t q = n / 8, tail = n % 8;

	if (n == 0 || d <= s || d >= s + n)
		return memcpy(dst, src, n);
	/* overlapping, destination above: backwards, the odd top bytes first,
	 * then 8 bytes a step */
	d += n - 1;
	s += n - 1;
	__asm__ volatile("std\n\trep movsb\n\tsub $7, %%rdi\n\tsub $7, %%rsi\n\t"
			 "mov %3, %%rcx\n\trep movsq\n\tcld"
			 : "+D"(d), "+S"(s), "+c"(tail) : "r"(q) : "memory");
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b || *a == '\0')
			return (unsigned char)*a - (unsigned char)*b;
	}
	return 0;
}
