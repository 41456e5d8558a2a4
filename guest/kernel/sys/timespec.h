/* struct timespec and struct timeval of user programs, i386 (32-bit or
 * time64) and x86-64. */
#ifndef SYS_TIMESPEC_H
#define SYS_TIMESPEC_H

#include <stdbool.h>
#include <stdint.h>

#include "../mm/uaddr.h"

#define NS 1000000000ll

/* Store ns as a timespec with 32-bit (wide false) or 64-bit seconds. */
long put_timespec(uaddr_t ubuf, int64_t ns, bool wide);

/* Read a timespec (32- or 64-bit seconds) as ns; -EFAULT or -EINVAL. */
int64_t get_timespec(uaddr_t ubuf, bool wide);

/* A struct timeval { seconds, microseconds } as ns (saturated at
 * INT64_MAX, as Linux's ktime); -EINVAL when out of range. */
int64_t timeval_ns(const int64_t tv[2]);

#endif
