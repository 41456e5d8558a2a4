/* The statistics entry points for the run loop. */
#include "inspector.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../shared/introspect.h"
#include "guest_view.h"
#include "report.h"
#include "report_html.h"
#include "../util.h"

/* Find the root symbol in the kernel's ELF file. */
int inspector_init(struct inspector *in, const char *kernel_path, char *err, size_t errlen)
{
	uint64_t vaddr;

	if (introspect_locate(kernel_path, &vaddr, err, errlen) != 0)
		return -1;
	inspector_init_at(in, vaddr);
	return 0;
}

/* Start with a known root address. */
void inspector_init_at(struct inspector *in, uint64_t root_vaddr)
{
	in->root_vaddr = root_vaddr;
	stats_run_init(&in->run);
	in->json = (struct outfile){ .fd = -1 };
	in->json_pages = false;
	in->html = (struct outfile){ .fd = -1 };
}

/* Page runs for every snapshot, in the JSON too. */
void inspector_want_pages(struct inspector *in)
{
	in->json_pages = true;
	in->run.want_pages = true;
}

/* What one JSON piece of the document is. */
enum json_piece { PIECE_BEGIN, PIECE_SNAPSHOT, PIECE_END };

/* Write a piece of the JSON document into the HTML, '<' escaped (through
 * a memory stream; a failure is the output's error). */
static void html_piece(struct inspector *in, enum json_piece piece, const struct stats_snapshot *s,
		       bool first)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (m == NULL) {
		in->html.error = in->html.error ? in->html.error : ENOMEM;
		return;
	}
	if (piece == PIECE_BEGIN)
		report_json_begin(m);
	else if (piece == PIECE_SNAPSHOT)
		report_json_snapshot_opt(m, s, first, true);
	else
		report_json_end(m, first);
	if (fclose(m) != 0)
		in->html.error = in->html.error ? in->html.error : ENOMEM;
	else
		report_html_json(in->html.f, buf, len);
	free(buf);
}

/* Open the HTML output and write the template's head and the JSON's. */
int inspector_open_html(struct inspector *in, const char *path, char *err, size_t errlen)
{
	if (outfile_open(&in->html, path, err, errlen) != 0)
		return -1;
	in->run.want_pages = true; /* the page map needs them */
	report_html_begin(in->html.f);
	html_piece(in, PIECE_BEGIN, NULL, false);
	return 0;
}

/* Open the JSON output and write the document's head. */
int inspector_open_json(struct inspector *in, const char *path, char *err, size_t errlen)
{
	if (outfile_open(&in->json, path, err, errlen) != 0)
		return -1;
	report_json_begin(in->json.f);
	return 0;
}

/* Validate the root, then snapshot. */
int64_t inspector_snapshot(struct inspector *in, const struct guest_mem *gm,
			   enum cv_snapshot_trigger trigger, const char *label,
			   uint64_t time_ns, char *err, size_t errlen)
{
	struct guest_view v;
	char why[300];
	int64_t seq;

	if (introspect_open(&v, gm, in->root_vaddr, why, sizeof(why)) != 0) {
		snprintf(err, errlen, "statistics: %s", why);
		return -1;
	}
	seq = stats_run_take(&in->run, &v, trigger, label, time_ns, err, errlen);
	if (seq >= 0 && in->json.f)
		report_json_snapshot_opt(in->json.f, &in->run.last, seq == 0, in->json_pages);
	if (seq >= 0 && in->html.f)
		html_piece(in, PIECE_SNAPSHOT, &in->run.last, seq == 0);
	return seq;
}

/* The latest snapshot. */
const struct stats_snapshot *inspector_last(const struct inspector *in)
{
	return stats_run_last(&in->run);
}

/* Complete the JSON and put it in place. */
int inspector_finish(struct inspector *in, char *err, size_t errlen)
{
	int rc = 0;

	if (in->json.f) {
		report_json_end(in->json.f, in->run.n == 0);
		rc = outfile_commit(&in->json, err, errlen);
	}
	if (in->html.f) {
		html_piece(in, PIECE_END, NULL, in->run.n == 0);
		report_html_end(in->html.f);
		char why[512];

		if (outfile_commit(&in->html, why, sizeof(why)) != 0 && rc == 0)
			rc = errorf(err, errlen, "%s", why); /* each output on its own; the first error told */
	}
	return rc;
}

/* Free the run. */
void inspector_free(struct inspector *in)
{
	outfile_abort(&in->json);
	outfile_abort(&in->html);
	stats_run_free(&in->run);
}
