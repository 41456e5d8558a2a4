/* Linux's clock ids (clock_gettime and the others), and what each one
 * counts here: the kernel's clock calls and the vDSO's time functions
 * both classify ids by cv_clock_of. */
#ifndef SHARED_LINUX_CLOCK_H
#define SHARED_LINUX_CLOCK_H

#include <stdint.h>

#define LINUX_CLOCK_REALTIME           0
#define LINUX_CLOCK_MONOTONIC          1
#define LINUX_CLOCK_PROCESS_CPUTIME_ID 2
#define LINUX_CLOCK_THREAD_CPUTIME_ID  3
#define LINUX_CLOCK_MONOTONIC_RAW      4
#define LINUX_CLOCK_REALTIME_COARSE    5
#define LINUX_CLOCK_MONOTONIC_COARSE   6
#define LINUX_CLOCK_BOOTTIME           7
#define LINUX_CLOCK_REALTIME_ALARM     8

/* The time base a clock id reads. */
enum cv_clock_base {
	CV_CLOCK_NONE,     /* not a clock we have: EINVAL */
	CV_CLOCK_REAL,     /* the wall clock: real time at boot + monotonic */
	CV_CLOCK_MONO,     /* the TSC since boot (never suspended: BOOTTIME is the same) */
	CV_CLOCK_CPUTIME,  /* CPU time: the process's, or the calling thread's (THREAD_CPUTIME_ID) */
};

/* What clock id counts. */
static inline enum cv_clock_base cv_clock_of(uint32_t id)
{
	switch (id) {
	case LINUX_CLOCK_REALTIME: case LINUX_CLOCK_REALTIME_COARSE: case LINUX_CLOCK_REALTIME_ALARM:
		return CV_CLOCK_REAL;
	case LINUX_CLOCK_MONOTONIC: case LINUX_CLOCK_MONOTONIC_RAW: case LINUX_CLOCK_MONOTONIC_COARSE:
	case LINUX_CLOCK_BOOTTIME:
		return CV_CLOCK_MONO;
	case LINUX_CLOCK_PROCESS_CPUTIME_ID: case LINUX_CLOCK_THREAD_CPUTIME_ID:
		return CV_CLOCK_CPUTIME;
	}
	return CV_CLOCK_NONE;
}

#endif
