/* Interval timers (setitimer, alarm): ITIMER_REAL counts on the monotonic
 * clock (its deadline is a timed event of the scheduler, like a sleep),
 * ITIMER_VIRTUAL on the process's user time and ITIMER_PROF on its user
 * and system time (checked at timer ticks and when it leaves the CPU, so
 * their resolution is a tick, as on Linux). They send SIGALRM, SIGVTALRM
 * and SIGPROF (si_code SI_KERNEL) and reload from their interval. A fork
 * child starts with none; exec keeps them. */
#ifndef PROC_ITIMER_H
#define PROC_ITIMER_H

#include <stdint.h>

#include "proc.h"

/* The time left on the current process's timer which and its interval,
 * in ns (0: disarmed). */
void itimer_get(int which, uint64_t *value, uint64_t *interval);

/* Arm (value ns from now, reloading with interval) or disarm (value 0)
 * the current process's timer which. */
void itimer_set(int which, uint64_t value, uint64_t interval);

/* p's ITIMER_REAL deadline has come (now, monotonic ns): SIGALRM, then
 * reload or disarm. */
void itimer_fire_real(struct proc *p, uint64_t now);

/* itimer_check_cpu's work when a CPU-time timer is armed. */
void itimer_fire_cpu(struct proc *p);

/* Fire p's CPU-time timers that have run out (p is running): at every
 * switch and tick, so the usual case (none armed) is one test here. */
static inline void itimer_check_cpu(struct proc *p)
{
	const struct itimer *t = p->g->itimer;

	if (t[ITIMER_VIRTUAL].value | t[ITIMER_PROF].value | t[ITIMER_RLIMIT_CPU].value)
		itimer_fire_cpu(p);
}

#endif
