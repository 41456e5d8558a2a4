/* A run's statistics from start to end, for main.c (set-up and the end)
 * and snapshots.c (each snapshot, from a hypercall or a sampling kick):
 * find the kernel's introspection root once (guest_view.h reads it), take
 * snapshots while the vCPU is stopped, each appended to the JSON output
 * as it is taken (memory does not grow with their number), and complete
 * the output at the end. */
#ifndef VMM_INSPECT_INSPECTOR_H
#define VMM_INSPECT_INSPECTOR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../../shared/hypercall.h"
#include "../guestmem.h"
#include "../outfile.h"
#include "stats.h"

struct inspector {
	uint64_t root_vaddr;    /* kernel virtual address of cv_introspect */
	struct stats_run run;   /* the latest snapshot and their count */
	struct outfile json;    /* the JSON output; json.f NULL without one */
	bool json_pages;        /* the JSON gets the page runs (--stats-pages) */
	struct outfile html;    /* the HTML report (the same JSON inside); html.f NULL without */
};

/* Look up CV_INTROSPECT_SYMBOL in kernel_path and start an empty run.
 * Returns 0, or -1 with err (nothing to free then). */
int inspector_init(struct inspector *in, const char *kernel_path, char *err, size_t errlen);

/* Start an empty run with the root's address already known (no JSON). */
void inspector_init_at(struct inspector *in, uint64_t root_vaddr);

/* Open path for the JSON (see outfile.h) and start the document there;
 * every snapshot from now on is written to it. Returns 0, or -1 with err. */
int inspector_open_json(struct inspector *in, const char *path, char *err, size_t errlen);

/* Take every process's page runs from now on and write them to the JSON
 * (--stats-pages). */
void inspector_want_pages(struct inspector *in);

/* Open path for the HTML report (see outfile.h) and write the template's
 * head; every snapshot from now on goes into it, with its page runs.
 * Returns 0, or -1 with err. */
int inspector_open_html(struct inspector *in, const char *path, char *err, size_t errlen);

/* Read and check the guest's introspection root in gm, then take a
 * snapshot and write it to the JSON output if there is one. Returns its
 * sequence number (>= 0), or -1 with err
 * when the root is unusable (e.g. wrong magic: nothing is recorded) or
 * host memory runs out. */
int64_t inspector_snapshot(struct inspector *in, const struct guest_mem *gm,
			   enum cv_snapshot_trigger trigger, const char *label,
			   uint64_t time_ns, char *err, size_t errlen);

/* The latest snapshot, or NULL (for report_print_table). */
const struct stats_snapshot *inspector_last(const struct inspector *in);

/* At the end: complete the JSON document and the HTML report and put
 * them in place (those there are). Returns 0, or -1 with err when one
 * cannot be written. */
int inspector_finish(struct inspector *in, char *err, size_t errlen);

/* Release the snapshots; an unfinished JSON or HTML output is removed (a
 * temporary) or left as it is (a device or FIFO). */
void inspector_free(struct inspector *in);

#endif
