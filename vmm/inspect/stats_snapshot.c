/* A snapshot's error list and its release (stats_snapshot.h). */
#include "stats_snapshot.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* Keep an error message in s, or count it when s is full. */
void stats_add_error(struct stats_snapshot *s, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;
	int n;

	if (s->nerrors == STATS_MAX_ERRORS) {
		s->errors_omitted++;
		return;
	}
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0) {
		s->errors_omitted++;
		return;
	}
	s->errors[s->nerrors++] = msg;
}

/* Free a snapshot's arrays and messages. */
void stats_snapshot_free(struct stats_snapshot *s)
{
	for (size_t i = 0; s->procs && i < s->nprocs; i++) {
		free(s->procs[i].maps);
		page_runs_free(&s->procs[i].pages);
	}
	free(s->procs);
	free(s->histogram);
	for (size_t i = 0; i < s->nerrors; i++)
		free(s->errors[i]);
	s->procs = NULL;
	s->histogram = NULL;
	s->nprocs = s->nhistogram = s->nerrors = 0;
}
