/* Waiting for any of several open files: one channel for all waiters, who
 * look at their files again when woken (few processes poll at once). */
#include "poll.h"

#include "../arch/clock.h"
#include "../arch/lapic.h"
#include "../proc/proc.h"

#define TICK_NS (1000000000ull / TIMER_HZ)

static char poll_chan;     /* the address waiters sleep on */
static uint32_t poll_gen; /* poll_notify() calls so far */

void poll_notify(void)
{
	poll_gen++;
	wakeup(&poll_chan);
}

uint32_t poll_generation(void)
{
	return poll_gen;
}

int poll_sleep(uint64_t deadline, bool recheck)
{
	if (recheck) {
		uint64_t tick = clock_monotonic_ns() + TICK_NS; /* the host's stdin cannot wake us */
		if (tick < deadline)
			deadline = tick;
	}
	if (deadline == POLL_FOREVER)
		return sleep_on(&poll_chan, true);
	return sleep_on_until(&poll_chan, deadline);
}
