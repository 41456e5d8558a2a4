/* Time: monotonic from the TSC (frequency from the VMM), real time from
 * the host's clock at boot plus the monotonic time since. */
#ifndef ARCH_CLOCK_H
#define ARCH_CLOCK_H

#include <stdint.h>

/* Nanoseconds since boot. */
uint64_t clock_monotonic_ns(void);

/* Nanoseconds since the Unix epoch. */
int64_t clock_realtime_ns(void);

/* Remember the TSC at boot; call once. */
void clock_init(void);

#endif
