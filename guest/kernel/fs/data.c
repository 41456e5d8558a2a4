/* Regular-file data: reads, writes and size changes over the file's page
 * index. Bytes past the end of the file in its last page are kept zero,
 * so the page can be mapped as it is and growing the file shows zeros. */
#include "fs.h"

#include <stddef.h>

#include "../lib/errno.h"
#include "../lib/string.h"

/* What a hole reads as. */
static const uint8_t zeros[FS_PAGE_SIZE];

/* The bytes from off to the end of its page, at most left. */
static uint32_t chunk(uint64_t off, uint64_t left)
{
	uint64_t n = FS_PAGE_SIZE - off % FS_PAGE_SIZE;

	return (uint32_t)(n < left ? n : left);
}

int64_t fs_read(struct fnode *n, uint64_t off, uint64_t len, fs_copy_fn copy_out, void *ctx)
{
	uint64_t done = 0;

	while (done < len && off + done < n->size) {
		uint64_t at = off + done, left = len - done;
		uint64_t pa = fs_pages_get(&n->pages, at / FS_PAGE_SIZE);
		uint32_t c = chunk(at, left < n->size - at ? left : n->size - at);
		const uint8_t *src = pa ? (const uint8_t *)fs_page_ptr(pa) + at % FS_PAGE_SIZE : zeros;
		int rc = copy_out(ctx, done, (void *)src, c);

		if (rc < 0)
			return done ? (int64_t)done : rc;
		done += c;
		if (rc > 0)
			break; /* the copier wants to stop here */
	}
	return (int64_t)done;
}

uint64_t fs_data_page(struct fnode *n, uint64_t off)
{
	uint64_t index = off / FS_PAGE_SIZE, pa = fs_pages_get(&n->pages, index);

	if (pa)
		return pa;
	if ((pa = fs_page_alloc(true)) == 0)
		return 0;
	if (fs_pages_set(&n->pages, index, pa) < 0) {
		fs_page_free(pa, true);
		return 0;
	}
	return pa;
}

int64_t fs_write(struct fnode *n, uint64_t off, uint64_t len, fs_copy_fn copy_in, void *ctx)
{
	uint64_t done = 0;
	int rc = 0;

	if (off >= FS_FILE_MAX)
		return len ? -EFBIG : 0;
	if (len > FS_FILE_MAX - off)
		len = FS_FILE_MAX - off;
	while (done < len) {
		uint64_t at = off + done, pa = fs_data_page(n, at);
		uint32_t c = chunk(at, len - done);

		if (pa == 0) {
			rc = -ENOSPC;
			break;
		}
		rc = copy_in(ctx, done, (uint8_t *)fs_page_ptr(pa) + at % FS_PAGE_SIZE, c);
		if (rc < 0)
			break;
		done += c;
		if (at + c > n->size)
			n->size = at + c;
		if (rc > 0)
			break;
	}
	if (done)
		fs_touch(n, true);
	return done ? (int64_t)done : rc;
}

int fs_truncate(struct fnode *n, uint64_t size)
{
	uint64_t tail = size % FS_PAGE_SIZE, pa;

	if (size > FS_FILE_MAX)
		return -EFBIG;
	if (size == n->size)
		return 0;
	if (size < n->size) {
		fs_pages_trim(&n->pages, (size + FS_PAGE_SIZE - 1) / FS_PAGE_SIZE);
		if (tail && (pa = fs_pages_get(&n->pages, size / FS_PAGE_SIZE)) != 0)
			memset((uint8_t *)fs_page_ptr(pa) + tail, 0, FS_PAGE_SIZE - tail);
	}
	n->size = size;
	fs_touch(n, true);
	return 0;
}
