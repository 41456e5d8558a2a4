/* The time functions as a program calls them (its libc, which asks the
 * vDSO): ROUNDS rounds in which the library's clock_gettime on the
 * monotonic and real-time clocks is bracketed by the system call itself,
 * a <= sys <= b, so the vDSO's clock is the kernel's; gettimeofday and
 * time likewise against real time. Prints the checks (the same on the
 * host) and, last, how many time system calls it made itself ("raw
 * calls: N"): under cowvisor --strace the test finds exactly those, none
 * from the library's calls. */
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 20

static int raw_calls;

/* ns of clock id by the system call itself. */
static int64_t sys_ns(clockid_t id)
{
	struct timespec ts;

	raw_calls++;
#if defined(SYS_clock_gettime64) && !defined(__x86_64__)
	struct { int64_t sec, nsec; } t64;
	if (syscall(SYS_clock_gettime64, id, &t64) != 0)
		return -1;
	return t64.sec * 1000000000LL + t64.nsec;
#else
	if (syscall(SYS_clock_gettime, id, &ts) != 0)
		return -1;
#endif
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ns of clock id through the library. */
static int64_t lib_ns(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts) != 0)
		return -1;
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Are the library's readings of id around the system call's in order? */
static int bracketed(clockid_t id)
{
	for (int i = 0; i < ROUNDS; i++) {
		int64_t a = lib_ns(id), s = sys_ns(id), b = lib_ns(id);
		if (a < 0 || s < a || b < s)
			return 0;
	}
	return 1;
}

/* Does gettimeofday (microseconds) bracket the real-time system call? */
static int timeofday_bracketed(void)
{
	for (int i = 0; i < ROUNDS; i++) {
		struct timeval a, b;
		int64_t s;
		gettimeofday(&a, NULL);
		s = sys_ns(CLOCK_REALTIME) / 1000;
		gettimeofday(&b, NULL);
		if ((int64_t)a.tv_sec * 1000000 + a.tv_usec > s || s > (int64_t)b.tv_sec * 1000000 + b.tv_usec)
			return 0;
	}
	return 1;
}

/* Does time() bracket the real-time system call's seconds? */
static int time_bracketed(void)
{
	for (int i = 0; i < ROUNDS; i++) {
		time_t a = time(NULL);
		int64_t s = sys_ns(CLOCK_REALTIME) / 1000000000LL;
		time_t b = time(NULL);
		if (a > s || s > b)
			return 0;
	}
	return 1;
}

int main(void)
{
	printf("monotonic: %s\n", bracketed(CLOCK_MONOTONIC) ? "in order" : "OUT OF ORDER");
	printf("realtime: %s\n", bracketed(CLOCK_REALTIME) ? "in order" : "OUT OF ORDER");
	printf("boottime: %s\n", bracketed(CLOCK_BOOTTIME) ? "in order" : "OUT OF ORDER");
	printf("gettimeofday: %s\n", timeofday_bracketed() ? "in order" : "OUT OF ORDER");
	printf("time: %s\n", time_bracketed() ? "in order" : "OUT OF ORDER");
	printf("raw calls: %d\n", raw_calls);
	return 0;
}
