/* The clock a program reads without entering the kernel: the kernel
 * fills one struct cv_vdso_clock inside each vDSO image at boot (section
 * .cv_clock, its offset found by tools/vdso_check.c), and the vDSO's time
 * functions and the kernel's own clock compute time from it by the one
 * formula below. Nothing in it changes after boot (there is no
 * clock_settime), so readers need no sequence count. */
#ifndef CV_SHARED_VDSO_CLOCK_H
#define CV_SHARED_VDSO_CLOCK_H

#include <stdint.h>

#define CV_NS_PER_SEC 1000000000u

struct cv_vdso_clock {
	uint64_t tsc_at_boot;     /* the TSC when the kernel started its clock */
	uint32_t tsc_khz;         /* its frequency; 0: unknown (then make the system call) */
	uint32_t reserved;
	int64_t realtime_at_boot; /* ns since the epoch at that moment */
};
_Static_assert(sizeof(struct cv_vdso_clock) == 24, "one layout for i386 and x86-64 readers");

/* n / d, and the remainder in *rem when rem is not NULL: with two 32-bit
 * divisions on i386, where a 64-bit division would need libgcc. */
static inline uint64_t cv_div64_32(uint64_t n, uint32_t d, uint32_t *rem)
{
#ifdef __i386__
	uint32_t hi = (uint32_t)(n >> 32), lo = (uint32_t)n, qhi = hi / d, qlo, r;

	__asm__("divl %4" : "=a"(qlo), "=d"(r) : "a"(lo), "d"(hi % d), "rm"(d)); /* (hi % d):lo < d * 2^32 */
	if (rem)
		*rem = r;
	return (uint64_t)qhi << 32 | qlo;
#else
	if (rem)
		*rem = (uint32_t)(n % d);
	return n / d;
#endif
}

/* A span of d TSC cycles at khz kHz in nanoseconds, exactly
 * d * 10^6 / khz rounded down (no overflow for centuries of uptime). */
static inline uint64_t cv_tsc_cycles_ns(uint64_t d, uint32_t khz)
{
	uint32_t r;
	uint64_t q = cv_div64_32(d, khz, &r);

	return q * 1000000u + cv_div64_32((uint64_t)r * 1000000u, khz, 0);
}

#endif
