/* Load averages. */
#include "loadavg.h"

#include "proc.h"

#define MAX_CATCHUP 720 /* periods folded at once after a long gap (an hour) */

/* 1/exp(5 s / 1 min), 1/exp(5 s / 5 min), 1/exp(5 s / 15 min), fixed point. */
static const uint32_t decay[3] = { 1884, 2014, 2037 };
static uint32_t avenrun[3];
static uint64_t next_ns = LOADAVG_FREQ_NS;

int loadavg_runnable(void)
{
	int n = 0;

	for (struct proc *p = proc_first(); p; p = proc_next(p))
		n += p->state == P_READY || p->state == P_RUNNING;
	return n;
}

/* One period: load = load * e + active * (1 - e), rounded as Linux's calc_load. */
static uint32_t fold(uint32_t load, uint32_t e, uint32_t active)
{
	uint64_t v = (uint64_t)load * e + (uint64_t)active * (LOADAVG_FIXED_1 - e);

	if (active >= load)
		v += LOADAVG_FIXED_1 - 1;
	return (uint32_t)(v >> LOADAVG_FSHIFT);
}

void loadavg_tick(uint64_t now_ns)
{
	uint32_t active;
	int periods = 0;

	if (now_ns < next_ns)
		return;
	active = (uint32_t)loadavg_runnable() * LOADAVG_FIXED_1;
	while (now_ns >= next_ns && periods++ < MAX_CATCHUP) {
		for (int i = 0; i < 3; i++)
			avenrun[i] = fold(avenrun[i], decay[i], active);
		next_ns += LOADAVG_FREQ_NS;
	}
	if (now_ns >= next_ns) /* a longer gap: start counting from now */
		next_ns = now_ns + LOADAVG_FREQ_NS;
}

void loadavg_get(uint32_t avg[3])
{
	for (int i = 0; i < 3; i++)
		avg[i] = avenrun[i];
}
