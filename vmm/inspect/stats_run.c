/* The snapshots of one run. */
#include "stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An empty run. */
void stats_run_init(struct stats_run *run)
{
	memset(run, 0, sizeof(*run));
}

/* Make room for one more snapshot; -1 when memory runs out. */
static int grow(struct stats_run *run)
{
	size_t cap = run->cap ? run->cap * 2 : 16;
	struct stats_snapshot *p;

	if (run->n < run->cap)
		return 0;
	p = realloc(run->snaps, cap * sizeof(*p));
	if (p == NULL)
		return -1;
	run->snaps = p;
	run->cap = cap;
	return 0;
}

/* Take a snapshot into the next slot of run. */
int64_t stats_run_take(struct stats_run *run, const struct guest_view *v,
		       enum cv_snapshot_trigger trigger, const char *label, uint64_t time_ns,
		       char *err, size_t errlen)
{
	struct stats_snapshot *s;

	if (grow(run) != 0) {
		snprintf(err, errlen, "out of memory for the statistics snapshot");
		return -1;
	}
	s = &run->snaps[run->n];
	if (stats_snapshot_take(s, v, trigger, label, time_ns, err, errlen) != 0)
		return -1;
	s->seq = run->n;
	return (int64_t)run->n++;
}

/* The latest snapshot. */
const struct stats_snapshot *stats_run_last(const struct stats_run *run)
{
	return run->n ? &run->snaps[run->n - 1] : NULL;
}

/* Free all snapshots of run. */
void stats_run_free(struct stats_run *run)
{
	for (size_t i = 0; i < run->n; i++)
		stats_snapshot_free(&run->snaps[i]);
	free(run->snaps);
	stats_run_init(run);
}
