/* What the run loop calls for statistics: find the kernel's introspection
 * root once, take snapshots while the vCPU is stopped, write the outputs
 * at the end. */
#ifndef VMM_INSPECT_INSPECTOR_H
#define VMM_INSPECT_INSPECTOR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../../shared/hypercall.h"
#include "../guestmem.h"
#include "stats.h"

struct inspector {
	uint64_t root_vaddr;    /* kernel virtual address of cv_introspect */
	struct stats_run run;   /* the snapshots so far */
};

/* Look up CV_INTROSPECT_SYMBOL in kernel_path and start an empty run.
 * Returns 0, or -1 with err (nothing to free then). */
int inspector_init(struct inspector *in, const char *kernel_path, char *err, size_t errlen);

/* Start an empty run with the root's address already known. */
void inspector_init_at(struct inspector *in, uint64_t root_vaddr);

/* Read and check the guest's introspection root in gm, then take and
 * record a snapshot. Returns its sequence number (>= 0), or -1 with err
 * when the root is unusable (e.g. wrong magic: nothing is recorded) or
 * host memory runs out. */
int64_t inspector_snapshot(struct inspector *in, const struct guest_mem *gm,
			   enum cv_snapshot_trigger trigger, const char *label,
			   uint64_t time_ns, char *err, size_t errlen);

/* The latest snapshot, or NULL (for stats_print_table). */
const struct stats_snapshot *inspector_last(const struct inspector *in);

/* At the end: print every snapshot as a table to table_out (if not NULL)
 * and write the JSON to json_path (if not NULL). Returns 0, or -1 with
 * err when the JSON cannot be written. */
int inspector_finish(const struct inspector *in, FILE *table_out, const char *json_path,
		     char *err, size_t errlen);

/* Release the snapshots. */
void inspector_free(struct inspector *in);

#endif
