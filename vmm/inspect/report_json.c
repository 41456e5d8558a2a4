/* The statistics as a JSON document (schema cowvisor-stats/1, the
 * README's "Statistics"). */
#include "report.h"

#include <stdio.h>

#include "json_out.h"

/* "frames" and "kernel" objects. */
static void put_totals(FILE *out, const struct stats_snapshot *s)
{
	const struct cv_counters *k = &s->kernel;

	fprintf(out, "      \"frames\": { \"total\": %llu, \"used\": %llu, \"free\": %llu, "
		"\"kernel_heap\": %llu },\n",
		(unsigned long long)s->frames_total, (unsigned long long)s->frames_used,
		(unsigned long long)s->frames_free, (unsigned long long)s->frames_heap);
	fprintf(out, "      \"kernel\": { \"forks\": %llu, \"vforks\": %llu, \"execs\": %llu, "
		"\"exits\": %llu, \"cow_faults\": %llu, \"cow_copies\": %llu, "
		"\"cow_reuses\": %llu, \"pt_shares\": %llu, \"pt_copies\": %llu, "
		"\"pt_reclaims\": %llu, \"fork_frame_refs\": %llu },\n",
		(unsigned long long)k->forks, (unsigned long long)k->vforks,
		(unsigned long long)k->execs, (unsigned long long)k->exits,
		(unsigned long long)k->cow_faults, (unsigned long long)k->cow_copies,
		(unsigned long long)k->cow_reuses, (unsigned long long)k->pt_shares,
		(unsigned long long)k->pt_copies, (unsigned long long)k->pt_reclaims,
		(unsigned long long)k->fork_frame_refs);
}

/* "sharing" object with the mapcount histogram. */
static void put_sharing(FILE *out, const struct stats_snapshot *s)
{
	fprintf(out, "      \"sharing\": { \"shared_frames\": %llu, \"saved_bytes\": %llu, "
		"\"page_tables_shared\": %llu, \"mapcount_histogram\": {",
		(unsigned long long)s->shared_frames, (unsigned long long)s->saved_bytes,
		(unsigned long long)s->page_tables_shared);
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

/* A process's "mappings": its regions. */
static void put_mappings(FILE *out, const struct stats_process *p)
{
	fputs(",\n          \"mappings\": [", out);
	for (size_t i = 0; i < p->nmaps; i++) {
		const struct inspect_mapping *m = &p->maps[i];
		char prot[4];

		fprintf(out, "%s{ \"start\": \"0x%llx\", \"end\": \"0x%llx\", \"prot\": \"%s\", "
			"\"kind\": \"%s\" }", i ? ",\n            " : "\n            ",
			(unsigned long long)m->start, (unsigned long long)m->end,
			inspect_prot_string(m->prot, prot), inspect_mapping_kind(m));
	}
	fputs("]", out);
}

/* A process's "pages": [va, pages, frame, mapcount, flags] runs. */
static void put_pages(FILE *out, const struct stats_process *p)
{
	fputs(",\n          \"pages\": [", out);
	for (size_t i = 0; i < p->pages.n; i++) {
		const struct page_run *r = &p->pages.r[i];

		fprintf(out, "%s[%llu,%u,%llu,%u,%u]", i == 0 ? "" : (i % 8 ? "," : ",\n            "),
			(unsigned long long)r->va, (unsigned)r->n, (unsigned long long)r->pfn,
			(unsigned)r->mapcount, (unsigned)r->flags);
	}
	fputs("]", out);
}

/* One element of "processes" (pages when with_pages and taken). */
static void put_process(FILE *out, const struct stats_process *p, bool with_pages)
{
	fprintf(out, "        { \"pid\": %u, \"ppid\": %u, \"state\": \"%s\", \"comm\": ",
		(unsigned)p->pid, (unsigned)p->ppid, stats_state_name(p->state));
	json_put_string(out, p->comm);
	fprintf(out, ", \"address_space\": \"0x%llx\", \"rss_pages\": %llu, \"pss_bytes\": %llu, "
		"\"uss_pages\": %llu, \"shared_pages\": %llu, \"cow_pages\": %llu, "
		"\"private_writable_pages\": %llu, \"pagetable_pages\": %llu, "
		"\"pt_shared\": %llu, "
		"\"file_pages\": %llu, \"anon_pages\": %llu, \"map_shared_pages\": %llu",
		(unsigned long long)p->address_space, (unsigned long long)p->rss_pages,
		(unsigned long long)p->pss_bytes, (unsigned long long)p->uss_pages,
		(unsigned long long)p->shared_pages, (unsigned long long)p->cow_pages,
		(unsigned long long)p->private_writable_pages,
		(unsigned long long)p->pagetable_pages, (unsigned long long)p->pt_shared,
		(unsigned long long)p->file_pages,
		(unsigned long long)p->anon_pages, (unsigned long long)p->map_shared_pages);
	fprintf(out, ", \"origin\": \"%s\", \"execs\": %u, \"abi\": \"%s\"",
		stats_origin_name(p->origin), (unsigned)p->execs, stats_abi_name(p->abi));
	put_mappings(out, p);
	if (with_pages)
		put_pages(out, p);
	fputs(" }", out);
}

/* The document's opening. */
void report_json_begin(FILE *out)
{
	fputs("{ \"schema\": \"" STATS_SCHEMA "\",\n  \"snapshots\": [", out);
}

/* One element of "snapshots", after its separator. */
void report_json_snapshot(FILE *out, const struct stats_snapshot *s, bool first)
{
	report_json_snapshot_opt(out, s, first, true);
}

/* The same, with the page runs only when with_pages. */
void report_json_snapshot_opt(FILE *out, const struct stats_snapshot *s, bool first,
			     bool with_pages)
{
	fputs(first ? "\n" : ",\n", out);
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
		put_process(out, &s->procs[i], with_pages && s->has_pages);
	}
	fputs(s->nprocs ? " ] }" : "] }", out);
}

/* The document's end. */
void report_json_end(FILE *out, bool empty)
{
	fputs(empty ? "] }\n" : " ] }\n", out);
}
