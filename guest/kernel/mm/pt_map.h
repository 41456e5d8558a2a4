/* The page-table map of an address space (struct mm's pt_map): bit n is
 * set when a page table maps the 2 MiB at n << 21 (below 4 GiB). Pure bit
 * operations, host-compilable (tests/unit/test_pt_map.c). */
#ifndef MM_PT_MAP_H
#define MM_PT_MAP_H

#include <stdint.h>

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
