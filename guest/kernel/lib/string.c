/* The kernel's block operations: rep movsq/stosq with a byte tail, which
 * cost one emulated instruction per 8 bytes rather than a loop. The string
 * lengths and comparisons are cvlibc's too: guest/common/freestanding/. */
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
