/* Shared anonymous memory objects. One frame holds the object: a header
 * and the frame numbers of its pages (0: not yet used); objects of more
 * than SA_DIRECT pages hold the frame numbers of index frames instead,
 * SA_PER_FRAME page frame numbers each. */
#include "shared_anon.h"

#include "../arch/layout.h"
#include "frame.h"

#define SA_PER_FRAME (PAGE_SIZE / 4)
#define SA_DIRECT    ((PAGE_SIZE - 8) / 4)

struct anon_shared {
	uint32_t users;
	uint32_t npages;
	uint32_t pfn[SA_DIRECT];
};
_Static_assert(sizeof(struct anon_shared) == PAGE_SIZE, "one frame per object");

/* Are the page frames listed through index frames? */
static int indirect(const struct anon_shared *s)
{
	return s->npages > SA_DIRECT;
}

struct anon_shared *anon_shared_create(uint32_t npages)
{
	uint64_t pa;
	struct anon_shared *s;

	if (npages > (uint64_t)SA_DIRECT * SA_PER_FRAME || (pa = frame_alloc_zeroed()) == 0)
		return 0;
	s = P2V(pa);
	s->users = 1;
	s->npages = npages;
	return s;
}

void anon_shared_get(struct anon_shared *s)
{
	s->users++;
}

/* Drop the held frames listed in pfn[0, n). */
static void drop_frames(const uint32_t *pfn, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		if (pfn[i] == 0)
			continue;
		frame_set_held((uint64_t)pfn[i] << PAGE_SHIFT, false);
		frame_put((uint64_t)pfn[i] << PAGE_SHIFT);
	}
}

void anon_shared_put(struct anon_shared *s)
{
	if (--s->users > 0)
		return;
	if (!indirect(s)) {
		drop_frames(s->pfn, s->npages);
	} else {
		for (uint32_t i = 0; i * SA_PER_FRAME < s->npages; i++) {
			if (s->pfn[i] == 0)
				continue;
			drop_frames(P2V((uint64_t)s->pfn[i] << PAGE_SHIFT), SA_PER_FRAME);
			frame_put((uint64_t)s->pfn[i] << PAGE_SHIFT);
		}
	}
	frame_put(V2P(s));
}

/* The slot of page index, creating its index frame; NULL when out of frames. */
static uint32_t *slot(struct anon_shared *s, uint32_t index)
{
	uint32_t *dir;
	uint64_t pa;

	if (!indirect(s))
		return &s->pfn[index];
	dir = &s->pfn[index / SA_PER_FRAME];
	if (*dir == 0) {
		if ((pa = frame_alloc_zeroed()) == 0)
			return 0;
		*dir = (uint32_t)(pa >> PAGE_SHIFT);
	}
	return (uint32_t *)P2V((uint64_t)*dir << PAGE_SHIFT) + index % SA_PER_FRAME;
}

bool anon_shared_has(const struct anon_shared *s, uint32_t index)
{
	uint32_t dir;

	if (index >= s->npages)
		return false;
	if (!indirect(s))
		return s->pfn[index] != 0;
	dir = s->pfn[index / SA_PER_FRAME];
	return dir && ((const uint32_t *)P2V((uint64_t)dir << PAGE_SHIFT))[index % SA_PER_FRAME] != 0;
}

uint64_t anon_shared_frame(struct anon_shared *s, uint32_t index)
{
	uint32_t *p = index < s->npages ? slot(s, index) : 0;
	uint64_t pa;

	if (p == 0)
		return 0;
	if (*p == 0) {
		if ((pa = frame_alloc_zeroed()) == 0)
			return 0;
		frame_set_held(pa, true);
		*p = (uint32_t)(pa >> PAGE_SHIFT);
	}
	return (uint64_t)*p << PAGE_SHIFT;
}
