/* Interval timers and CPU times: alarm, setitimer, getitimer, times,
 * getrusage. */
#include "handlers.h"

#include "../arch/clock.h"
#include "../lib/errno.h"
#include "../mm/uaccess.h"
#include "../proc/cputime.h"
#include "../proc/itimer.h"
#include "../proc/proc.h"
#include "timespec.h"

#define NS_PER_US  1000ull
#define RUSAGE_SELF      0
#define RUSAGE_CHILDREN  (-1)
#define RUSAGE_THREAD    1

/* ns as a struct timeval, rounded up to a microsecond (a timer that has
 * time left never reads as 0). */
static void ns_timeval(uint64_t ns, int64_t tv[2])
{
	uint64_t us = (ns + NS_PER_US - 1) / NS_PER_US;

	tv[0] = (int64_t)(us / 1000000);
	tv[1] = (int64_t)(us % 1000000);
}

/* The current timer which as struct itimerval { interval, value }. */
static void itimerval_of(int which, int64_t itv[4])
{
	uint64_t value, interval;

	itimer_get(which, &value, &interval);
	ns_timeval(interval, itv);
	ns_timeval(value, itv + 2);
}

/* Read the caller's struct itimerval at u (four longs: 4 bytes each on
 * i386, 8 on x86-64) into itv; nonzero on a bad address. */
static int get_itimerval(uaddr_t u, int64_t itv[4])
{
	int32_t narrow[4];

	if (cur_wide())
		return copy_from_user(cur->mm, itv, u, 4 * sizeof(int64_t));
	if (copy_from_user(cur->mm, narrow, u, sizeof(narrow)))
		return -1;
	for (int i = 0; i < 4; i++)
		itv[i] = narrow[i];
	return 0;
}

/* Write itv to the caller's struct itimerval at u; nonzero on a bad address. */
static int put_itimerval(uaddr_t u, const int64_t itv[4])
{
	int32_t narrow[4];

	if (cur_wide())
		return copy_to_user(cur->mm, u, itv, 4 * sizeof(int64_t));
	for (int i = 0; i < 4; i++)
		narrow[i] = (int32_t)itv[i]; /* i386's time_t: fits for any timer set through it */
	return copy_to_user(cur->mm, u, narrow, sizeof(narrow));
}

/* getitimer(which, struct itimerval *) */
long sys_getitimer(const uint64_t *arg)
{
	int64_t itv[4];

	if (arg[0] >= NITIMER)
		return -EINVAL;
	itimerval_of((int)arg[0], itv);
	return put_itimerval(arg[1], itv) ? -EFAULT : 0;
}

/* setitimer(which, new, old): new NULL disarms, as Linux accepts. */
long sys_setitimer(const uint64_t *arg)
{
	int64_t itv[4] = { 0 }, old[4];
	int64_t interval, value;

	if (arg[0] >= NITIMER)
		return -EINVAL;
	if (arg[1] && get_itimerval(arg[1], itv))
		return -EFAULT;
	if ((interval = timeval_ns(itv)) < 0 || (value = timeval_ns(itv + 2)) < 0)
		return -EINVAL;
	itimerval_of((int)arg[0], old);
	if (arg[2] && put_itimerval(arg[2], old))
		return -EFAULT;
	itimer_set((int)arg[0], (uint64_t)value, (uint64_t)interval);
	return 0;
}

/* alarm(seconds): ITIMER_REAL once; the seconds the old one had left,
 * rounded to the nearest (at least 1 when it had any), as Linux. */
long sys_alarm(const uint64_t *arg)
{
	uint64_t value, interval, left;

	itimer_get(ITIMER_REAL, &value, &interval);
	itimer_set(ITIMER_REAL, (uint64_t)arg[0] * NS_PER_S, 0);
	left = (value + NS_PER_S / 2) / NS_PER_S;
	return value && left == 0 ? 1 : (long)left;
}

/* times(struct tms *): user and system time of the process and of its
 * reaped children, in ticks; returns the ticks since boot. */
long sys_times(const uint64_t *arg)
{
	uint64_t user, sys, tms64[4];
	uint32_t tms[4];

	cputime_get_process(cur, &user, &sys);
	tms[0] = cputime_ticks(user);
	tms[1] = cputime_ticks(sys);
	tms[2] = cputime_ticks(proc_leader(cur)->cpu.child_user_ns); /* the process's children */
	tms[3] = cputime_ticks(proc_leader(cur)->cpu.child_sys_ns);
	for (int i = 0; i < 4; i++) /* x86-64's clock_t is a long */
		tms64[i] = tms[i];
	if (arg[0] && (cur_wide() ? copy_to_user(cur->mm, arg[0], tms64, sizeof(tms64))
				  : copy_to_user(cur->mm, arg[0], tms, sizeof(tms))))
		return -EFAULT;
	return cputime_ticks(clock_monotonic_ns());
}

/* getrusage(who, struct rusage *): RUSAGE_SELF (the process: all its
 * threads), RUSAGE_THREAD or RUSAGE_CHILDREN (the process's reaped ones);
 * the times only. */
long sys_getrusage(const uint64_t *arg)
{
	uint64_t user, sys;

	switch ((int)arg[0]) {
	case RUSAGE_SELF:
		cputime_get_process(cur, &user, &sys);
		return rusage_put(arg[1], user, sys);
	case RUSAGE_THREAD:
		cputime_get(cur, &user, &sys);
		return rusage_put(arg[1], user, sys);
	case RUSAGE_CHILDREN:
		return rusage_put(arg[1], proc_leader(cur)->cpu.child_user_ns,
				  proc_leader(cur)->cpu.child_sys_ns);
	}
	return -EINVAL;
}
