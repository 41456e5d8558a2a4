/* The statistics as a compact table on the terminal (like smem). */
#include "report.h"

#include <string.h>

#define TABLE_MAX_DETAILS 8 /* mismatches and errors printed per snapshot */

/* Copy s into buf with every byte outside printable ASCII as '?', so a
 * guest's label cannot drive the terminal. */
static const char *printable(const char *s, char *buf, size_t len)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < len; i++)
		buf[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	buf[i] = '\0';
	return buf;
}

/* The header line: sequence, label, totals, counters and audit. */
static void print_header(FILE *out, const struct stats_snapshot *s)
{
	char label[STATS_LABEL_MAX];

	fprintf(out, "cowvisor stats #%llu \"%s\" (%s, %llu.%06llu s): frames %llu used, %llu free; "
		"shared %llu frames, saved %llu KiB; cow faults %llu (copies %llu, reuses %llu); ",
		(unsigned long long)s->seq, printable(s->label, label, sizeof(label)),
		stats_trigger_name(s->trigger), (unsigned long long)(s->time_ns / 1000000000),
		(unsigned long long)(s->time_ns % 1000000000 / 1000),
		(unsigned long long)s->frames_used, (unsigned long long)s->frames_free,
		(unsigned long long)s->shared_frames, (unsigned long long)(s->saved_bytes / 1024),
		(unsigned long long)s->kernel.cow_faults, (unsigned long long)s->kernel.cow_copies,
		(unsigned long long)s->kernel.cow_reuses);
	if (s->page_tables_shared) /* on-demand fork */
		fprintf(out, "page tables shared %llu; ", (unsigned long long)s->page_tables_shared);
	if (s->audit_ok)
		fputs("audit ok\n", out);
	else
		fprintf(out, "audit FAILED (%llu mismatches, %llu errors)\n",
			(unsigned long long)(s->nmismatches + s->mismatches_omitted),
			(unsigned long long)(s->nerrors + s->errors_omitted));
}

/* The first few mismatches and errors under the header. */
static void print_details(FILE *out, const struct stats_snapshot *s)
{
	char msg[200];

	for (size_t i = 0; i < s->nmismatches && i < TABLE_MAX_DETAILS; i++)
		fprintf(out, "  mismatch: frame 0x%llx: kernel count %u, page tables %llu\n",
			(unsigned long long)s->mismatches[i].frame, (unsigned)s->mismatches[i].guest,
			(unsigned long long)s->mismatches[i].walked);
	for (size_t i = 0; i < s->nerrors && i < TABLE_MAX_DETAILS; i++)
		fprintf(out, "  error: %s\n", printable(s->errors[i], msg, sizeof(msg)));
}

/* One row per process; sizes in KiB, page tables in pages. */
static void print_rows(FILE *out, const struct stats_snapshot *s)
{
	char comm[CV_COMM_LEN + 1];

	fprintf(out, "  %6s %6s %-8s %-16s %9s %12s %9s %9s %9s %5s\n", "PID", "PPID", "STATE",
		"COMM", "RSS", "PSS", "USS", "SHARED", "COW", "PT");
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct stats_process *p = &s->procs[i];

		fprintf(out, "  %6u %6u %-8s %-16s %9llu %12.2f %9llu %9llu %9llu %5llu\n",
			(unsigned)p->pid, (unsigned)p->ppid, stats_state_name(p->state),
			printable(p->comm, comm, sizeof(comm)),
			(unsigned long long)p->rss_pages * 4, p->pss_bytes / 1024.0,
			(unsigned long long)p->uss_pages * 4, (unsigned long long)p->shared_pages * 4,
			(unsigned long long)p->cow_pages * 4, (unsigned long long)p->pagetable_pages);
	}
}

/* Print one snapshot. */
void report_print_table(FILE *out, const struct stats_snapshot *s)
{
	print_header(out, s);
	print_details(out, s);
	print_rows(out, s);
	fputs("  (RSS, PSS, USS, SHARED, COW in KiB; PT in pages)\n", out);
}
