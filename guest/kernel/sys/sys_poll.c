/* Waiting on descriptors: poll, ppoll, select, pselect6 (time64 forms
 * too), with Linux's timeouts, temporary signal masks and restarts. */
#include "handlers.h"

#include "../../../shared/linux_poll.h"
#include "../arch/clock.h"
#include "../file/file.h"
#include "../file/poll.h"
#include "../lib/errno.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "../proc/signal.h"
#include "poll_wait.h"
#include "timespec.h"

/* What select counts as read, write and exceptional readiness (Linux). */
#define POLLIN_SET  (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET  POLLPRI
#define POLL_CHUNK  32 /* pollfd entries copied at once */
#define US          1000ll
#define MS          1000000ll

struct pollfd32 {
	int32_t fd;
	int16_t events, revents;
};

/* Write the time left before deadline back as a timespec (wide: time64)
 * or, with tv, a timeval; Linux ignores a failing write. */
static void put_left(uaddr_t ubuf, uint64_t deadline, bool wide, bool tv)
{
	uint64_t now = clock_monotonic_ns();
	int64_t left = now < deadline ? (int64_t)(deadline - now) : 0;

	if (ubuf == 0 || deadline == POLL_FOREVER)
		return;
	if (tv && cur_wide()) { /* x86-64's timeval: two longs */
		int64_t t[2] = { left / NS, left % NS / US };
		copy_to_user(cur->mm, ubuf, t, sizeof(t));
	} else if (tv) {
		int32_t t[2] = { (int32_t)(left / NS), (int32_t)(left % NS / US) };
		copy_to_user(cur->mm, ubuf, t, sizeof(t));
	} else {
		put_timespec(ubuf, left, wide);
	}
}

/* ---- poll ---- */

struct poll_ctx {
	uaddr_t ufds;
	uint32_t nfds;
};

/* revents of one entry: its file's events it asked for, plus errors. */
static int16_t revents_of(const struct pollfd32 *p, bool *recheck)
{
	struct file *f;
	uint32_t mask;

	if (p->fd < 0)
		return 0; /* ignored, as Linux */
	if ((f = fd_file(p->fd)) == 0)
		return POLLNVAL;
	mask = file_poll(f);
	if (mask & POLL_RECHECK)
		*recheck = true;
	return (int16_t)(mask & ((uint16_t)p->events | POLLERR | POLLHUP));
}

/* Scan the pollfd array, writing every revents back (a chunk at a time). */
static long scan_poll(void *ctx, bool *recheck)
{
	struct poll_ctx *c = ctx;
	struct pollfd32 buf[POLL_CHUNK];
	long ready = 0;

	for (uint32_t i = 0; i < c->nfds; i += POLL_CHUNK) {
		uint32_t n = c->nfds - i < POLL_CHUNK ? c->nfds - i : POLL_CHUNK;
		uaddr_t at = c->ufds + i * sizeof(buf[0]);
		if (copy_from_user(cur->mm, buf, at, n * sizeof(buf[0])))
			return -EFAULT;
		for (uint32_t j = 0; j < n; j++)
			if ((buf[j].revents = revents_of(&buf[j], recheck)) != 0)
				ready++;
		if (copy_to_user(cur->mm, at, buf, n * sizeof(buf[0])))
			return -EFAULT;
	}
	return ready;
}

/* poll over ufds[nfds] until deadline: the count ready or -errno (inline:
 * inlined into both callers as before the wait loop moved to poll_wait.h). */
static inline long do_poll(uaddr_t ufds, uint32_t nfds, uint64_t deadline)
{
	struct poll_ctx c = { ufds, nfds };

	if (nfds > (uint32_t)rlimit_nofile())
		return -EINVAL;
	if (!user_range_ok(ufds, nfds * sizeof(struct pollfd32)))
		return -EFAULT;
	return wait_ready(scan_poll, &c, deadline);
}

/* poll(fds, nfds, timeout_ms): restarted in full after a signal with no
 * handler (Linux restarts with the time left). */
long sys_poll(const uint64_t *arg)
{
	int32_t ms = (int32_t)arg[2];

	return do_poll(arg[0], arg[1], deadline_of(ms < 0 ? -1 : ms * MS));
}

/* ppoll(fds, nfds, tsp, sigmask, sigsetsize) with a 32- or 64-bit timespec. */
static long ppoll_common(const uint64_t *arg, bool wide)
{
	int64_t ns = -1;
	uint64_t deadline, saved;
	long rc;

	if (arg[2] && (ns = get_timespec(arg[2], wide)) < 0)
		return ns;
	deadline = deadline_of(ns);
	if ((rc = mask_begin(arg[3], arg[4], &saved)) < 0)
		return rc;
	rc = do_poll(arg[0], arg[1], deadline);
	mask_end(rc, saved);
	if (ns > 0)
		put_left(arg[2], deadline, wide, false);
	return rc;
}

long sys_ppoll(const uint64_t *arg)
{
	return ppoll_common(arg, false);
}

long sys_ppoll_time64(const uint64_t *arg)
{
	return ppoll_common(arg, true);
}

/* ---- select ---- */

struct select_ctx {
	uint32_t nfds;
	uint64_t in[3];  /* the read, write and except sets asked for */
	uint64_t out[3]; /* the ready ones */
};

