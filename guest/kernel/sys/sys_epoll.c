/* epoll: epoll_create, epoll_create1, epoll_ctl and the waits
 * (epoll_wait, epoll_pwait, epoll_pwait2), with Linux's checks; the
 * instances themselves are file/epoll.c. */
#include "handlers.h"

#include "../../../shared/linux_epoll.h"
#include "../file/epoll.h"
#include "../file/file.h"
#include "../lib/errno.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "poll_wait.h"
#include "timespec.h"

#define MS 1000000ll

/* A new instance at the lowest free fd: the fd or -errno. */
static long create(bool cloexec)
{
	struct file *f;
	long rc = epoll_new(&f);

	return rc < 0 ? rc : fd_install(f, 0, cloexec);
}

/* epoll_create(size): size is only checked, as Linux. */
long sys_epoll_create(const uint64_t *arg)
{
	return (int32_t)arg[0] <= 0 ? -EINVAL : create(false);
}

/* epoll_create1(flags): EPOLL_CLOEXEC or nothing. */
long sys_epoll_create1(const uint64_t *arg)
{
	int32_t flags = (int32_t)arg[0];

	return flags & ~EPOLL_CLOEXEC ? -EINVAL : create(flags != 0);
}

/* epoll_ctl(epfd, op, fd, event): Linux's checks in Linux's order. */
long sys_epoll_ctl(const uint64_t *arg)
{
	int op = (int32_t)arg[1], fd = (int32_t)arg[2];
	struct linux_epoll_event ev;
	struct file *ep, *tf;

	if (op != EPOLL_CTL_DEL && copy_from_user(cur->mm, &ev, arg[3], sizeof(ev)))
		return -EFAULT;
	if ((ep = fd_file((int32_t)arg[0])) == 0 || (tf = fd_file(fd)) == 0)
		return -EBADF;
	if (tf->ops->poll == 0)
		return -EPERM; /* a regular file or a directory: always ready */
	if (ep == tf || !file_is_epoll(ep))
		return -EINVAL;
	return epoll_ctl_file(ep, op, tf, fd, &ev);
}

struct wait_ctx {
	struct file *ep;
	uaddr_t events;
	uint32_t max;
};

/* wait_ready's scan: collect the instance's ready events. */
static long scan_epoll(void *ctx, bool *recheck)
{
	struct wait_ctx *c = ctx;

	return epoll_collect(c->ep, c->events, c->max, recheck);
}

/* Wait on epfd until an event, the deadline or a signal (-ERESTARTNOHAND). */
static long do_wait(int epfd, uaddr_t uevents, int32_t max, uint64_t deadline)
{
	struct wait_ctx c = { 0, uevents, (uint32_t)max };
	long rc;

	if (max <= 0 || max > EPOLL_MAX_EVENTS)
		return -EINVAL;
	if (!user_range_ok(uevents, (uint64_t)max * sizeof(struct linux_epoll_event)))
		return -EFAULT;
	if ((c.ep = fd_file(epfd)) == 0)
		return -EBADF;
	if (!file_is_epoll(c.ep))
		return -EINVAL;
	file_get(c.ep); /* held while waiting, whatever the fd table does */
	rc = wait_ready(scan_epoll, &c, deadline);
	file_put(c.ep);
	return rc;
}

/* The waits' common part: arg[0..2] as epoll_wait's, the timeout in ns
 * (< 0: none), the temporary mask at umask (NULL: none). A signal ends
 * the wait with EINTR, never restarted (Linux's rule). */
static long pwait(const uint64_t *arg, int64_t ns, uaddr_t umask, uint64_t size)
{
	uint64_t deadline = deadline_of(ns), saved;
	long rc;

	if ((rc = mask_begin(umask, size, &saved)) < 0)
		return rc;
	rc = do_wait((int32_t)arg[0], arg[1], (int32_t)arg[2], deadline);
	mask_end(rc, saved);
	return rc == -ERESTARTNOHAND ? -EINTR_NORESTART : rc;
}

/* The ns of a timeout in ms (< 0: none). */
static int64_t ms_ns(uint64_t arg)
{
	int32_t ms = (int32_t)arg;

	return ms < 0 ? -1 : ms * MS;
}

/* epoll_wait(epfd, events, maxevents, timeout_ms) */
long sys_epoll_wait(const uint64_t *arg)
{
	return pwait(arg, ms_ns(arg[3]), 0, 0);
}

/* epoll_pwait(epfd, events, maxevents, timeout_ms, sigmask, sigsetsize) */
long sys_epoll_pwait(const uint64_t *arg)
{
	return pwait(arg, ms_ns(arg[3]), arg[4], arg[5]);
}

/* epoll_pwait2(epfd, events, maxevents, timespec64 (NULL: forever),
 * sigmask, sigsetsize): i386 too has only the 64-bit timespec. */
long sys_epoll_pwait2(const uint64_t *arg)
{
	int64_t ns = -1;

	if (arg[3] && (ns = get_timespec(arg[3], true)) < 0)
		return ns;
	return pwait(arg, ns, arg[4], arg[5]);
}
