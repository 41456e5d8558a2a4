/* A regular file's page index: page number -> the physical address of the
 * page holding those bytes (0: a hole, reads as zeros). A radix tree of
 * index pages of 512 entries, as tall as the file needs: a one-page file
 * needs no index page, up to 2 MiB one, up to 1 GiB 1 + 512. */
#ifndef FS_PAGES_H
#define FS_PAGES_H

#include <stdbool.h>
#include <stdint.h>

#define FS_PAGE_SIZE   4096u
#define FS_PAGE_SHIFT  12
#define FS_INDEX_SLOTS 512u     /* entries of one index page */
#define FS_INDEX_BITS  9

struct fs_pages {
	uint64_t root;   /* height 0: the page of index 0; else the top index page */
	uint32_t height; /* index levels above the data pages */
	uint64_t ndata;  /* data pages in the index */
};

/* ---- what the kernel provides (host unit tests provide their own) ---- */

/* A zeroed page: data (a file's contents, mappable) or an index page; 0
 * when none is left for the file tree (a reserve stays for the kernel). */
uint64_t fs_page_alloc(bool data);

/* Give back a page fs_page_alloc gave, or an adopted one (fs_page_adopt). */
void fs_page_free(uint64_t pa, bool data);

/* Where page pa is in the kernel's address space. */
void *fs_page_ptr(uint64_t pa);

/* The page at p (page aligned, inside the initrd) as a data page the file
 * tree can own; 0 when it cannot be adopted (then it is copied). */
uint64_t fs_page_adopt(const void *p);

/* Copy len bytes (at most a page) from src to the start of page pa. */
void fs_page_fill(uint64_t pa, const void *src, uint32_t len);

/* ---- the index ---- */

/* The page of page number index, 0 for a hole. */
uint64_t fs_pages_get(const struct fs_pages *p, uint64_t index);

/* Make pa the page of page number index (which is a hole), growing the
 * tree. 0, or -1 when an index page cannot be had (nothing changed). */
int fs_pages_set(struct fs_pages *p, uint64_t index, uint64_t pa);

/* Free the pages of page numbers >= from, and the index pages left empty;
 * from 0 frees all. */
void fs_pages_trim(struct fs_pages *p, uint64_t from);


#endif
