/* Time system calls. */
#include "handlers.h"

#include "../arch/clock.h"
#include "../lib/errno.h"
#include "../mm/uaccess.h"
#include "../proc/cputime.h"
#include "../proc/proc.h"
#include "../proc/vdso.h"
#include "timespec.h"
#include "../proc/signal.h"
#include "../../../shared/linux_clock.h"

#define TIMER_ABSTIME   1
#define NO_TIME         INT64_MIN /* set_time: the zone alone */

/* The time of clock id in ns, or -EINVAL for clocks we do not have. The
 * CPU-time clocks count the user and system time of the calling thread or
 * of its process (all its threads'). */
static int64_t clock_now(uint32_t id)
{
	uint64_t user, sys;

	switch (cv_clock_of(id)) {
	case CV_CLOCK_REAL:
		return clock_realtime_ns();
	case CV_CLOCK_MONO:
		return (int64_t)clock_monotonic_ns();
	case CV_CLOCK_CPUTIME:
		if (id == LINUX_CLOCK_THREAD_CPUTIME_ID)
			cputime_get(cur, &user, &sys);
		else
			cputime_get_process(cur, &user, &sys);
		return (int64_t)(user + sys);
	case CV_CLOCK_NONE:
		break;
	}
	return -EINVAL;
}

long put_timespec(uaddr_t ubuf, int64_t ns, bool wide)
{
	if (wide) {
		int64_t ts[2] = { ns / NS, ns % NS };
		return copy_to_user(cur->mm, ubuf, ts, sizeof(ts));
	} else {
		int32_t ts[2] = { (int32_t)(ns / NS), (int32_t)(ns % NS) };
		return copy_to_user(cur->mm, ubuf, ts, sizeof(ts));
	}
}

int64_t get_timespec(uaddr_t ubuf, bool wide)
{
	int64_t sec, nsec;

	if (wide) {
		int64_t ts[2];
		if (copy_from_user(cur->mm, ts, ubuf, sizeof(ts)))
			return -EFAULT;
		sec = ts[0];
		nsec = ts[1];
	} else {
		int32_t ts[2];
		if (copy_from_user(cur->mm, ts, ubuf, sizeof(ts)))
			return -EFAULT;
		sec = ts[0];
		nsec = ts[1];
	}
	if (sec < 0 || nsec < 0 || nsec >= NS || sec > 0x7fffffffll)
		return -EINVAL;
	return sec * NS + nsec;
}

int64_t timeval_ns(const int64_t tv[2])
{
	if (tv[0] < 0 || tv[1] < 0 || tv[1] >= 1000000)
		return -EINVAL;
	if (tv[0] >= INT64_MAX / NS)
		return INT64_MAX;
	return tv[0] * NS + tv[1] * 1000;
}

long sys_time(const uint64_t *arg)
{
	int64_t t = clock_realtime_ns() / NS;
	int32_t t32 = (int32_t)t;

	if (cur_wide())
		return arg[0] && copy_to_user(cur->mm, arg[0], &t, sizeof(t)) ? -EFAULT : t;
	if (arg[0] && copy_to_user(cur->mm, arg[0], &t32, sizeof(t32)))
		return -EFAULT;
	return t32;
}

/* The time zone settimeofday last set (struct timezone: minutes west,
 * the obsolete DST kind), which gettimeofday reports. */
static int32_t sys_tz[2];

long sys_gettimeofday(const uint64_t *arg)
{
	int64_t ns = clock_realtime_ns();
	int32_t tv[2] = { (int32_t)(ns / NS), (int32_t)((ns % NS) / 1000) };
	int64_t tv64[2] = { ns / NS, (ns % NS) / 1000 }; /* x86-64's timeval */

	if (arg[0] && (cur_wide() ? copy_to_user(cur->mm, arg[0], tv64, sizeof(tv64))
				  : copy_to_user(cur->mm, arg[0], tv, sizeof(tv))))
		return -EFAULT;
	if (arg[1] && copy_to_user(cur->mm, arg[1], sys_tz, sizeof(sys_tz)))
		return -EFAULT;
	return 0;
}

/* Set the wall clock to ns (< 0: that error) and, with tz, the time zone:
 * Linux's do_sys_settimeofday64 checks (EINVAL, then EPERM without root,
 * then the zone's range). */
static long set_time(int64_t ns, const int32_t *tz)
{
	if (ns < 0 && ns != NO_TIME)
		return ns;
	if (cur->cred.euid != 0)
		return -EPERM; /* CAP_SYS_TIME */
	if (tz) {
		if (tz[0] > 15 * 60 || tz[0] < -15 * 60)
			return -EINVAL;
		sys_tz[0] = tz[0];
		sys_tz[1] = tz[1];
	}
	if (ns != NO_TIME) {
		clock_set_realtime(ns);
		vdso_clock_changed(); /* its time functions read the kernel's clock data */
	}
	return 0;
}

/* clock_settime(id, timespec): CLOCK_REALTIME only (others EINVAL). */
static long clock_settime(const uint64_t *arg, bool wide)
{
	int64_t ns;

	if (arg[0] != LINUX_CLOCK_REALTIME)
		return -EINVAL; /* no such clock, or one nobody sets (Linux checks this first) */
	if ((ns = get_timespec(arg[1], wide)) == -EFAULT)
		return -EFAULT;
	return set_time(ns, 0);
}

long sys_clock_settime(const uint64_t *arg)
{
	return clock_settime(arg, cur_wide());
}

long sys_clock_settime64(const uint64_t *arg)
{
	return clock_settime(arg, true);
}

