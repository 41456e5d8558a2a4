/* timerfd_create, timerfd_settime, timerfd_gettime (file/timerfd.c). */
#include "handlers.h"

#include "../../../shared/linux_clock.h"
#include "../../../shared/linux_fcntl.h"
#include "../file/timerfd.h"
#include "../lib/errno.h"
#include "../proc/proc.h"
#include "timespec.h"

#define TFD_TIMER_ABSTIME        1u
#define TFD_TIMER_CANCEL_ON_SET  2u
#define LINUX_CLOCK_BOOTTIME_ALARM 9

/* timerfd_create(clockid, flags): TFD_CLOEXEC, TFD_NONBLOCK; the real-time,
 * monotonic and boot-time clocks (and their alarm forms, root only). */
long sys_timerfd_create(const uint64_t *arg)
{
	uint32_t id = (uint32_t)arg[0], flags = (uint32_t)arg[1];
	struct file *f;
	long rc;

	if (flags & ~(uint32_t)(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	if (id != LINUX_CLOCK_REALTIME && id != LINUX_CLOCK_MONOTONIC && id != LINUX_CLOCK_BOOTTIME &&
	    id != LINUX_CLOCK_REALTIME_ALARM && id != LINUX_CLOCK_BOOTTIME_ALARM)
		return -EINVAL;
	if ((id == LINUX_CLOCK_REALTIME_ALARM || id == LINUX_CLOCK_BOOTTIME_ALARM) && cur->cred.euid != 0)
		return -EPERM; /* CAP_WAKE_ALARM */
	if ((rc = timerfd_new(id == LINUX_CLOCK_REALTIME || id == LINUX_CLOCK_REALTIME_ALARM,
			      flags & O_NONBLOCK, &f)))
		return rc;
	return fd_install(f, 0, flags & O_CLOEXEC);
}

/* The timer file open at fd: 0, -EBADF, or -EINVAL for another file. */
static long timer_file(int fd, struct file **f)
{
	if ((*f = fd_file(fd)) == 0)
		return -EBADF;
	return file_is_timerfd(*f) ? 0 : -EINVAL;
}

/* Store an itimerspec (interval, then value) of width wide at u. */
static long put_itimerspec(uaddr_t u, uint64_t value, uint64_t interval, bool wide)
{
	return put_timespec(u, (int64_t)interval, wide) ?: put_timespec(u + (wide ? 16 : 8), (int64_t)value, wide);
}

/* timerfd_settime(fd, flags, new, old) with wide (64-bit) or 32-bit
 * timespecs, Linux's checks in Linux's order. */
static long settime(const uint64_t *arg, bool wide)
{
	uint32_t flags = (uint32_t)arg[1];
	int64_t interval = get_timespec(arg[2], wide), value = get_timespec(arg[2] + (wide ? 16 : 8), wide);
	uint64_t old_value, old_interval;
	struct file *f;
	long rc;

	if (interval == -EFAULT || value == -EFAULT)
		return -EFAULT;
	if ((flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) || interval < 0 || value < 0)
		return -EINVAL;
	if ((rc = timer_file((int)arg[0], &f)))
		return rc;
	timerfd_set(f, (uint64_t)value, (uint64_t)interval, flags & TFD_TIMER_ABSTIME, &old_value, &old_interval);
	return arg[3] ? put_itimerspec(arg[3], old_value, old_interval, wide) : 0;
}

/* timerfd_gettime(fd, cur): the time left and the interval. */
static long gettime(const uint64_t *arg, bool wide)
{
	uint64_t value, interval;
	struct file *f;
	long rc;

	if ((rc = timer_file((int)arg[0], &f)))
		return rc;
	timerfd_get(f, &value, &interval);
	return put_itimerspec(arg[1], value, interval, wide);
}

long sys_timerfd_settime(const uint64_t *arg)
{
	return settime(arg, cur_wide());
}

long sys_timerfd_settime64(const uint64_t *arg)
{
	return settime(arg, true);
}

long sys_timerfd_gettime(const uint64_t *arg)
{
	return gettime(arg, cur_wide());
}

long sys_timerfd_gettime64(const uint64_t *arg)
{
	return gettime(arg, true);
}
