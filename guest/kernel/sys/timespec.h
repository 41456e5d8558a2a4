/* struct timespec of i386 programs, in 32-bit or 64-bit (time64) form. */
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

#endif
