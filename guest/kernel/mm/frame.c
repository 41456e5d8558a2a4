/* The frame allocator. */
#include "frame.h"

#include "../arch/hypercall.h"
#include "../core/panic.h"
#include "../lib/string.h"
#include "../../../shared/introspect.h"
#include "../arch/layout.h"

uint32_t *frame_refs;           /* per frame of RAM, indexed by pfn */
static uint8_t *held;           /* bit per frame: one reference is a kernel
                                   object's (frame_set_held) */
static uint64_t nframes;        /* frames of RAM (from address 0) */
static uint64_t bump, limit;    /* never-used frames: [bump, limit) */
static uint64_t free_head;      /* freed frames, linked through FREE_LINK */
static bool fresh_is_zero;      /* never-used frames read as zero */
static uint64_t pin_lo, pin_hi; /* the pinned frames (frame_pin_range): [pin_lo, pin_hi) pfns */
/* Frames in all and free, where the VMM reads them (introspect.c). */
struct cv_frame_totals cv_frame_totals;
#define nfree cv_frame_totals.free

void frame_init(uint64_t ram_end, uint64_t first, uint64_t lim, bool ram_zeroed)
{
	uint64_t array_bytes, held_bytes;

	nframes = ram_end >> PAGE_SHIFT;
	cv_frame_totals.total = nframes;
	frame_refs = P2V(first);
	array_bytes = PAGE_ROUND_UP(nframes * sizeof(*frame_refs));
	held = P2V(first + array_bytes);
	held_bytes = PAGE_ROUND_UP((nframes + 7) / 8);
	bump = first + array_bytes + held_bytes;
	limit = lim;
	if (bump >= limit)
		panic("no RAM left for frames (RAM ends at 0x%lx)", ram_end);
	nfree = (limit - bump) >> PAGE_SHIFT;
	fresh_is_zero = ram_zeroed;
	if (!ram_zeroed)
		memset(frame_refs, 0, array_bytes + held_bytes);
	/* else RAM from the VMM (anonymous memory) is zero: so are the arrays */
}

/* A free frame's link to the next one: 8 bytes at byte 4, astride its
 * first two 8-byte entries. On a shadow-paging host (kvm-pvm) the frame
 * may have been a page table that KVM still shadows and write-protects;
 * KVM drops every shadow of a frame on a write that straddles entries
 * (Linux's detect_write_misaligned), so this store frees the frame of its
 * shadows before the VMM zeroes or fills it unseen (hypercalls) and a
 * program writes it natively (a write-protected page's store is emulated,
 * and kvm-pvm cannot emulate AVX stores). */
typedef uint64_t free_link_t __attribute__((aligned(1), may_alias));
#define FREE_LINK(pa) (*(free_link_t *)((char *)P2V(pa) + 4))

/* Take a frame off the free list or the bump region; 0 when none. */
static uint64_t take(int *fresh)
{
	uint64_t pa;

	if (free_head) {
		pa = free_head;
		free_head = FREE_LINK(pa);
		*fresh = 0;
	} else if (bump < limit) {
		pa = bump;
		bump += PAGE_SIZE;
		*fresh = 1;
	} else {
		return 0;
	}
	nfree--;
	frame_refs[pa >> PAGE_SHIFT] = 1;
	return pa;
}

uint64_t frame_alloc(void)
{
	int fresh;

	return take(&fresh);
}

static int paravirt;

void frame_set_paravirt(int on)
{
	paravirt = on;
}

void frame_copy(uint64_t dst_pa, uint64_t src_pa)
{
	void *d = P2V(dst_pa), *src = P2V(src_pa);
	uint64_t q = PAGE_SIZE / 8;

	if (paravirt && hypercall(CV_HC_COPY, dst_pa, src_pa, PAGE_SIZE, 0) == 0)
		return;
	__asm__ volatile("rep movsq" : "+D"(d), "+S"(src), "+c"(q) :: "memory"); /* whole frames: no checks */
}

void phys_copy(uint64_t dst_pa, uint64_t src_pa, uint64_t len)
{
	/* an exit costs about what 16 emulated byte moves do */
	if (paravirt && len >= 64 && hypercall(CV_HC_COPY, dst_pa, src_pa, len, 0) == 0)
		return;
	memcpy(P2V(dst_pa), P2V(src_pa), len);
}

