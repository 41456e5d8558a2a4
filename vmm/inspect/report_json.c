/* The statistics as a JSON document (schema cowvisor-stats/1, the
 * README's "Statistics"). */
#include "report.h"

#include <stddef.h>
#include <stdio.h>

#include "json_out.h"

#define N_FIELDS(a) (sizeof(a) / sizeof((a)[0]))

/* "frames": the snapshot's frame totals, by JSON name. */
static const struct json_u64_field frame_fields[] = {
	JSON_U64_FIELD(struct stats_snapshot, frames_total, "total"),
	JSON_U64_FIELD(struct stats_snapshot, frames_used, "used"),
	JSON_U64_FIELD(struct stats_snapshot, frames_free, "free"),
	JSON_U64_FIELD(struct stats_snapshot, frames_heap, "kernel_heap"),
};

/* "kernel": the kernel's counters, by JSON name. */
static const struct json_u64_field kernel_fields[] = {
	JSON_U64_MEMBER(struct cv_counters, forks),
	JSON_U64_MEMBER(struct cv_counters, vforks),
	JSON_U64_MEMBER(struct cv_counters, execs),
	JSON_U64_MEMBER(struct cv_counters, exits),
	JSON_U64_MEMBER(struct cv_counters, cow_faults),
	JSON_U64_MEMBER(struct cv_counters, cow_copies),
	JSON_U64_MEMBER(struct cv_counters, cow_reuses),
	JSON_U64_MEMBER(struct cv_counters, pt_shares),
	JSON_U64_MEMBER(struct cv_counters, pt_copies),
	JSON_U64_MEMBER(struct cv_counters, pt_reclaims),
	JSON_U64_MEMBER(struct cv_counters, fork_frame_refs),
};

/* "sharing": the snapshot's sharing totals, by JSON name. */
static const struct json_u64_field sharing_fields[] = {
	JSON_U64_MEMBER(struct stats_snapshot, shared_frames),
	JSON_U64_MEMBER(struct stats_snapshot, saved_bytes),
	JSON_U64_MEMBER(struct stats_snapshot, page_tables_shared),
};

/* A process's numbers, by JSON name. */
static const struct json_u64_field process_fields[] = {
	JSON_U64_MEMBER(struct stats_process, rss_pages),
	JSON_U64_MEMBER(struct stats_process, pss_bytes),
	JSON_U64_MEMBER(struct stats_process, uss_pages),
	JSON_U64_MEMBER(struct stats_process, shared_pages),
	JSON_U64_MEMBER(struct stats_process, cow_pages),
	JSON_U64_MEMBER(struct stats_process, private_writable_pages),
	JSON_U64_MEMBER(struct stats_process, pagetable_pages),
	JSON_U64_MEMBER(struct stats_process, pt_shared),
	JSON_U64_MEMBER(struct stats_process, file_pages),
	JSON_U64_MEMBER(struct stats_process, anon_pages),
	JSON_U64_MEMBER(struct stats_process, map_shared_pages),
};

/* "frames" and "kernel" objects. */
static void put_totals(FILE *out, const struct stats_snapshot *s)
{
	fputs("      \"frames\": { ", out);
	json_put_u64_fields(out, s, frame_fields, N_FIELDS(frame_fields));
	fputs(" },\n      \"kernel\": { ", out);
	json_put_u64_fields(out, &s->kernel, kernel_fields, N_FIELDS(kernel_fields));
	fputs(" },\n", out);
}

/* "sharing" object with the mapcount histogram. */
static void put_sharing(FILE *out, const struct stats_snapshot *s)
{
	fputs("      \"sharing\": { ", out);
	json_put_u64_fields(out, s, sharing_fields, N_FIELDS(sharing_fields));
	fputs(", \"mapcount_histogram\": {", out);
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
	fprintf(out, ", \"address_space\": \"0x%llx\", ", (unsigned long long)p->address_space);
	json_put_u64_fields(out, p, process_fields, N_FIELDS(process_fields));
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
