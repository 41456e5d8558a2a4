/* Physical frames: allocation with a reference count per frame.
 * Nothing is O(RAM) at boot: never-used frames come from a bump pointer
 * (known to be zero only where the VMM guarantees zeroed RAM: see
 * frame_init), freed frames go on a list. */
#ifndef MM_FRAME_H
#define MM_FRAME_H

#include <stdbool.h>
#include <stdint.h>

#include "../../../shared/introspect.h"
#include "../../../shared/layout.h"

/* The allocator's totals, which the VMM reads (its heap field is kept by
 * kheap.c). */
extern struct cv_frame_totals cv_frame_totals;

/* Manage frames in [first, limit) (physical, page aligned); frames below
 * first are the kernel's own. The refcount array and the held bitmap
 * are carved from first.
 * ram_zeroed: the VMM guarantees untouched RAM reads as zero (cowvisor
 * does; after a firmware like SeaBIOS nobody does, and then the array and
 * every frame handed out zeroed are cleared by the kernel). */
void frame_init(uint64_t ram_end, uint64_t first, uint64_t limit, bool ram_zeroed);

/* A frame with reference count 1, contents undefined; 0 when none is left. */
uint64_t frame_alloc(void);

/* A zero-filled frame with reference count 1; 0 when none is left. */
uint64_t frame_alloc_zeroed(void);

/* Add a reference to an allocated frame. */
void frame_get(uint64_t pa);

/* Drop a reference; the frame is freed when the count reaches 0. */
void frame_put(uint64_t pa);

/* The reference count of the frame holding pa. */
uint32_t frame_refcount(uint64_t pa);

/* The reference counts by frame number (frame.c's array), for the
 * page-table loops that take and drop many references inline: the _fast
 * calls below skip frame_get's and frame_put's check that pa is allocated
 * (their callers hold a reference already, through an entry they read). */
extern uint32_t *frame_refs;

/* Free the frame pa whose last reference was just dropped. */
void frame_free_unreferenced(uint64_t pa);

/* The frame number of pa, from its low 32 bits: guest RAM ends below
 * 4 GiB, so a PTE's bits above 31 (NX among them) need no masking. */
_Static_assert(CV_MEM_MAX <= (1ull << 32), "frame numbers from 32-bit addresses");
static inline uint32_t frame_index_fast(uint64_t pa)
{
	return (uint32_t)pa >> CV_PAGE_SHIFT;
}

/* frame_get of a frame known to be allocated. */
static inline void frame_get_fast(uint64_t pa)
{
	frame_refs[frame_index_fast(pa)]++;
}

/* frame_refcount of a frame known to be allocated. */
static inline uint32_t frame_refcount_fast(uint64_t pa)
{
	return frame_refs[frame_index_fast(pa)];
}

/* frame_put of a frame known to be allocated. */
static inline void frame_put_fast(uint64_t pa)
{
	if (--frame_refs[frame_index_fast(pa)] == 0)
		frame_free_unreferenced(pa);
}

/* Copy-on-write of one holder's reference to frame pa: pa itself when
 * nobody else holds it (*copied false); else a new frame with pa's
 * contents, pa losing that reference (*copied true); 0 when out of frames
 * (pa unchanged). One call for the COW fault's whole frame work. */
uint64_t frame_cow(uint64_t pa, bool *copied);

/* Give the frames of [pa, pa+len) outside the allocator's range (the
 * initrd) one permanent reference, so they can be mapped and shared like
 * allocated frames but are never freed. */
void frame_pin_range(uint64_t pa, uint64_t len);

/* Is pa in the range frame_pin_range pinned? */
bool frame_pinned(uint64_t pa);

/* Mark (held) or unmark one reference to the allocated frame pa as the
 * reference of a kernel object rather than of a page table: the frames of
 * shared anonymous memory (shared_anon.c). The VMM's audit counts such a
 * reference like a pin (cv_introspect.held_map). At most one per frame. */
void frame_set_held(uint64_t pa, bool held);

/* The physical address of the held-reference bitmap (bit per frame). */
uint64_t frame_held_map_pa(void);

/* Copy a whole frame, or zero one: through the VMM when kernel code is
 * emulated (kvm-pvm: a hypercall is ~60 times faster than rep movs
 * there), with rep movs/stos otherwise. */
void frame_copy(uint64_t dst_pa, uint64_t src_pa);
void frame_zero(uint64_t pa);

/* Copy len bytes between physical addresses (not overlapping): through
 * the VMM, as frame_copy, when that is worth its exit. */
void phys_copy(uint64_t dst_pa, uint64_t src_pa, uint64_t len);

/* The bytes before the first NUL in [pa, pa + max) (within one frame),
 * or max: through the VMM when that is worth its exit. */
uint64_t phys_strnlen(uint64_t pa, uint64_t max);

/* Use the VMM for frame copies and zeroing (set at boot). */
void frame_set_paravirt(int on);

/* The physical address of the refcount array (uint32_t per frame). */
uint64_t frame_refcounts_pa(void);

/* Frames of RAM in all, and frames free to allocate. */
uint64_t frames_total(void);
uint64_t frames_free(void);

#endif
