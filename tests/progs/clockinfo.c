/* clockinfo: clock_getres and getcpu answer as on Linux: every clock a
 * program may name has a resolution between 1 ns and 1 ms (NULL allowed),
 * also through the system call itself (glibc asks the vDSO first), an
 * unknown clock is EINVAL, and getcpu names a CPU below the online
 * count (either pointer may be NULL). Prints "clockinfo: ok" or what
 * differed; the same on the host. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifdef SYS_clock_getres
#define NR_CLOCK_GETRES SYS_clock_getres
#else /* musl's i386 names the classic call by its 32-bit time */
#define NR_CLOCK_GETRES SYS_clock_getres_time32
#endif

/* One complaint; returns 1. */
static int bad(const char *what, long v)
{
	printf("clockinfo: %s (%ld)\n", what, v);
	return 1;
}

int main(void)
{
	static const clockid_t clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
					    CLOCK_THREAD_CPUTIME_ID, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME };
	unsigned cpu = 99, node = 99;
	struct timespec res;
	long raw[2]; /* the classic call's timespec: two longs of the ABI */
	int fails = 0;

	for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		if (clock_getres(clocks[i], &res) != 0)
			fails += bad("clock_getres failed for clock", clocks[i]);
		else if (res.tv_sec != 0 || res.tv_nsec < 1 || res.tv_nsec > 1000000)
			fails += bad("odd resolution, ns", res.tv_nsec);
		if (clock_getres(clocks[i], NULL) != 0)
			fails += bad("clock_getres with NULL failed for clock", clocks[i]);
	}
	if (syscall(NR_CLOCK_GETRES, CLOCK_MONOTONIC, raw) != 0 || raw[0] != 0 || raw[1] < 1)
		fails += bad("the clock_getres system call itself (no vDSO) failed", errno);
	if (clock_getres((clockid_t)12345, &res) != -1 || errno != EINVAL)
		fails += bad("clock_getres of an unknown clock: not EINVAL", errno);
	if (syscall(SYS_getcpu, &cpu, &node, NULL) != 0)
		fails += bad("getcpu failed", errno);
	else if (cpu >= (unsigned)sysconf(_SC_NPROCESSORS_ONLN) || node != 0)
		fails += bad("getcpu: cpu", cpu);
	if (syscall(SYS_getcpu, NULL, NULL, NULL) != 0)
		fails += bad("getcpu(NULL, NULL, NULL) failed", errno);
	if (sched_getcpu() < 0)
		fails += bad("sched_getcpu failed", errno);
	if (fails == 0)
		printf("clockinfo: ok\n");
	return fails != 0;
}
