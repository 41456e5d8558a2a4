/* Output of the statistics: the JSON file (schema cowvisor-stats/1) and a
 * compact table per snapshot for the terminal. */
#ifndef VMM_INSPECT_REPORT_H
#define VMM_INSPECT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "stats.h"

#define STATS_SCHEMA "cowvisor-stats/1"

/* The JSON document written as the snapshots are taken, so that memory
 * does not grow with their number: report_json_begin, report_json_snapshot
 * for each in order, report_json_end. (No error checks: the caller checks
 * the stream.) */
void report_json_begin(FILE *out);

/* Append snapshot s; first: it is the document's first. */
void report_json_snapshot(FILE *out, const struct stats_snapshot *s, bool first);

/* The same; the processes' page runs (taken with the snapshot) are
 * written only when with_pages. report_json_snapshot writes them when the
 * snapshot has them. */
void report_json_snapshot_opt(FILE *out, const struct stats_snapshot *s, bool first,
			     bool with_pages);

/* Close the document; empty: no snapshot was written. */
void report_json_end(FILE *out, bool empty);

/* Print one snapshot as a smem-like table: a header line with the totals
 * and the audit, then one row per process. */
void report_print_table(FILE *out, const struct stats_snapshot *s);

#endif