uint64_t phys_strnlen(uint64_t pa, uint64_t max)
{
	const uint64_t head = 64; /* short strings: cheaper here than an exit */
	uint64_t n = strnlen(P2V(pa), max < head ? max : head);
	int64_t rest;

	if (n < head || max == head)
		return n;
	/* scanning costs ~1.5 us a byte when emulated: the VMM does it */
	if (paravirt && (rest = hypercall(CV_HC_STRNLEN, pa + head, max - head, 0, 0)) >= 0)
		return head + (uint64_t)rest;
	return head + strnlen(P2V(pa + head), max - head);
}

void frame_zero(uint64_t pa)
{
	void *d = P2V(pa);
	uint64_t q = PAGE_SIZE / 8;

	if (paravirt && hypercall(CV_HC_ZERO, pa, PAGE_SIZE, 0, 0) == 0)
		return;
	__asm__ volatile("rep stosq" : "+D"(d), "+c"(q) : "a"(0ull) : "memory"); /* a whole frame */
}

uint64_t frame_alloc_zeroed(void)
{
	int fresh;
	uint64_t pa = take(&fresh);

	if (pa && !(fresh && fresh_is_zero))
		frame_zero(pa);
	return pa;
}

/* Check that pa is a frame the allocator hands out. */
static uint32_t *count_of(uint64_t pa)
{
	uint64_t pfn = pa >> PAGE_SHIFT;

	if (pfn >= nframes || frame_refs[pfn] == 0)
		panic("frame 0x%lx is not allocated", pa);
	return &frame_refs[pfn];
}

void frame_get(uint64_t pa)
{
	(*count_of(pa))++;
}

void frame_put(uint64_t pa)
{
	uint32_t *c = count_of(pa);

	if (--*c == 0)
		frame_free_unreferenced(pa);
}

void frame_free_unreferenced(uint64_t pa)
{
	pa = PAGE_ROUND_DOWN(pa);
	FREE_LINK(pa) = free_head; /* straddles two entries: KVM drops its shadows of pa */
	free_head = pa;
	nfree++;
}

uint64_t frame_cow(uint64_t pa, bool *copied)
{
	uint32_t *c = &frame_refs[pa >> PAGE_SHIFT]; /* mapped by the faulting PTE: allocated */
	uint64_t copy;
	int fresh;

	if ((*copied = *c > 1) == false)
		return pa;
	if ((copy = take(&fresh)) == 0)
		return 0;
	--*c; /* another holder keeps it: never the last reference here */
	frame_copy(copy, pa);
	return copy;
}

uint32_t frame_refcount(uint64_t pa)
{
	uint64_t pfn = pa >> PAGE_SHIFT;

	return pfn < nframes ? frame_refs[pfn] : 0;
}

void frame_pin_range(uint64_t pa, uint64_t len)
{
	pin_lo = pa >> PAGE_SHIFT;
	pin_hi = (pa + len + PAGE_SIZE - 1) >> PAGE_SHIFT;
	for (uint64_t pfn = pa >> PAGE_SHIFT; pfn < (pa + len + PAGE_SIZE - 1) >> PAGE_SHIFT &&
	     pfn < nframes; pfn++)
		frame_refs[pfn] = 1;
}

bool frame_pinned(uint64_t pa)
{
	return pa >> PAGE_SHIFT >= pin_lo && pa >> PAGE_SHIFT < pin_hi;
}

void frame_set_held(uint64_t pa, bool on)
{
	uint64_t pfn = pa >> PAGE_SHIFT;

	count_of(pa);
	if (on)
		held[pfn / 8] |= (uint8_t)(1u << (pfn % 8));
	else
		held[pfn / 8] &= (uint8_t)~(1u << (pfn % 8));
}

uint64_t frame_held_map_pa(void)
{
	return V2P(held);
}

uint64_t frame_refcounts_pa(void)
{
	return V2P(frame_refs);
}

uint64_t frames_total(void)
{
	return nframes;
}

uint64_t frames_free(void)
{
	return nfree;
}
