/* The page-table maps of an address space: which page tables it has, so
 * that exit frees them without walking the directories. Below 4 GiB
 * (struct mm's pt_map) bit n is set when a page table maps the 2 MiB at
 * n << 21; above it (struct pt_high) the page directories are listed by
 * GiB, each with a 512-bit map of its tables. Pure operations,
 * host-compilable (tests/unit/test_pt_map.c). */
#ifndef MM_PT_MAP_H
#define MM_PT_MAP_H

#include <stdbool.h>
#include <stdint.h>

#define PT_HIGH_DIRS 8 /* page directories above 4 GiB a pt_high lists */

/* The page directories of an address space above 4 GiB: pd[0..n) by GiB
 * number (address >> 30), each with its tables' map (bit n: the 2 MiB at
 * n << 21 within the GiB). full: one more was needed than PT_HIGH_DIRS;
 * then the list is no longer complete (exit walks the directories). */
struct pt_high {
	unsigned n;
	bool full;
	struct pt_high_dir {
		uint64_t gib;
		uint64_t map[512 / 64];
	} pd[PT_HIGH_DIRS];
};

/* The map of h's directory for GiB gib; with add, a new empty entry when
 * there is none (NULL, and h->full set, when the list is full). NULL when
 * absent and not added. */
static inline uint64_t *pt_high_map(struct pt_high *h, uint64_t gib, bool add)
{
	for (unsigned i = 0; i < h->n; i++)
		if (h->pd[i].gib == gib)
			return h->pd[i].map;
	if (!add)
		return 0;
	if (h->n == PT_HIGH_DIRS) {
		h->full = true;
		return 0;
	}
	h->pd[h->n].gib = gib;
	for (unsigned w = 0; w < 512 / 64; w++)
		h->pd[h->n].map[w] = 0;
	return h->pd[h->n++].map;
}

/* Set slot's bit. */
static inline void pt_map_set(uint64_t *map, unsigned slot)
{
	map[slot / 64] |= 1ull << (slot % 64);
}

/* dst's bits [from, to) |= src's (from < to): a word at a time. */
static inline void pt_map_or_range(uint64_t *dst, const uint64_t *src, unsigned from, unsigned to)
{
	for (unsigned w = from / 64; w * 64 < to; w++) {
		uint64_t mask = ~0ull;
		if (w == from / 64)
			mask &= ~0ull << (from % 64);
		if ((w + 1) * 64 > to)
			mask &= ~0ull >> (64 - to % 64);
		dst[w] |= src[w] & mask;
	}
}

#endif
