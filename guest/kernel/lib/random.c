/* xorshift64* seeded from the TSC, eight bytes per step. */
#include "random.h"

#include <stdint.h>

#include "../arch/x86.h"

/* A 64-bit store that may be unaligned (x86 allows it). */
typedef uint64_t unaligned_u64 __attribute__((aligned(1), may_alias));

static uint64_t state;

/* Advance the generator state s; the next 64 random bits. */
static inline uint64_t step(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1Dull;
}

void random_bytes(void *buf, size_t n)
{
	uint64_t s = state ? state : rdtsc() | 1, r;
	uint8_t *p = buf;

	/* A word per step, the state in a register: on kvm-pvm every
	 * emulated instruction counts. */
	for (; n >= 8; n -= 8, p += 8)
		*(unaligned_u64 *)p = step(&s);
	for (r = n ? step(&s) : 0; n; n--, r >>= 8)
		*p++ = (uint8_t)r;
	state = s;
}
