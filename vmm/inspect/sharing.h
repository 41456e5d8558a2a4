/* The address spaces of one snapshot and per-frame counts over them:
 * the page-table walks behind the statistics (internal to stats). */
#ifndef VMM_INSPECT_SHARING_H
#define VMM_INSPECT_SHARING_H

#include <stddef.h>
#include <stdint.h>

#include "guest_view.h"
#include "page_runs.h"
#include "pagewalk.h"
#include "stats_snapshot.h"

#define PSS_FX_SHIFT 12 /* fraction bits of pss_fx: exact for up to 4096 mappers */

/* One distinct address space (one CR3) and what its walk found. */
struct space {
	uint64_t root;        /* CR3's address bits: the identity */
	uint32_t pid;         /* the first process using it, for messages */
	uint64_t rss, uss, shared, cow, private_writable, tables;
	uint64_t pt_shared;   /* its page tables that other spaces hold too */
	uint64_t file, mapshared;  /* pages with PTE_FILE, with PTE_SHARED */
	uint64_t pss_fx;      /* PSS in 1/4096 bytes (PSS_FX_SHIFT fixed point) */
	struct page_runs runs; /* its pages, when the sharing wants them */
};

/* Per-frame counts (arrays of nframes) and the spaces they come from. */
struct sharing {
	const struct guest_view *v;
	struct stats_snapshot *snap;  /* where errors go */
	struct pw_walker walker;
	uint64_t nframes;
	uint16_t *mapcount;    /* distinct spaces mapping the frame */
	uint16_t *last_space;  /* 1 + index of the last space that counted it */
	uint32_t *refs;        /* references the walks imply (saturating): PTEs
	                          mapping it, counted once per page table (a
	                          shared table's PTEs are one reference each),
	                          entries pointing to it as a table, and 1 as a
	                          space's root */
	uint16_t *holders;     /* page tables: spaces holding it (saturating) */
	struct space *spaces;
	size_t nspaces, cap;
	size_t current;        /* space being walked */
	bool want_pages;       /* pass 2 records every space's page runs */
	bool pages_failed;     /* ... and ran out of memory doing so */
};

/* Allocate for up to v->root.nprocs spaces; -1 when memory runs out. */
int sharing_init(struct sharing *sh, const struct guest_view *v, struct stats_snapshot *snap);

/* The index of the space with root cr3, added if new (pid names it). */
size_t sharing_space_of(struct sharing *sh, uint64_t cr3, uint32_t pid);

/* Pass 1: walk every space once, counting mapcount and references per
 * frame, holders per page table and table pages per space; problems go
 * into the snapshot. */
void sharing_count(struct sharing *sh);

/* Pass 2: walk every space again, computing its rss, pss, uss, shared,
 * cow and private writable pages from the final mapcounts, and its shared
 * page tables (and, with want_pages, its page runs). */
void sharing_measure(struct sharing *sh);

/* Release the arrays. */
void sharing_free(struct sharing *sh);

#endif
