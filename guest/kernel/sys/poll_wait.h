/* Waiting for readiness: the loop poll, select and epoll_wait share
 * (sys_poll.c, sys_epoll.c), their deadlines and temporary signal masks.
 * Inline: poll's loop compiles as it did when it was poll's alone. */
#ifndef SYS_POLL_WAIT_H
#define SYS_POLL_WAIT_H

#include <stdbool.h>
#include <stdint.h>

#include "../arch/clock.h"
#include "../file/poll.h"
#include "../lib/errno.h"
#include "../mm/uaddr.h"
#include "../proc/proc.h"
#include "../proc/signal.h"

/* One scan over what the caller waits for: how many are ready (or
 * -errno); *recheck set when one can become ready unnoticed (POLL_RECHECK). */
typedef long (*scan_fn)(void *ctx, bool *recheck);

/* Scan until something is ready, the deadline passes or a signal comes
 * (-ERESTARTNOHAND), as Linux's do_poll/do_select. Nothing may run
 * between a scan and the sleep after it (no preemption point): a change
 * made in between would wake nobody. */
static inline long wait_ready(scan_fn scan, void *ctx, uint64_t deadline)
{
	bool interrupted = false;

	for (;;) {
		bool recheck = false;
		long n = scan(ctx, &recheck);

		if (n != 0 || deadline == 0 || clock_monotonic_ns() >= deadline)
			return n;
		if (interrupted)
			return -ERESTARTNOHAND; /* looked once more after the signal */
		interrupted = poll_sleep(deadline, recheck) == -EINTR;
	}
}

/* The monotonic deadline of a relative timeout in ns (< 0: none; 0:
 * already passed, without reading the clock: polling is common). */
static inline uint64_t deadline_of(int64_t ns)
{
	if (ns == 0)
		return 0;
	return ns < 0 ? POLL_FOREVER : clock_monotonic_ns() + (uint64_t)ns;
}

/* Install the temporary signal mask at umask (NULL: none) of size bytes
 * for the wait; *saved gets the mask to restore. 0, -EINVAL or -EFAULT. */
long mask_begin(uaddr_t umask, uint64_t size, uint64_t *saved);

/* After the wait: restore the mask now, or, when a signal interrupted it
 * (-ERESTARTNOHAND), once its handler has run (the handler runs under the
 * temporary mask). */
static inline void mask_end(long ret, uint64_t saved)
{
	if (ret == -ERESTARTNOHAND && !cur->restore_sigmask) {
		cur->saved_sigmask = saved;
		cur->restore_sigmask = true;
	} else if (ret != -ERESTARTNOHAND) {
		signal_mask_set(saved);
	}
}

#endif
