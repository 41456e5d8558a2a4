/* Futex wait queues: threads and processes sleeping on a word until
 * another wakes them (futex(2) in sys/sys_futex.c, and a thread's exit
 * with clear_child_tid, which wakes its joiner). */
#ifndef PROC_FUTEX_H
#define PROC_FUTEX_H

#include <stdbool.h>
#include <stdint.h>

#include "../mm/uaddr.h"

struct mm;

/* What identifies a futex word. */
struct futex_key {
	const struct mm *mm; /* NULL: addr is physical (a shared mapping) */
	uint64_t addr;
};

/* The key of the word at uaddr in mm, as Linux keys them: its physical
 * address in a shared mapping (unless private), else mm and address.
 * 0, -EINVAL (misaligned) or -EFAULT. */
long futex_key_of(struct mm *mm, uaddr_t uaddr, bool private, struct futex_key *k);

/* Sleep on key (the caller checked the word) until woken (0), past the
 * monotonic deadline when timed (-ETIMEDOUT), or a signal: -EINTR
 * untimed, -ERESTARTNOHAND timed. */
long futex_sleep_on(const struct futex_key *key, uint32_t bitset, bool timed, uint64_t deadline);

/* Wake up to n sleepers on key whose bitset meets bitset (at least one
 * when n <= 0, as Linux counts), first come first served; how many. */
long futex_wake_key(const struct futex_key *key, int n, uint32_t bitset);

#endif
