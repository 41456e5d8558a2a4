/* Size-class allocator over zeroed frames. */
#include "kheap.h"

#include "../arch/layout.h"
#include "../lib/string.h"
#include "frame.h"

#define CLASS_SHIFT 4 /* 16-byte classes */

static uint8_t *cur, *end;
static void *free_list[(PAGE_SIZE >> CLASS_SHIFT) + 1]; /* by size class, linked through the first word */

/* The class of size bytes (1.. PAGE_SIZE). */
static uint64_t class_of(uint64_t size)
{
	return (size + (1u << CLASS_SHIFT) - 1) >> CLASS_SHIFT;
}

void *kheap_alloc(uint64_t size)
{
	uint64_t pa, c;
	void *p;

	if (size == 0 || size > PAGE_SIZE)
		return 0; /* larger objects are not needed */
	c = class_of(size);
	if ((p = free_list[c]) != 0) {
		free_list[c] = *(void **)p;
		memset(p, 0, c << CLASS_SHIFT);
		return p;
	}
	size = c << CLASS_SHIFT;
	if (cur == 0 || (uint64_t)(end - cur) < size) {
		pa = frame_alloc_zeroed();
		if (pa == 0)
			return 0;
		cv_frame_totals.heap++; /* the statistics tell heap growth from a leak */
		cur = P2V(pa);
		end = cur + PAGE_SIZE;
	}
	p = cur;
	cur += size;
	return p;
}

void kheap_free(void *p, uint64_t size)
{
	uint64_t c = class_of(size);

	*(void **)p = free_list[c];
	free_list[c] = p;
}
