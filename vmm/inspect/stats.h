/* Memory-sharing statistics of the guest (JSON schema cowvisor-stats/1,
 * the README's "Statistics"): snapshots computed from the guest kernel's
 * process table, its page tables walked from outside, and its frame
 * reference counts. */
#ifndef VMM_INSPECT_STATS_H
#define VMM_INSPECT_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../shared/hypercall.h"
#include "guest_view.h"
#include "stats_snapshot.h"

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
