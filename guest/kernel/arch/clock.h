/* Time: monotonic from the TSC (frequency from the VMM), real time from
 * the host's clock at boot plus the monotonic time since. */
#ifndef ARCH_CLOCK_H
#define ARCH_CLOCK_H

#include <stdint.h>

#include "../../../shared/vdso_clock.h"

#define NS_PER_S 1000000000ull /* the clocks count nanoseconds */

/* Nanoseconds since boot. */
uint64_t clock_monotonic_ns(void);

/* The TSC value at monotonic time ns (a cheap deadline: compare rdtsc()
 * with it); 0 when the TSC's frequency is unknown, ~0 for ns ~0. */
uint64_t clock_tsc_at(uint64_t ns);

/* A span of TSC cycles in nanoseconds (0 when the frequency is unknown). */
uint64_t clock_cycles_ns(uint64_t cycles);

/* Nanoseconds since the Unix epoch. */
int64_t clock_realtime_ns(void);

/* Remember the TSC at boot, its frequency (0: unknown) and the host's
 * real time at boot; call once. */
void clock_init(uint64_t tsc_khz, int64_t realtime_ns);

/* Set the real time to ns since the epoch (settimeofday: the monotonic
 * clock goes on unchanged). */
void clock_set_realtime(int64_t ns);

/* Give the vDSO's clock (c, in its image) what clock_init set. */
void clock_vdso_fill(struct cv_vdso_clock *c);

#endif
