/* xorshift64* seeded from the TSC. */
#include "random.h"

#include <stdint.h>

#include "../arch/x86.h"

static uint64_t state;

/* The next 64 random bits. */
static uint64_t next(void)
{
	if (state == 0)
		state = rdtsc() | 1;
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545F4914F6CDD1Dull;
}

void random_bytes(void *buf, size_t n)
{
	uint8_t *p = buf;

	while (n) {
		uint64_t r = next();
		for (int i = 0; i < 8 && n; i++, n--, r >>= 8)
			*p++ = (uint8_t)r;
	}
}
