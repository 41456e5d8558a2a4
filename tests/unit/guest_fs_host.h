/* The kernel's side of the file tree (guest/kernel/fs) for host unit
 * tests: memory from calloc, remembered so teardown (free_all) frees it,
 * pages from aligned_alloc (a page's "physical address" is its pointer),
 * a fixed clock, and counters that let tests make memory or pages run out.
 * Included by exactly one file of each test binary. */
#ifndef TESTS_UNIT_GUEST_FS_HOST_H
#define TESTS_UNIT_GUEST_FS_HOST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../guest/kernel/fs/fs.h"

/* ---- fs_alloc: calloc, remembered so that teardown frees it all ---- */

static void **allocs;
static size_t nallocs, allocs_cap;
static long allocs_left = -1; /* fs_alloc fails once this reaches 0; -1: never */

/* Remember p for freeing at the end. */
static void remember(void *p)
{
	if (nallocs == allocs_cap) {
		allocs_cap = allocs_cap ? allocs_cap * 2 : 1024;
		allocs = realloc(allocs, allocs_cap * sizeof(*allocs));
		if (!allocs)
			abort();
	}
	allocs[nallocs++] = p;
}

/* Free what was remembered after the first mark entries. */
static void forget_since(size_t mark)
{
	while (nallocs > mark)
		free(allocs[--nallocs]);
}

/* The file tree's allocator on the host: zeroed memory, or NULL when a
 * test makes it run out. */
void *fs_alloc(uint64_t size)
{
	void *p;

	if (allocs_left == 0)
		return NULL;
	if (allocs_left > 0)
		allocs_left--;
	p = calloc(1, size);
	if (p)
		remember(p);
	return p;
}

/* ---- the rest of what the kernel provides the file tree ---- */

void fs_free(void *p, uint64_t size)
{
	(void)size;
	memset(p, 0xa5, size); /* freed memory is garbage (teardown frees it) */
}

void fs_now(struct fs_time *t)
{
	t->sec = 1234567890;
	t->nsec = 5;
}

static long pages_live;       /* pages handed out and not given back */
static long pages_left = -1;  /* fs_page_alloc fails once this reaches 0; -1: never */

/* Pages are aligned host memory; their "physical address" is the pointer. */
uint64_t fs_page_alloc(bool data)
{
	void *p;

	(void)data;
	if (pages_left == 0)
		return 0;
	if (pages_left > 0)
		pages_left--;
	p = aligned_alloc(FS_PAGE_SIZE, FS_PAGE_SIZE);
	if (!p)
		abort();
	memset(p, 0, FS_PAGE_SIZE);
	remember(p);
	pages_live++;
	return (uint64_t)(uintptr_t)p;
}

void fs_page_free(uint64_t pa, bool data)
{
	(void)data;
	memset((void *)(uintptr_t)pa, 0xa5, FS_PAGE_SIZE);
	pages_live--;
}

void *fs_page_ptr(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

/* Adopting: the archive's page itself (a test checks the address). */
uint64_t fs_page_adopt(const void *p)
{
	pages_live++;
	return (uint64_t)(uintptr_t)p;
}

void fs_page_fill(uint64_t pa, const void *src, uint32_t len)
{
	memcpy((void *)(uintptr_t)pa, src, len);
}

#endif
