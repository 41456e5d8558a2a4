/* Reading a --stats-json file in integration tests. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stats_doc.h"

char *stats_read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	long len;
	char *text;

	if (f == NULL)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = malloc((size_t)len + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)len, f), (size_t)len);
	text[len] = '\0';
	fclose(f);
	return text;
}

struct jnode *stats_load(const char *path)
{
	char *text = stats_read_text(path);
	struct jnode *doc = json_parse(text);

	if (doc == NULL)
		fail_msg("%s is not valid JSON:\n%.2000s", path, text);
	free(text);
	assert_string_equal(json_str(json_get(doc, "schema")), "cowvisor-stats/1");
	return doc;
}

const struct jnode *stats_snapshot(const struct jnode *doc, const char *label)
{
	const struct jnode *all = json_get(doc, "snapshots");

	for (size_t i = 0; i < json_len(all); i++)
		if (strcmp(json_str(json_get(json_at(all, i), "label")), label) == 0)
			return json_at(all, i);
	fail_msg("no snapshot labelled %s", label);
	return NULL;
}

long stats_num(const struct jnode *snap, const char *group, const char *field)
{
	const struct jnode *g = json_get(snap, group);

	assert_non_null(g);
	assert_non_null(json_get(g, field));
	return (long)json_num(json_get(g, field));
}

long stats_proc_num(const struct jnode *snap, long pid, const char *field)
{
	const struct jnode *ps = json_get(snap, "processes");

	for (size_t i = 0; i < json_len(ps); i++) {
		const struct jnode *p = json_at(ps, i);
		if ((long)json_num(json_get(p, "pid")) == pid) {
			assert_non_null(json_get(p, field));
			return (long)json_num(json_get(p, field));
		}
	}
	fail_msg("no process %ld in snapshot %s", pid, json_str(json_get(snap, "label")));
	return 0;
}

void stats_assert_audits(const struct jnode *doc)
{
	const struct jnode *all = json_get(doc, "snapshots");

	assert_true(json_len(all) > 0);
	for (size_t i = 0; i < json_len(all); i++) {
		const struct jnode *audit = json_get(json_at(all, i), "audit");
		if (!json_get(audit, "ok") || !json_get(audit, "ok")->b)
			fail_msg("audit not ok in snapshot %s", json_str(json_get(json_at(all, i), "label")));
		assert_int_equal(json_len(json_get(audit, "mismatches")), 0);
	}
}

/* Frames used at the snapshot, less the kernel heap's (which grows when
 * a program makes files and keeps its pages for reuse: not a leak). */
static long used_outside_heap(const struct jnode *snap)
{
	return stats_num(snap, "frames", "used") - stats_num(snap, "frames", "kernel_heap");
}

void stats_assert_clean(const struct jnode *doc)
{
	long start, end;

	stats_assert_audits(doc);
	start = used_outside_heap(stats_snapshot(doc, "start"));
	end = used_outside_heap(stats_snapshot(doc, "end"));
	if (start != end)
		fail_msg("%ld frames used (outside the kernel heap) at the start, %ld at the end",
			 start, end);
}

void stats_assert_clean_file(const char *path)
{
	struct jnode *doc = stats_load(path);

	stats_assert_clean(doc);
	json_free(doc);
	unlink(path);
}

const char *stats_ran_path(const struct cv_ran *ran)
{
	static char path[PATH_MAX];

	assert_non_null(ran->dir);
	snprintf(path, sizeof(path), "%s%s", ran->dir, CV_STATS_JSON + strlen(CV_DIR));
	return path;
}

void stats_check_clean(const struct cv_ran *ran)
{
	stats_assert_clean_file(stats_ran_path(ran));
}
