/* Per-page frames of an address space, compact: runs of consecutive pages
 * on consecutive frames with the same sharing (--stats-pages, the HTML
 * report's page map). */
#ifndef VMM_INSPECT_PAGE_RUNS_H
#define VMM_INSPECT_PAGE_RUNS_H

#include <stddef.h>
#include <stdint.h>

/* Flags of a page, as the JSON gives them. */
#define PAGE_WRITABLE   1u  /* writable now */
#define PAGE_COW        2u  /* read-only, copy-on-write pending */
#define PAGE_FILE       4u  /* a file's own frame */
#define PAGE_MAP_SHARED 8u  /* a page of a MAP_SHARED mapping */

/* n pages from va on frames pfn .. pfn + n - 1, each mapped by mapcount
 * address spaces, all with flags. */
struct page_run {
	uint64_t va, pfn;
	uint32_t n;
	uint16_t mapcount;
	uint8_t flags;
};

struct page_runs {
	struct page_run *r;
	size_t n, cap;
	uint64_t pages;  /* sum of the runs' n */
};

/* Add one page, extending the last run when it continues it (next va,
 * next frame, same mapcount and flags). Pages come in ascending va.
 * Returns 0, or -1 when memory runs out (the page is not added). */
int page_runs_add(struct page_runs *l, uint64_t va, uint64_t pfn, uint16_t mapcount,
		  uint8_t flags);

/* Make dst (empty) a copy of src; 0, or -1 when memory runs out. */
int page_runs_copy(struct page_runs *dst, const struct page_runs *src);

/* Release the runs; l becomes empty. */
void page_runs_free(struct page_runs *l);

#endif
