/* The sorted VMA array in a window of kernel virtual memory. */
#include "vma_array.h"

#include "../arch/layout.h"
#include "../core/limits.h"
#include "../lib/errno.h"
#include "../lib/string.h"
#include "frame.h"
#include "kpt.h"

#define WIN_SIZE  (KPT_WINDOWS_SIZE / NPROC)
#define MIB2      (2u << 20)
#define ENTRY     ((uint32_t)sizeof(struct vma))

_Static_assert(VMA_COUNT_MAX * sizeof(struct vma) + PAGE_SIZE <= WIN_SIZE / 2,
	       "a window holds the limit on either side of its middle");

/* Window offset of entry 0 and of the end of the entries. */
static uint32_t off_lo(const struct vma_array *a)
{
	return (uint32_t)((uint64_t)(uintptr_t)a->v - a->base);
}

static uint32_t off_hi(const struct vma_array *a)
{
	return off_lo(a) + (uint32_t)a->n * ENTRY;
}

/* An empty array starts in the middle of its window. */
static void recentre(struct vma_array *a)
{
	a->v = (struct vma *)(uintptr_t)(a->base + WIN_SIZE / 2);
}

void vmarr_init(struct vma_array *a, int slot)
{
	a->base = KPT_WINDOWS_BASE + (uint64_t)slot * WIN_SIZE;
	a->n = 0;
	a->hint = 0;
	a->map_lo = a->map_hi = 0;
	recentre(a);
}

/* Map one more page at window offset off (just outside the mapped range). */
static int map_page(struct vma_array *a, uint32_t off)
{
	uint64_t pa = frame_alloc();

	if (pa == 0)
		return -ENOMEM;
	if (kpt_map(a->base + off, pa)) {
		frame_put(pa);
		return -ENOMEM;
	}
	return 0;
}

/* Unmap the page at window offset off; its page table goes when the
 * mapped range [map_lo, map_hi) no longer reaches its 2 MiB. */
static void unmap_page(struct vma_array *a, uint32_t off)
{
	uint32_t region = off & ~(MIB2 - 1);

	frame_put(kpt_unmap(a->base + off));
	if (a->map_lo >= a->map_hi || a->map_hi <= region || a->map_lo >= region + MIB2)
		kpt_free_table(a->base + region);
}

/* Make the pages of window offsets [lo, hi) mapped (the mapped range stays
 * one run); 0 or -ENOMEM. */
static int ensure(struct vma_array *a, uint32_t lo, uint32_t hi)
{
	lo = (uint32_t)PAGE_ROUND_DOWN(lo);
	hi = (uint32_t)PAGE_ROUND_UP(hi);
	if (a->map_lo == a->map_hi)
		a->map_lo = a->map_hi = lo;
	while (a->map_lo > lo) {
		if (map_page(a, a->map_lo - PAGE_SIZE))
			return -ENOMEM;
		a->map_lo -= PAGE_SIZE;
	}
	while (a->map_hi < hi) {
		if (map_page(a, a->map_hi))
			return -ENOMEM;
		a->map_hi += PAGE_SIZE;
	}
	return 0;
}

/* Give back the mapped pages the entries no longer use. */
static void trim(struct vma_array *a)
{
	uint32_t lo = (uint32_t)PAGE_ROUND_DOWN(off_lo(a)), hi = (uint32_t)PAGE_ROUND_UP(off_hi(a));

	if (a->n == 0)
		lo = hi = a->map_hi;
	while (a->map_lo < lo && a->map_lo < a->map_hi) {
		a->map_lo += PAGE_SIZE;
		unmap_page(a, a->map_lo - PAGE_SIZE);
	}
	while (a->map_hi > hi && a->map_hi > a->map_lo) {
		a->map_hi -= PAGE_SIZE;
		unmap_page(a, a->map_hi);
	}
	if (a->n == 0) {
		a->map_lo = a->map_hi = 0;
		recentre(a);
	}
}

struct vma *vmarr_insert(struct vma_array *a, int i)
{
	uint32_t lo = off_lo(a), hi = off_hi(a);
	bool front_ok = lo >= ENTRY, back_ok = hi + ENTRY <= WIN_SIZE;

	if (a->n >= VMA_COUNT_MAX)
		return 0;
	if (front_ok && (i < a->n - i || !back_ok)) { /* move the entries before i down */
		if (ensure(a, lo - ENTRY, hi))
			return 0;
		memmove(a->v - 1, a->v, (size_t)i * ENTRY);
		a->v--;
	} else {
		if (ensure(a, lo, hi + ENTRY))
			return 0;
		memmove(a->v + i + 1, a->v + i, (size_t)(a->n - i) * ENTRY);
	}
	a->n++;
	memset(&a->v[i], 0, ENTRY);
	return &a->v[i];
}

void vmarr_delete(struct vma_array *a, int i, int k)
{
	if (k <= 0)
		return;
	if (i < a->n - (i + k)) { /* move the entries before i up */
		memmove(a->v + k, a->v, (size_t)i * ENTRY);
		a->v += k;
	} else {
		memmove(a->v + i, a->v + i + k, (size_t)(a->n - i - k) * ENTRY);
	}
	a->n -= k;
	trim(a);
}

int vmarr_copy(struct vma_array *dst, const struct vma_array *src)
{
	uint32_t lo = off_lo(src), hi = off_hi(src);

	if (src->n == 0)
		return 0;
	if (ensure(dst, lo, hi)) {
		vmarr_clear(dst);
		return -ENOMEM;
	}
	dst->v = (struct vma *)(uintptr_t)(dst->base + lo);
	memcpy(dst->v, src->v, (size_t)src->n * ENTRY);
	dst->n = src->n;
	return 0;
}

void vmarr_clear(struct vma_array *a)
{
	a->n = 0;
	trim(a);
}

int vmarr_first_end_above(struct vma_array *a, uaddr_t va)
{
	int lo = 0, hi = a->n, h = a->hint;

	if (h < a->n && a->v[h].end > va && (h == 0 || a->v[h - 1].end <= va))
		return h; /* the last answer again: lookups come in runs */

	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (a->v[mid].end > va)
			hi = mid;
		else
			lo = mid + 1;
	}
	a->hint = lo < a->n ? lo : 0;
	return lo;
}
