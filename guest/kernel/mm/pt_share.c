/* On-demand fork's shared page tables: sharing at fork, owning before a
 * change (see pt_share.h). */
#include "pt_share.h"

#include "../arch/layout.h"
#include "../arch/x86.h"
#include "../core/counters.h"
#include "../lib/errno.h"
#include "frame.h"
#include "vm.h"

/* Copy entries [first, end) of a shared table src into dst: every present
 * frame gains dst's reference, private writable pages become copy-on-write
 * in both (MAP_SHARED pages stay writable). */
static void copy_entries(uint64_t *dst, uint64_t *src, unsigned first, unsigned end)
{
#pragma GCC unroll 4 /* a loop step per 4 entries: the copy runs once per entry */
	for (unsigned i = first; i < end; i++) {
		uint64_t e = src[i];
		if (!(e & PTE_P))
			continue; /* dst is zeroed: absent stays absent */
		frame_get_fast(e & PTE_ADDR);
		if ((e & (PTE_W | PTE_SHARED)) == PTE_W)
			src[i] = e = (e & ~PTE_W) | PTE_COW; /* its other holders see R/O anyway */
		dst[i] = e;
	}
}

int pt_own(struct mm *mm, uint64_t *pde, uaddr_t va, unsigned first, unsigned end)
{
	uint64_t old = *pde & PTE_ADDR, copy;

	if (!pt_is_shared(*pde))
		return 0;
	if (frame_refs[frame_index_fast(old)] == 1) { /* the last holder: take it back */
		*pde |= PTE_W;
		cv_counters.pt_reclaims++;
	} else {
		if ((copy = frame_alloc_zeroed()) == 0) /* entries outside [first, end): absent */
			return -ENOMEM;
		copy_entries(P2V(copy), P2V(old), first, end);
		*pde = copy | (*pde & ~PTE_ADDR) | PTE_W;
		frame_put(old);
		cv_counters.pt_copies++;
	}
	if (read_cr3() == mm->pml4)
		invlpg(va); /* also drops the cached PDE (paging-structure caches) */
	return 0;
}
