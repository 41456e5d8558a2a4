/* The statistics as a JSON document (DESIGN.md, schema cowvisor-stats/1). */
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json_out.h"

/* "frames" and "kernel" objects. */
static void put_totals(FILE *out, const struct stats_snapshot *s)
{
	const struct cv_counters *k = &s->kernel;

	fprintf(out, "      \"frames\": { \"total\": %llu, \"used\": %llu, \"free\": %llu },\n",
		(unsigned long long)s->frames_total, (unsigned long long)s->frames_used,
		(unsigned long long)s->frames_free);
	fprintf(out, "      \"kernel\": { \"forks\": %llu, \"vforks\": %llu, \"execs\": %llu, "
		"\"exits\": %llu, \"cow_faults\": %llu, \"cow_copies\": %llu, "
		"\"cow_reuses\": %llu },\n",
		(unsigned long long)k->forks, (unsigned long long)k->vforks,
		(unsigned long long)k->execs, (unsigned long long)k->exits,
		(unsigned long long)k->cow_faults, (unsigned long long)k->cow_copies,
		(unsigned long long)k->cow_reuses);
}

/* "sharing" object with the mapcount histogram. */
static void put_sharing(FILE *out, const struct stats_snapshot *s)
{
	fprintf(out, "      \"sharing\": { \"shared_frames\": %llu, \"saved_bytes\": %llu, "
		"\"mapcount_histogram\": {", (unsigned long long)s->shared_frames,
		(unsigned long long)s->saved_bytes);
	for (size_t i = 0; i < s->nhistogram; i++)
		fprintf(out, "%s \"%u\": %llu", i ? "," : "", (unsigned)s->histogram[i].mapcount,
			(unsigned long long)s->histogram[i].frames);
	fputs(" } },\n", out);
}

/* "audit" object. */
static void put_audit(FILE *out, const struct stats_snapshot *s)
{
	fprintf(out, "      \"audit\": { \"ok\": %s, \"mismatches\": [", s->audit_ok ? "true" : "false");
	for (size_t i = 0; i < s->nmismatches; i++) {
		const struct stats_mismatch *m = &s->mismatches[i];

		fprintf(out, "%s\n        { \"frame\": %llu, \"guest\": %u, \"walked\": %llu }",
			i ? "," : "", (unsigned long long)m->frame, (unsigned)m->guest,
			(unsigned long long)m->walked);
	}
	fputs(s->nmismatches ? " ]" : "]", out);
	if (s->mismatches_omitted)
		fprintf(out, ", \"mismatches_omitted\": %llu",
			(unsigned long long)s->mismatches_omitted);
	fputs(" },\n", out);
}

/* "errors" list (only when there are any). */
static void put_errors(FILE *out, const struct stats_snapshot *s)
{
	if (s->nerrors == 0 && s->errors_omitted == 0)
		return;
	fputs("      \"errors\": [", out);
	for (size_t i = 0; i < s->nerrors; i++) {
		fputs(i ? ",\n        " : "\n        ", out);
		json_put_string(out, s->errors[i]);
	}
	fputs(" ],\n", out);
	if (s->errors_omitted)
		fprintf(out, "      \"errors_omitted\": %llu,\n",
			(unsigned long long)s->errors_omitted);
}

/* One element of "processes". */
static void put_process(FILE *out, const struct stats_process *p)
{
	fprintf(out, "        { \"pid\": %u, \"ppid\": %u, \"state\": \"%s\", \"comm\": ",
		(unsigned)p->pid, (unsigned)p->ppid, stats_state_name(p->state));
	json_put_string(out, p->comm);
	fprintf(out, ", \"address_space\": \"0x%llx\", \"rss_pages\": %llu, \"pss_bytes\": %llu, "
		"\"uss_pages\": %llu, \"shared_pages\": %llu, \"cow_pages\": %llu, "
		"\"private_writable_pages\": %llu, \"pagetable_pages\": %llu }",
		(unsigned long long)p->address_space, (unsigned long long)p->rss_pages,
		(unsigned long long)p->pss_bytes, (unsigned long long)p->uss_pages,
		(unsigned long long)p->shared_pages, (unsigned long long)p->cow_pages,
		(unsigned long long)p->private_writable_pages,
		(unsigned long long)p->pagetable_pages);
}

/* One element of "snapshots". */
static void put_snapshot(FILE *out, const struct stats_snapshot *s)
{
	fprintf(out, "    { \"seq\": %llu, \"label\": ", (unsigned long long)s->seq);
	json_put_string(out, s->label);
	fprintf(out, ", \"trigger\": \"%s\", \"time_ns\": %llu,\n",
		stats_trigger_name(s->trigger), (unsigned long long)s->time_ns);
	put_totals(out, s);
	put_sharing(out, s);
	put_audit(out, s);
	put_errors(out, s);
	fputs("      \"processes\": [", out);
	for (size_t i = 0; i < s->nprocs; i++) {
		fputs(i ? ",\n" : "\n", out);
		put_process(out, &s->procs[i]);
	}
	fputs(s->nprocs ? " ] }" : "] }", out);
}

/* The whole document. */
void stats_put_json(FILE *out, const struct stats_run *run)
{
	fputs("{ \"schema\": \"" STATS_SCHEMA "\",\n  \"snapshots\": [", out);
	for (size_t i = 0; i < run->n; i++) {
		fputs(i ? ",\n" : "\n", out);
		put_snapshot(out, &run->snaps[i]);
	}
	fputs(run->n ? " ] }\n" : "] }\n", out);
}

/* Write to an open temporary file and make it durable; -1 on any error. */
static int write_tmp(FILE *f, const struct stats_run *run)
{
	stats_put_json(f, run);
	if (fflush(f) != 0 || ferror(f))
		return -1;
	return fsync(fileno(f));
}

/* Write the run to path through path.tmp and rename. */
int stats_write_json(const struct stats_run *run, const char *path, char *err, size_t errlen)
{
	char *tmp = NULL;
	FILE *f;
	int rc, saved;

	if (asprintf(&tmp, "%s.tmp", path) < 0) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	f = fopen(tmp, "w");
	if (f == NULL) {
		snprintf(err, errlen, "cannot create %s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	rc = write_tmp(f, run);
	saved = errno;
	if (fclose(f) != 0 && rc == 0)
		rc = -1, saved = errno;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1, saved = errno;
	if (rc != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(saved));
		unlink(tmp);
	}
	free(tmp);
	return rc;
}
