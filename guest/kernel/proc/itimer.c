/* Interval timers. */
#include "itimer.h"

#include "../arch/clock.h"
#include "cputime.h"
#include "rlimit.h"
#include "signal.h"

/* The clock timer which counts on for p, in ns: the CPU-time ones count
 * the whole process's (all its threads), as Linux. */
static uint64_t timer_clock(const struct proc *p, int which)
{
	uint64_t user, sys;

	if (which == ITIMER_REAL)
		return clock_monotonic_ns();
	cputime_get_process(p, &user, &sys);
	return which == ITIMER_VIRTUAL ? user : user + sys; /* PROF and RLIMIT_CPU: both */
}

void itimer_get(int which, uint64_t *value, uint64_t *interval)
{
	const struct itimer *t = &cur->g->itimer[which];
	uint64_t now = timer_clock(cur, which);

	*interval = t->interval;
	*value = t->value == 0 ? 0 : t->value > now ? t->value - now : 1; /* due: about to fire */
}

void itimer_set(int which, uint64_t value, uint64_t interval)
{
	struct itimer *t = &cur->g->itimer[which];

	t->interval = value ? interval : 0;
	t->value = value ? timer_clock(cur, which) + value : 0;
	if (which == ITIMER_REAL && value)
		sched_note_deadline(t->value);
}

/* Timer t of p has reached now: the next expiry after now, or 0 without
 * an interval (missed periods give one signal, as Linux's overruns). */
static void reload(struct itimer *t, uint64_t now)
{
	if (t->interval == 0) {
		t->value = 0;
		return;
	}
	t->value += t->interval * ((now - t->value) / t->interval + 1);
}

void itimer_fire_real(struct proc *p, uint64_t now)
{
	reload(&p->g->itimer[ITIMER_REAL], now);
	signal_send_info(p, SIGALRM, SI_KERNEL, 0, 0);
}

void itimer_fire_cpu(struct proc *p)
{
	static const int sigs[NITIMER] = { 0, SIGVTALRM, SIGPROF };
	struct itimer *timers = p->g->itimer; /* the group's, loaded once */
	uint64_t user, sys;

	cputime_get_process(p, &user, &sys); /* once: it may sum several threads */
	for (int which = ITIMER_VIRTUAL; which < NTIMERS; which++) {
		struct itimer *t = &timers[which];
		uint64_t now = which == ITIMER_VIRTUAL ? user : user + sys; /* PROF and RLIMIT_CPU: both */
		if (t->value == 0 || now < t->value)
			continue;
		if (which == ITIMER_RLIMIT_CPU) {
			rlimit_cpu_reached(p, now);
			continue;
		}
		reload(t, now);
		signal_send_info(p, sigs[which], SI_KERNEL, 0, 0);
	}
}
