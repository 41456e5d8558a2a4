/* On-demand fork: last-level page tables shared between address spaces.
 * A shared page table (512 PTEs) is held by several PDEs, one per address
 * space, each with its write bit clear (Linux 0.11's copy-on-write rule,
 * one level up): the CPU sees all 512 pages read-only, while the PTEs and
 * the data frames' reference counts stay as they were. The table's frame
 * reference count is the number of PDEs holding it. Whoever must change
 * such a table first makes it its own (pt_own). */
#ifndef MM_PT_SHARE_H
#define MM_PT_SHARE_H

#include <stdbool.h>
#include <stdint.h>

#include "../../../shared/pte.h"
#include "frame.h"
#include "uaddr.h"

struct mm;

/* Is the present PDE e one of a shared (read-only) page table? */
static inline bool pt_is_shared(uint64_t e)
{
	return (e & (PTE_P | PTE_W)) == PTE_P;
}

/* Share the page table under the parent's PDE *ppde with the child's
 * empty PDE *cpde: both become read-only, the table gains a reference.
 * Inline: fork does this once per table (the caller counts them in
 * cv_counters.pt_shares). */
static inline void pt_share(uint64_t *ppde, uint64_t *cpde)
{
	uint64_t e = *ppde & ~PTE_W; /* the parent's 512 pages become read-only here */

	*ppde = *cpde = e;
	frame_refs[e >> CV_PAGE_SHIFT]++; /* a table's PDE has no bit above its address */
}

/* Make the page table under mm's PDE *pde (which maps va) mm's own before
 * a change: the last holder takes it back (write bit restored); another
 * gets a copy, whose present frames gain a reference and whose private
 * writable pages become copy-on-write in both tables. Entries outside
 * [first, end) (indices) must be absent: they are not looked at. Nothing
 * to do for an absent or owned table. 0, or -ENOMEM (it stays shared). */
int pt_own(struct mm *mm, uint64_t *pde, uaddr_t va, unsigned first, unsigned end);

#endif
