/* Futex wait queues: one waiter record per thread slot. */
#include "futex.h"

#include "../arch/clock.h"
#include "../lib/errno.h"
#include "../mm/vm.h"
#include "proc.h"

/* A thread sleeping in FUTEX_WAIT (at most one wait per thread). */
struct waiter {
	struct futex_key key;
	uint32_t bitset;
	bool waiting, woken;
	uint64_t seq;        /* when it began: wakes go first-come first-served */
};

static struct waiter waiters[NPROC]; /* by thread slot */
static uint64_t wait_seq;

long futex_key_of(struct mm *mm, uaddr_t uaddr, bool private, struct futex_key *k)
{
	const struct vma *v;
	int64_t pa;

	if (uaddr & 3)
		return -EINVAL;
	if ((v = vm_find(mm, uaddr)) == 0)
		return -EFAULT;
	if (private || !v->shared) {
		*k = (struct futex_key){ mm, uaddr };
		return 0;
	}
	if ((pa = vm_resolve(mm, uaddr, false)) < 0) /* brings the page in */
		return -EFAULT;
	*k = (struct futex_key){ 0, (uint64_t)pa };
	return 0;
}

/* Sleep on w until woken, the deadline or a signal (futex_sleep_on's results). */
static long sleep_waiter(struct waiter *w, bool timed, uint64_t deadline)
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

long futex_sleep_on(const struct futex_key *key, uint32_t bitset, bool timed, uint64_t deadline)
{
	struct waiter *w = &waiters[proc_index(cur)];
	long rc;

	*w = (struct waiter){ *key, bitset, true, false, ++wait_seq };
	rc = sleep_waiter(w, timed, deadline);
	w->waiting = false;
	return rc;
}

/* The earliest waiter on key whose bitset meets bitset, not yet woken; NULL. */
static struct waiter *first_waiter(const struct futex_key *key, uint32_t bitset)
{
	struct waiter *best = 0;

	for (int i = 0; i < proc_slots(); i++) {
		struct waiter *w = &waiters[i];
		if (w->waiting && !w->woken && w->key.mm == key->mm && w->key.addr == key->addr &&
		    (w->bitset & bitset) && (best == 0 || w->seq < best->seq))
			best = w;
	}
	return best;
}

long futex_wake_key(const struct futex_key *key, int n, uint32_t bitset)
{
	struct waiter *w;
	long woken = 0;

	while ((w = first_waiter(key, bitset)) != 0) {
		w->woken = true;
		wakeup(w);
		if (++woken >= n)
			break;
	}
	return woken;
}
