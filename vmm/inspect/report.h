/* Output of the statistics: the JSON file (schema cowvisor-stats/1) and a
 * compact table per snapshot for the terminal. */
#ifndef VMM_INSPECT_REPORT_H
#define VMM_INSPECT_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "stats.h"

#define STATS_SCHEMA "cowvisor-stats/1"

/* Write the whole run as JSON to path: first to path.tmp, then renamed
 * over path, so a crash never leaves half a file. Returns 0, or -1 with
 * the reason in err (nothing is left behind then). */
int stats_write_json(const struct stats_run *run, const char *path, char *err, size_t errlen);

/* Write the run's JSON document to out (no error check). */
void stats_put_json(FILE *out, const struct stats_run *run);

/* Print one snapshot as a smem-like table: a header line with the totals
 * and the audit, then one row per process. */
void stats_print_table(FILE *out, const struct stats_snapshot *s);

#endif
