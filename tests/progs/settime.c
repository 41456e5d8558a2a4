/* settime: setting the wall clock as Linux does: clock_settime of
 * CLOCK_REALTIME (others EINVAL), settimeofday with a time and a time zone
 * (gettimeofday reports the zone), i386's stime; root only (EPERM); the
 * monotonic clock goes on; the vDSO's time functions and other processes
 * see the new time; EINVAL and EFAULT as Linux checks. Runs only under
 * cowvisor's kernel (uname's nodename): it would set the host's clock.
 * Prints one line per case and "settime: N of N as on Linux". */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "locktest.h"

#ifndef SYS_clock_settime
#define SYS_clock_settime SYS_clock_settime32 /* musl i386's names */
#endif
#ifndef SYS_gettimeofday
#define SYS_gettimeofday SYS_gettimeofday_time32
#define SYS_settimeofday SYS_settimeofday_time32
#endif

#define Y2030 1893456000L /* 2030-01-01 00:00:00 UTC */
#define Y2031 1924992000L

/* A call's result as the errno, 0 for success. */
static int err_of(long rc)
{
	return rc < 0 ? errno : 0;
}

/* Is the wall clock now within a minute after t (time(), the vDSO's
 * clock_gettime and gettimeofday all agreeing)? */
static int near(long t)
{
	struct timespec ts;
	struct timeval tv;
	time_t now = time(NULL);

	clock_gettime(CLOCK_REALTIME, &ts);
	gettimeofday(&tv, NULL);
	return now >= t && now < t + 60 && ts.tv_sec >= t && ts.tv_sec < t + 60 && tv.tv_sec >= t && tv.tv_sec < t + 60;
}

/* Child: the clock as a user that is not root: 0 when both calls say EPERM. */
static int as_user(int unused)
{
	struct timespec ts = { Y2030, 0 };
	struct timeval tv = { Y2030, 0 };

	(void)unused;
	if (setresuid(1000, 1000, 1000))
		return 2;
	return err_of(clock_settime(CLOCK_REALTIME, &ts)) == EPERM && err_of(settimeofday(&tv, NULL)) == EPERM ? 0 : 1;
}

/* Child: does it see 2030 too? */
static int sees_2030(int unused)
{
	(void)unused;
	return near(Y2030) ? 0 : 1;
}

int main(void)
{
	struct timespec ts = { Y2030, 0 }, mono0, mono1;
	struct timeval tv = { Y2031, 0 };
	struct timezone tz = { 60, 0 }, got = { 0, 0 };
	struct utsname u;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (uname(&u) != 0 || strcmp(u.nodename, "cowvisor") != 0) {
		printf("settime: not under cowvisor's kernel: nothing done\n");
		return 0;
	}
	lt_name = "settime";
	clock_gettime(CLOCK_MONOTONIC, &mono0);
	check("clock_settime(CLOCK_REALTIME): 2030 everywhere", clock_settime(CLOCK_REALTIME, &ts) == 0 && near(Y2030));
	clock_gettime(CLOCK_MONOTONIC, &mono1);
	check("the monotonic clock goes on", mono1.tv_sec >= mono0.tv_sec && mono1.tv_sec < mono0.tv_sec + 60);
	check("a child sees it", in_child(sees_2030, 0) == 0);
	check("CLOCK_MONOTONIC, an unknown clock: EINVAL", err_of(clock_settime(CLOCK_MONOTONIC, &ts)) == EINVAL &&
	      err_of(clock_settime(99, &ts)) == EINVAL);
	ts.tv_nsec = 1000000000;
	check("tv_nsec of a second: EINVAL", err_of(clock_settime(CLOCK_REALTIME, &ts)) == EINVAL);
	ts.tv_sec = -1, ts.tv_nsec = 0;
	check("a negative time: EINVAL", err_of(clock_settime(CLOCK_REALTIME, &ts)) == EINVAL);
	check("a bad pointer: EFAULT", err_of(syscall(SYS_clock_settime, CLOCK_REALTIME, (void *)8)) == EFAULT);
	check("settimeofday: 2031", settimeofday(&tv, NULL) == 0 && near(Y2031));
	/* the zone by the system call: musl's settimeofday ignores it */
	/* (libcs' gettimeofday may zero the zone: glibc i386, musl; x86-64
	 * glibc asks the vDSO, which asks the kernel) */
	check("settimeofday of a zone alone, read back", syscall(SYS_settimeofday, NULL, &tz) == 0 &&
	      syscall(SYS_gettimeofday, NULL, &got) == 0 && got.tz_minuteswest == 60 && near(Y2031));
	tz.tz_minuteswest = 1000;
	check("a zone past 15 hours: EINVAL", err_of(syscall(SYS_settimeofday, NULL, &tz)) == EINVAL);
	tv.tv_usec = 1000000;
	check("a microsecond count of a second: EINVAL", err_of(settimeofday(&tv, NULL)) == EINVAL);
	check("not root: EPERM", in_child(as_user, 0) == 0);
#ifdef SYS_stime
	{
		long t = Y2030; /* i386's old_time_t: a long */
		check("stime: 2030", syscall(SYS_stime, &t) == 0 && near(Y2030));
	}
#endif
	printf("%s: %d of %d as on Linux\n", lt_name, good, cases);
	return good == cases ? 0 : 1;
}