/* Scan the sets: EBADF for a closed descriptor, as Linux. */
static long scan_select(void *ctx, bool *recheck)
{
	static const uint32_t want[3] = { POLLIN_SET, POLLOUT_SET, POLLEX_SET };
	struct select_ctx *c = ctx;
	long ready = 0;

	for (uint32_t fd = 0; fd < c->nfds; fd++) {
		uint64_t bit = 1ull << fd;
		struct file *f;
		uint32_t mask;

		if (!((c->in[0] | c->in[1] | c->in[2]) & bit))
			continue;
		if ((f = fd_file((int)fd)) == 0)
			return -EBADF;
		mask = file_poll(f);
		if (mask & POLL_RECHECK)
			*recheck = true;
		for (int s = 0; s < 3; s++) {
			if ((c->in[s] & bit) && (mask & want[s])) {
				c->out[s] |= bit;
				ready++;
			}
		}
	}
	return ready;
}

/* select over the sets at u[0..2] (NULL: none) until deadline; the sets
 * are rewritten with the ready descriptors. */
static long do_select(int32_t n, const uint64_t u[3], uint64_t deadline)
{
	struct select_ctx c = { 0 };
	uint32_t bytes;
	long rc;

	if (n < 0)
		return -EINVAL;
	c.nfds = n > NOFILE ? NOFILE : (uint32_t)n; /* Linux: the fd table's size */
	bytes = cur_wide() ? (c.nfds + 63) / 64 * 8  /* fd_set: the ABI's longs */
			  : (c.nfds + 31) / 32 * 4;
	for (int s = 0; s < 3; s++)
		if (u[s] && copy_from_user(cur->mm, &c.in[s], u[s], bytes))
			return -EFAULT;
	if ((rc = wait_ready(scan_select, &c, deadline)) < 0)
		return rc; /* the sets stay as they were */
	for (int s = 0; s < 3; s++)
		if (u[s] && copy_to_user(cur->mm, u[s], &c.out[s], bytes))
			return -EFAULT;
	return rc;
}

/* Read a select timeval of the caller's ABI as ns (normalised as Linux:
 * 1500000 us is 1.5 s). */
static int64_t get_timeval(uaddr_t ubuf)
{
	int32_t tv[2];
	int64_t tv64[2];

	if (cur_wide()) {
		if (copy_from_user(cur->mm, tv64, ubuf, sizeof(tv64)))
			return -EFAULT;
	} else {
		if (copy_from_user(cur->mm, tv, ubuf, sizeof(tv)))
			return -EFAULT;
		tv64[0] = tv[0];
		tv64[1] = tv[1];
	}
	if (tv64[0] < 0 || tv64[1] < 0)
		return -EINVAL;
	return tv64[0] * NS + tv64[1] * US;
}

/* select(n, in, out, ex, timeval): the time left is written back. */
static long select_tv(const uint64_t *a)
{
	int64_t ns = -1;
	uint64_t deadline;
	long rc;

	if (a[4] && (ns = get_timeval(a[4])) < 0)
		return ns;
	deadline = deadline_of(ns);
	rc = do_select((int32_t)a[0], &a[1], deadline);
	if (ns > 0)
		put_left(a[4], deadline, false, true);
	return rc;
}

long sys_newselect(const uint64_t *arg)
{
	return select_tv(arg);
}

/* The old select (82): one pointer to the five arguments. */
long sys_old_select(const uint64_t *arg)
{
	uint32_t u[5];
	uint64_t a[5];

	if (copy_from_user(cur->mm, u, arg[0], sizeof(u)))
		return -EFAULT;
	for (int i = 0; i < 5; i++)
		a[i] = u[i]; /* zero-extended: select_tv narrows n */
	return select_tv(a);
}

/* Read pselect6's {sigmask, size} pair at u (two longs of the caller's
 * ABI) into sig; 0 or -EFAULT. */
static long get_sigpair(uaddr_t u, uint64_t sig[2])
{
	uint32_t s32[2];

	if (cur_wide())
		return copy_from_user(cur->mm, sig, u, 2 * sizeof(sig[0])) ? -EFAULT : 0;
	if (copy_from_user(cur->mm, s32, u, sizeof(s32)))
		return -EFAULT;
	sig[0] = s32[0];
	sig[1] = s32[1];
	return 0;
}

/* pselect6(n, in, out, ex, timespec, {sigmask, size}). */
static long pselect_common(const uint64_t *arg, bool wide)
{
	uint64_t sig[2] = { 0, 0 };
	int64_t ns = -1;
	uint64_t deadline, saved;
	long rc;

	if (arg[4] && (ns = get_timespec(arg[4], wide)) < 0)
		return ns;
	deadline = deadline_of(ns);
	if (arg[5] && get_sigpair(arg[5], sig) < 0)
		return -EFAULT;
	if ((rc = mask_begin(sig[0], sig[1], &saved)) < 0)
		return rc;
	rc = do_select((int32_t)arg[0], &arg[1], deadline);
	mask_end(rc, saved);
	if (ns > 0)
		put_left(arg[4], deadline, wide, false);
	return rc;
}

long sys_pselect6(const uint64_t *arg)
{
	return pselect_common(arg, false);
}

long sys_pselect6_time64(const uint64_t *arg)
{
	return pselect_common(arg, true);
}