/* settimeofday(tv, tz): either may be NULL; tv's microseconds 0..10^6. */
long sys_settimeofday(const uint64_t *arg)
{
	int64_t ns = NO_TIME, tv[2];
	int32_t tv32[2], tz[2];

	if (arg[0]) {
		if (cur_wide() ? copy_from_user(cur->mm, tv, arg[0], sizeof(tv))
			       : copy_from_user(cur->mm, tv32, arg[0], sizeof(tv32)))
			return -EFAULT;
		if (!cur_wide())
			tv[0] = tv32[0], tv[1] = tv32[1];
		if ((ns = timeval_ns(tv)) == INT64_MAX)
			ns = -EINVAL; /* past what the clock holds (Linux: KTIME_SEC_MAX) */
	}
	if (arg[1] && copy_from_user(cur->mm, tz, arg[1], sizeof(tz)))
		return -EFAULT;
	return set_time(ns, arg[1] ? tz : 0);
}

/* i386's stime(time_t *): whole seconds. */
long sys_stime(const uint64_t *arg)
{
	int32_t t;

	if (copy_from_user(cur->mm, &t, arg[0], sizeof(t)))
		return -EFAULT;
	return set_time(t < 0 ? -EINVAL : t * NS, 0);
}

long sys_clock_gettime(const uint64_t *arg)
{
	int64_t ns = clock_now(arg[0]);

	return ns < 0 ? ns : put_timespec(arg[1], ns, false);
}

long sys_clock_gettime64(const uint64_t *arg)
{
	int64_t ns = clock_now(arg[0]);

	return ns < 0 ? ns : put_timespec(arg[1], ns, true);
}

/* clock_getres: our clocks tick in nanoseconds (TSC) */
long sys_clock_getres(const uint64_t *arg)
{
	if (clock_now(arg[0]) < 0)
		return -EINVAL;
	return arg[1] ? put_timespec(arg[1], 1, false) : 0;
}

/* clock_getres with a 64-bit timespec (x86-64; i386's clock_getres_time64). */
long sys_clock_getres64(const uint64_t *arg)
{
	if (clock_now(arg[0]) < 0)
		return -EINVAL;
	return arg[1] ? put_timespec(arg[1], 1, true) : 0;
}

/* Sleep until the monotonic deadline; when a signal interrupts it, the
 * time left goes to urem (relative sleeps), and after a stop (no handler)
 * a relative sleep continues through restart_syscall while an absolute one
 * starts again (it has the same end); after a handler: EINTR. */
static long sleep_to(uint64_t deadline, bool absolute, uaddr_t urem, bool wide)
{
	uint64_t now;

	if (sleep_until_ns(deadline) == 0)
		return 0;
	if (absolute)
		return -ERESTARTNOHAND;
	now = clock_monotonic_ns();
	cur->restart.deadline = deadline;
	cur->restart.urem = urem;
	cur->restart.wide = wide;
	if (urem)
		put_timespec(urem, deadline > now ? (int64_t)(deadline - now) : 0, wide);
	return -ERESTART_RESTARTBLOCK;
}

/* Sleep for ns (relative) or until ns on clock id (absolute). The
 * CPU-time clocks cannot be slept on here (the caller's own CPU time does
 * not advance while it sleeps: EINVAL for the thread's, as Linux, and
 * ENOTSUP (EOPNOTSUPP) for the process's, which Linux's other threads could move). */
static long sleep_ns(uint32_t id, int64_t ns, bool absolute, uaddr_t urem, bool wide)
{
	int64_t now, left;

	if (id == LINUX_CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	if (id == LINUX_CLOCK_PROCESS_CPUTIME_ID)
		return -ENOTSUP;
	if ((now = clock_now(id)) < 0)
		return now;
	left = absolute ? ns - now : ns;
	if (left <= 0)
		return 0;
	return sleep_to(clock_monotonic_ns() + (uint64_t)left, absolute, urem, wide);
}

/* restart_syscall(): continue the relative sleep a stop interrupted, to
 * its old end; -EINTR when there is none. */
long sys_restart_syscall(const uint64_t *arg)
{
	uint64_t deadline = cur->restart.deadline;

	(void)arg;
	cur->restart.deadline = 0;
	if (deadline == 0)
		return -EINTR;
	return sleep_to(deadline, false, cur->restart.urem, cur->restart.wide);
}

long sys_nanosleep(const uint64_t *arg)
{
	int64_t ns = get_timespec(arg[0], false);

	return ns < 0 ? ns : sleep_ns(LINUX_CLOCK_MONOTONIC, ns, false, arg[1], false);
}

/* clock_nanosleep(id, flags, req, rem) with 32-bit timespecs */
long sys_clock_nanosleep(const uint64_t *arg)
{
	int64_t ns = get_timespec(arg[2], false);

	return ns < 0 ? ns : sleep_ns(arg[0], ns, arg[1] & TIMER_ABSTIME, arg[3], false);
}

long sys_clock_nanosleep64(const uint64_t *arg)
{
	int64_t ns = get_timespec(arg[2], true);

	return ns < 0 ? ns : sleep_ns(arg[0], ns, arg[1] & TIMER_ABSTIME, arg[3], true);
}

/* x86-64 nanosleep(req, rem): clock_nanosleep on CLOCK_MONOTONIC, relative. */
long sys_nanosleep64(const uint64_t *arg)
{
	const uint64_t a[4] = { LINUX_CLOCK_MONOTONIC, 0, arg[0], arg[1] };

	return sys_clock_nanosleep64(a);
}
