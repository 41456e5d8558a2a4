/* futex(2) for threads and for processes that share memory: FUTEX_WAIT,
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
#include "../proc/futex.h"
#include "../proc/proc.h"
#include "timespec.h"

/* FUTEX_WAIT(_BITSET): sleep while the word at uaddr holds val. */
static long futex_wait(uaddr_t uaddr, uint32_t val, uint32_t bitset, bool private, bool timed,
		       uint64_t deadline)
{
	struct futex_key key;
	uint32_t now;
	long rc;

	if ((rc = futex_key_of(cur->mm, uaddr, private, &key)) != 0)
		return rc;
	if (copy_from_user(cur->mm, &now, uaddr, sizeof(now)))
		return -EFAULT;
	if (now != val)
		return -EAGAIN; /* the kernel is not preempted: no wake can slip in between */
	return futex_sleep_on(&key, bitset, timed, deadline);
}

/* FUTEX_WAKE(_BITSET): wake up to n waiters on the word (at least one when
 * n <= 0, as Linux counts); how many were woken. */
static long futex_wake(uaddr_t uaddr, int n, uint32_t bitset, bool private)
{
	struct futex_key key;
	long rc;

	if ((rc = futex_key_of(cur->mm, uaddr, private, &key)) != 0)
		return rc;
	return futex_wake_key(&key, n, bitset);
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
