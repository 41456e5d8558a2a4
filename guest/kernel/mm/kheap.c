/* A bump allocator over zeroed frames. */
#include "kheap.h"

#include "../fs/fs.h"
#include "frame.h"
#include "layout.h"

static uint8_t *cur, *end;

void *kheap_alloc(uint64_t size)
{
	uint64_t pa;
	void *p;

	size = (size + 15) & ~15ull;
	if (size > PAGE_SIZE)
		return 0; /* larger objects are not needed */
	if (cur == 0 || (uint64_t)(end - cur) < size) {
		pa = frame_alloc_zeroed();
		if (pa == 0)
			return 0;
		cur = P2V(pa);
		end = cur + PAGE_SIZE;
	}
	p = cur;
	cur += size;
	return p;
}

void *fs_alloc(uint64_t size)
{
	return kheap_alloc(size);
}
