/* cvlibc: clocks and sleeping. */
#include <time.h>
#include "internal.h"

/* clock_gettime(2) (265), 32-bit seconds. */
int clock_gettime(clockid_t clock, struct timespec *ts)
{
	return SYSCALL2(SYS_clock_gettime, clock, ts);
}

/* gettimeofday(2). */
int gettimeofday(struct timeval *tv, void *tz)
{
	return SYSCALL2(SYS_gettimeofday, tv, tz);
}

/* nanosleep(2). */
int nanosleep(const struct timespec *req, struct timespec *rem)
{
	return SYSCALL2(SYS_nanosleep, req, rem);
}
