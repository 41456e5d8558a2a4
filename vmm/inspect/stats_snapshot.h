/* One statistics snapshot as data: its processes, frame totals, mapcount
 * histogram, audit findings and the errors found in the guest's data.
 * Computing one is stats.c's (with sharing.c filling in the processes);
 * writing one out is report_json.c's and report_table.c's. */
#ifndef VMM_INSPECT_STATS_SNAPSHOT_H
#define VMM_INSPECT_STATS_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../shared/hypercall.h"
#include "../../shared/introspect.h"
#include "../../shared/syscall.h" /* CV_SNAPSHOT_LABEL_MAX */
#include "mappings.h"
#include "page_runs.h"

#define STATS_LABEL_MAX      (CV_SNAPSHOT_LABEL_MAX + 1) /* bytes with the NUL */
#define STATS_MAX_MISMATCHES 64  /* audit mismatches listed; the rest counted */
#define STATS_MAX_ERRORS     32  /* error messages kept; the rest counted */

/* One process as a snapshot saw it. */
struct stats_process {
	uint32_t pid, ppid;
	uint32_t state;                  /* enum cv_proc_state, as the guest gave it */
	char comm[CV_COMM_LEN + 1];      /* NUL-terminated copy */
	uint64_t address_space;          /* its CR3; 0: none (zombie) */
	uint64_t rss_pages;              /* present user pages */
	uint64_t pss_bytes;              /* proportional set size */
	uint64_t uss_pages;              /* pages of frames mapped only here */
	uint64_t shared_pages;           /* pages of frames mapped by >= 2 spaces */
	uint64_t cow_pages;              /* read-only pages with PTE_COW */
	uint64_t private_writable_pages; /* writable pages of unshared frames */
	uint64_t pagetable_pages;        /* table frames of its address space */
	uint64_t pt_shared;              /* of its page tables, those other
	                                    address spaces hold too (on-demand fork) */
	uint64_t file_pages;             /* pages of a file's own frames (PTE_FILE) */
	uint64_t anon_pages;             /* the others: rss_pages - file_pages */
	uint64_t map_shared_pages;       /* pages of MAP_SHARED mappings (PTE_SHARED) */
	uint16_t origin;                 /* enum cv_proc_origin */
	uint16_t execs;                  /* its execve()s */
	uint32_t abi;                    /* enum cv_abi, as the guest gave it */
	struct inspect_mapping *maps;    /* its regions (malloc'd), sorted */
	size_t nmaps;
	struct page_runs pages;          /* its pages, when the snapshot has them */
};

/* An audit finding: the kernel's count of a frame against the walk's. */
struct stats_mismatch {
	uint64_t frame;   /* frame number */
	uint32_t guest;   /* the kernel's reference count */
	uint64_t walked;  /* references the walk implies (PTEs mapping it, once
	                     per page table; entries or CR3s pointing to it as
	                     a table), plus 1 when pinned, 1 when held */
};

/* How many frames have one mapcount. */
struct stats_hist {
	uint32_t mapcount;
	uint64_t frames;
};

/* One snapshot. */
struct stats_snapshot {
	uint64_t seq;
	char label[STATS_LABEL_MAX];
	enum cv_snapshot_trigger trigger;
	uint64_t time_ns;
	uint64_t frames_total, frames_used, frames_free;
	uint64_t frames_heap;            /* of the used: the kernel heap's */
	struct cv_counters kernel;
	uint64_t shared_frames;          /* frames with mapcount >= 2 */
	uint64_t saved_bytes;            /* sum of (mapcount - 1) * CV_PAGE_SIZE */
	uint64_t page_tables_shared;     /* page-table frames held by >= 2 spaces */
	struct stats_hist *histogram;    /* ascending mapcount, only counts > 0 */
	size_t nhistogram;
	bool audit_ok;                   /* no mismatch and no error */
	struct stats_mismatch mismatches[STATS_MAX_MISMATCHES];
	size_t nmismatches;
	uint64_t mismatches_omitted;     /* found beyond the listed ones */
	struct stats_process *procs;     /* non-free slots, in slot order */
	size_t nprocs;
	char *errors[STATS_MAX_ERRORS];  /* what was wrong with the guest's data */
	size_t nerrors;
	uint64_t errors_omitted;
	bool has_pages;                  /* procs[].pages were taken */
};

/* Release what a snapshot holds. */
void stats_snapshot_free(struct stats_snapshot *s);

/* Add an error message to s (printf-style); counted only when s already
 * holds STATS_MAX_ERRORS. */
void stats_add_error(struct stats_snapshot *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
