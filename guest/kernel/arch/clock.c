/* Clocks. */
#include "clock.h"

#include "../boot.h"
#include "lapic.h"
#include "x86.h"

static uint64_t tsc_at_boot;

void clock_init(void)
{
	tsc_at_boot = rdtsc();
}

uint64_t clock_monotonic_ns(void)
{
	if (boot.tsc_khz == 0) /* no TSC frequency (not under cowvisor): timer ticks */
		return ticks() * (1000000000ull / TIMER_HZ);
	return clock_cycles_ns(rdtsc() - tsc_at_boot);
}

uint64_t clock_cycles_ns(uint64_t d)
{
	if (boot.tsc_khz == 0)
		return 0;
	/* d * 1e6 / khz without overflow for centuries of uptime */
	return (d / boot.tsc_khz) * 1000000ull + (d % boot.tsc_khz) * 1000000ull / boot.tsc_khz;
}

uint64_t clock_tsc_at(uint64_t ns)
{
	if (boot.tsc_khz == 0)
		return 0;
	if (ns == ~0ull)
		return ~0ull;
	/* ns * khz / 1e6 without overflow for centuries of uptime */
	return tsc_at_boot + (ns / 1000000ull) * boot.tsc_khz + (ns % 1000000ull) * boot.tsc_khz / 1000000ull;
}

int64_t clock_realtime_ns(void)
{
	return boot.realtime_ns + (int64_t)clock_monotonic_ns();
}
