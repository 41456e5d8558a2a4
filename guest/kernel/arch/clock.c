/* Clocks. */
#include "clock.h"

#include "lapic.h"
#include "x86.h"

static uint64_t tsc_at_boot;
static uint32_t tsc_khz;     /* 0 when unknown */
static int64_t realtime_at_boot; /* ns since the epoch */

void clock_init(uint64_t khz, int64_t realtime_ns)
{
	tsc_at_boot = rdtsc();
	tsc_khz = khz <= UINT32_MAX ? (uint32_t)khz : 0; /* above 4 THz: not a TSC we know */
	realtime_at_boot = realtime_ns;
}

void clock_set_realtime(int64_t ns)
{
	realtime_at_boot = ns - (int64_t)clock_monotonic_ns();
}

void clock_vdso_fill(struct cv_vdso_clock *c)
{
	c->tsc_at_boot = tsc_at_boot;
	c->tsc_khz = tsc_khz;
	c->realtime_at_boot = realtime_at_boot;
}

uint64_t clock_monotonic_ns(void)
{
	if (tsc_khz == 0) /* no TSC frequency (not under cowvisor): timer ticks */
		return ticks() * (1000000000ull / TIMER_HZ);
	return clock_cycles_ns(rdtsc() - tsc_at_boot);
}

uint64_t clock_cycles_ns(uint64_t d)
{
	if (tsc_khz == 0)
		return 0;
	return cv_tsc_cycles_ns(d, tsc_khz); /* the vDSO's formula: both clocks agree to the ns */
}

uint64_t clock_tsc_at(uint64_t ns)
{
	if (tsc_khz == 0)
		return 0;
	if (ns == ~0ull)
		return ~0ull;
	/* ns * khz / 1e6 without overflow for centuries of uptime */
	return tsc_at_boot + (ns / 1000000ull) * tsc_khz + (ns % 1000000ull) * tsc_khz / 1000000ull;
}

int64_t clock_realtime_ns(void)
{
	return realtime_at_boot + (int64_t)clock_monotonic_ns();
}
