/* Memory-sharing statistics of the guest (JSON schema cowvisor-stats/1,
 * DESIGN.md): snapshots computed from the guest kernel's process table,
 * its page tables walked from outside, and its frame reference counts. */
#ifndef VMM_INSPECT_STATS_H
#define VMM_INSPECT_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../shared/hypercall.h"
#include "../../shared/introspect.h"
#include "introspect.h"
#include "mappings.h"
#include "page_runs.h"

#define STATS_LABEL_MAX      64  /* bytes with the NUL (labels: at most 63) */
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
	uint64_t saved_bytes;            /* sum of (mapcount - 1) * 4096 */
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

/* The snapshots of a run, of which only the latest is kept (the JSON is
 * written as they come): memory stays the same however many are taken. */
struct stats_run {
	struct stats_snapshot last;  /* valid when n > 0; last.seq == n - 1 */
	size_t n;                    /* snapshots taken */
	bool want_pages;             /* take every process's page runs */
};

/* Compute a snapshot of the guest seen through v, labelled and stamped by
 * the caller. Problems in the guest's data go into s->errors (and make the
 * audit fail); only running out of host memory fails: -1 with err. */
int stats_snapshot_take(struct stats_snapshot *s, const struct guest_view *v,
			enum cv_snapshot_trigger trigger, const char *label, uint64_t time_ns,
			char *err, size_t errlen);

/* The same, with every process's page runs when pages is true. */
int stats_snapshot_take_opt(struct stats_snapshot *s, const struct guest_view *v,
			    enum cv_snapshot_trigger trigger, const char *label, uint64_t time_ns,
			    bool pages, char *err, size_t errlen);

/* The JSON name of an ABI ("i386", "x86_64"; "unknown"). */
const char *stats_abi_name(uint32_t abi);

/* The JSON name of a process origin ("boot", "fork", "vfork"; "unknown"). */
const char *stats_origin_name(uint16_t origin);

/* Release what a snapshot holds. */
void stats_snapshot_free(struct stats_snapshot *s);

/* Add an error message to s (printf-style); counted only when s already
 * holds STATS_MAX_ERRORS. */
void stats_add_error(struct stats_snapshot *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The JSON name of a process state ("running", ...; "unknown" otherwise). */
const char *stats_state_name(uint32_t state);

/* The JSON name of a trigger ("guest", "fork", ...; "unknown" otherwise). */
const char *stats_trigger_name(enum cv_snapshot_trigger t);

/* An empty run (without page runs: set want_pages after). */
void stats_run_init(struct stats_run *run);

/* Take a snapshot with the next sequence number; it replaces the latest.
 * Returns that number, or -1 with err (the latest stays). */
int64_t stats_run_take(struct stats_run *run, const struct guest_view *v,
		       enum cv_snapshot_trigger trigger, const char *label, uint64_t time_ns,
		       char *err, size_t errlen);

/* The most recent snapshot, or NULL. */
const struct stats_snapshot *stats_run_last(const struct stats_run *run);

/* Release a run and its snapshots. */
void stats_run_free(struct stats_run *run);

#endif
