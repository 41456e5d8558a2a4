/* timerfd objects: an open file holding a timer on the monotonic or the
 * real-time clock; a read waits for it to expire and takes the count of
 * expirations since the last read, as Linux's fs/timerfd.c. */
#ifndef FILE_TIMERFD_H
#define FILE_TIMERFD_H

#include <stdbool.h>
#include <stdint.h>

#include "file.h"

/* A new, disarmed timer file in *out (realtime: on CLOCK_REALTIME, else
 * the monotonic clock); flags O_NONBLOCK or 0. 0, -ENOMEM or -ENFILE. */
long timerfd_new(bool realtime, uint32_t flags, struct file **out);

/* Is f a timer file? */
bool file_is_timerfd(const struct file *f);

/* Arm f's timer to expire at value ns (absolute on its clock when abs,
 * else from now; 0 disarms) and every interval ns after (0: once); its
 * expiration count starts again. The old setting as timerfd_get gives it. */
void timerfd_set(struct file *f, uint64_t value, uint64_t interval, bool abs,
		 uint64_t *old_value, uint64_t *old_interval);

/* f's time to the next expiration (0: disarmed) and interval, in ns. */
void timerfd_get(struct file *f, uint64_t *value, uint64_t *interval);

#endif
