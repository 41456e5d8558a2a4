/* The snapshots of one run: a count and the latest. */
#include "stats.h"

#include <string.h>

/* An empty run. */
void stats_run_init(struct stats_run *run)
{
	memset(run, 0, sizeof(*run));
}

/* Take a snapshot; it replaces the previous latest. */
int64_t stats_run_take(struct stats_run *run, const struct guest_view *v,
		       enum cv_snapshot_trigger trigger, const char *label, uint64_t time_ns,
		       char *err, size_t errlen)
{
	struct stats_snapshot s;

	if (stats_snapshot_take_opt(&s, v, trigger, label, time_ns, run->want_pages, err,
				    errlen) != 0)
		return -1;
	s.seq = run->n;
	if (run->n)
		stats_snapshot_free(&run->last);
	run->last = s;
	return (int64_t)run->n++;
}

/* The latest snapshot. */
const struct stats_snapshot *stats_run_last(const struct stats_run *run)
{
	return run->n ? &run->last : NULL;
}

/* Free the latest snapshot. */
void stats_run_free(struct stats_run *run)
{
	if (run->n)
		stats_snapshot_free(&run->last);
	stats_run_init(run);
}
