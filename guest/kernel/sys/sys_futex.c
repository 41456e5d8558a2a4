/* futex(2) for single-threaded processes that share memory: FUTEX_WAIT,
 * FUTEX_WAKE, FUTEX_WAIT_BITSET and FUTEX_WAKE_BITSET, each with its
 * _PRIVATE form. A word's key is its physical address when it lies in a
 * shared mapping (the same in every process mapping it) and its address
 * space and address otherwise (or with FUTEX_PRIVATE_FLAG), as Linux keys
 * them. Other operations are ENOSYS, as Linux answers one it lacks. */
#include "handlers.h"

#include <stdbool.h>

#include "../../../shared/linux_futex.h"
#include "../arch/clock.h"
#include "../lib/errno.h"
#include "../mm/uaccess.h"
#include "../mm/vm.h"
#include "../proc/proc.h"
#include "timespec.h"

/* What identifies a futex word. */
struct futex_key {
	const struct mm *mm; /* NULL: addr is physical (a shared mapping) */
	uint64_t addr;
};

/* A process sleeping in FUTEX_WAIT (one per process: single-threaded). */
struct waiter {
	struct futex_key key;
	uint32_t bitset;
	bool waiting, woken;
	uint64_t seq;        /* when it began: wakes go first-come first-served */
};

static struct waiter waiters[NPROC]; /* by process slot */
static uint64_t wait_seq;

/* The key of the word at uaddr: 0, -EINVAL (misaligned) or -EFAULT. */
static long futex_key(uaddr_t uaddr, bool private, struct futex_key *k)
{
	const struct vma *v;
	int64_t pa;

	if (uaddr & 3)
		return -EINVAL;
	if ((v = vm_find(cur->mm, uaddr)) == 0)
		return -EFAULT;
	if (private || !v->shared) {
		*k = (struct futex_key){ cur->mm, uaddr };
		return 0;
	}
	if ((pa = vm_resolve(cur->mm, uaddr, false)) < 0) /* brings the page in */
		return -EFAULT;
	*k = (struct futex_key){ 0, (uint64_t)pa };
	return 0;
}

/* Sleep on w until woken (0), past the monotonic deadline when timed
 * (-ETIMEDOUT), or a signal: -EINTR (restarted as Linux's ERESTARTSYS)
 * untimed, -ERESTARTNOHAND timed (a handler makes it EINTR). */
static long futex_sleep(struct waiter *w, bool timed, uint64_t deadline)
{
	int rc = 0;

	while (!w->woken && rc == 0) {
		if (timed && clock_monotonic_ns() >= deadline)
			return -ETIMEDOUT;
		rc = timed ? sleep_on_until(w, deadline) : sleep_on(w, true);
	}
	if (w->woken)
		return 0; /* woken counts even with a signal pending, as Linux */
	return timed ? -ERESTARTNOHAND : -EINTR;
}

/* FUTEX_WAIT(_BITSET): sleep while the word at uaddr holds val. */
static long futex_wait(uaddr_t uaddr, uint32_t val, uint32_t bitset, bool private, bool timed,
		       uint64_t deadline)
{
	struct waiter *w = &waiters[proc_index(cur)];
	struct futex_key key;
	uint32_t now;
	long rc;

	if ((rc = futex_key(uaddr, private, &key)) != 0)
		return rc;
	if (copy_from_user(cur->mm, &now, uaddr, sizeof(now)))
		return -EFAULT;
	if (now != val)
		return -EAGAIN; /* the kernel is not preempted: no wake can slip in between */
	*w = (struct waiter){ key, bitset, true, false, ++wait_seq };
	rc = futex_sleep(w, timed, deadline);
	w->waiting = false;
	return rc;
}

/* The earliest waiter on key whose bitset meets bitset, not yet woken; NULL. */
static struct waiter *first_waiter(const struct futex_key *key, uint32_t bitset)
{
	struct waiter *best = 0;

	for (int i = 0; i < NPROC; i++) {
		struct waiter *w = &waiters[i];
		if (w->waiting && !w->woken && w->key.mm == key->mm && w->key.addr == key->addr &&
		    (w->bitset & bitset) && (best == 0 || w->seq < best->seq))
			best = w;
	}
	return best;
}

/* FUTEX_WAKE(_BITSET): wake up to n waiters on the word (at least one when
 * n <= 0, as Linux counts); how many were woken. */
static long futex_wake(uaddr_t uaddr, int n, uint32_t bitset, bool private)
{
	struct futex_key key;
	struct waiter *w;
	long rc, woken = 0;

	if ((rc = futex_key(uaddr, private, &key)) != 0)
		return rc;
	while ((w = first_waiter(&key, bitset)) != 0) {
		w->woken = true;
		wakeup(w);
		if (++woken >= n)
			break;
	}
	return woken;
}

/* The monotonic deadline of a wait's timeout at utime (0: none): relative
 * for FUTEX_WAIT, absolute on CLOCK_MONOTONIC or CLOCK_REALTIME for
 * FUTEX_WAIT_BITSET. 0 or -EFAULT / -EINVAL. */
static long wait_deadline(uaddr_t utime, bool wide, bool absolute, bool realtime, uint64_t *deadline)
{
	int64_t ns = get_timespec(utime, wide), now = (int64_t)clock_monotonic_ns();

	if (ns < 0)
		return ns;
	if (absolute && realtime)
		ns -= clock_realtime_ns() - now; /* the same instant on the monotonic clock */
	else if (!absolute)
		ns += now;
	*deadline = ns > 0 ? (uint64_t)ns : 0;
	return 0;
}

/* futex(uaddr, op, val, timeout, uaddr2, val3), timespecs with 32-bit or
 * 64-bit (wide) seconds. */
static long do_futex(const uint64_t *arg, bool wide)
{
	uaddr_t uaddr = arg[0], utime = arg[3];
	int op = (int)arg[1], cmd = op & FUTEX_CMD_MASK;
	bool private = op & FUTEX_PRIVATE_FLAG, realtime = op & FUTEX_CLOCK_REALTIME;
	uint32_t val = (uint32_t)arg[2], bitset = (uint32_t)arg[5];
	uint64_t deadline = 0;
	long rc;

	if (realtime && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		bitset = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAIT_BITSET:
		if (bitset == 0)
			return -EINVAL;
		if (utime && (rc = wait_deadline(utime, wide, cmd == FUTEX_WAIT_BITSET, realtime,
						 &deadline)) != 0)
			return rc;
		return futex_wait(uaddr, val, bitset, private, utime != 0, deadline);
	case FUTEX_WAKE:
		bitset = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAKE_BITSET:
		if (bitset == 0)
			return -EINVAL;
		return futex_wake(uaddr, (int)val, bitset, private);
	default:
		return -ENOSYS;
	}
}

/* i386 futex (240): a 32-bit timespec. */
long sys_futex(const uint64_t *arg)
{
	return do_futex(arg, false);
}

/* futex_time64 (i386 422) and x86-64 futex (202): a 64-bit timespec. */
long sys_futex64(const uint64_t *arg)
{
	return do_futex(arg, true);
}
