/* What the file tree (guest/kernel/fs) gets from the kernel: small
 * allocations, pages for file data and page indexes, and the time. A
 * file's data pages carry one reference of the file's, marked held for the
 * VMM's frame audit; pages adopted from the initrd keep its pin instead. */
#include "../arch/clock.h"
#include "../arch/layout.h"
#include "../fs/fs.h"
#include "frame.h"
#include "kheap.h"

/* Frames the file tree leaves to the rest of the kernel (page tables,
 * copy-on-write, pipes): a write that would dip into them gets ENOSPC.
 * 4 MiB, or an eighth of RAM when that is less. */
#define FS_FRAME_RESERVE 1024

/* The reserve for this RAM size. */
static uint64_t reserve(void)
{
	return frames_total() / 8 < FS_FRAME_RESERVE ? frames_total() / 8 : FS_FRAME_RESERVE;
}

uint64_t fs_reserved_frames(void)
{
	return reserve();
}

void *fs_alloc(uint64_t size)
{
	return frames_free() > reserve() ? kheap_alloc(size) : 0;
}

void fs_free(void *p, uint64_t size)
{
	kheap_free(p, size);
}

void fs_now(struct fs_time *t)
{
	int64_t ns = clock_realtime_ns();

	t->sec = ns / 1000000000;
	t->nsec = (uint32_t)(ns % 1000000000);
}

uint64_t fs_page_alloc(bool data)
{
	uint64_t pa;

	if (frames_free() <= reserve() || (pa = frame_alloc_zeroed()) == 0)
		return 0;
	if (data)
		frame_set_held(pa, true);
	return pa;
}

void fs_page_free(uint64_t pa, bool data)
{
	if (frame_pinned(pa))
		return; /* adopted from the initrd: stays pinned */
	if (data)
		frame_set_held(pa, false);
	frame_put(pa);
}

void *fs_page_ptr(uint64_t pa)
{
	return P2V(pa);
}

uint64_t fs_page_adopt(const void *p)
{
	uint64_t pa = V2P(p);

	return frame_pinned(pa) ? pa : 0;
}

void fs_page_fill(uint64_t pa, const void *src, uint32_t len)
{
	phys_copy(pa, V2P(src), len);
}
