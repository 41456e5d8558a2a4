/* Integration: on-demand fork (fork=share, the default) with exact numbers
 * from the statistics (tests/progs/odfork.c), its reference counts audited
 * over many fork/exit cycles, and fork=copy (the eager page-table copy)
 * still doing copy-on-write. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "stats_doc.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define PAGES 2048           /* odfork's pages: 4 page tables of 512 */
#define PAGES_ARG "2048"
#define CYCLES 1000          /* fork/exit cycles audited (~40 s on kvm-pvm) */
#define CYCLES_ARG "1000"

/* Run cowvisor with guest memory mem, the kernel words append and prog
 * with arg (or none: NULL) after them, expect status 0 and want in
 * stdout; return the --stats-json document. */
static struct jnode *run_doc(const char *mem, const char *append, const char *prog, const char *arg,
			     const char *want)
{
	char json[128];
	struct run_result r;
	struct jnode *doc;

	snprintf(json, sizeof(json), "/tmp/cowvisor-odfork-%d-%ld.json", (int)getpid(), random());
	cv_run(&r, ARGS("run", "--mem", mem, "--timeout", "300", "--stats-json", json,
			"--append", append, prog, arg), NULL);
	if (r.status != 0)
		fail_msg("status %d\nstdout:\n%s\nstderr:\n%s", r.status, r.out, r.err);
	assert_contains(r.out, want);
	run_result_free(&r);
	doc = stats_load(json);
	unlink(json);
	stats_assert_audits(doc);
	return doc;
}

/* A kernel counter's growth from snapshot a to snapshot b. */
static long grew(const struct jnode *doc, const char *a, const char *b, const char *group,
		 const char *field)
{
	return stats_num(stats_snapshot(doc, b), group, field) -
	       stats_num(stats_snapshot(doc, a), group, field);
}

/* The pid of the process in s that is not init (pid 1). */
static long other_pid(const struct jnode *s)
{
	const struct jnode *ps = json_get(s, "processes");

	for (size_t i = 0; i < json_len(ps); i++)
		if ((long)json_num(json_get(json_at(ps, i), "pid")) != 1)
			return (long)json_num(json_get(json_at(ps, i), "pid"));
	fail_msg("no child in snapshot %s", json_str(json_get(s, "label")));
	return 0;
}

/* fork=share: fork takes no data-frame reference; the second fork shares
 * PAGES / 512 page tables more than the first; both processes hold every
 * shared table; the child's one write copies exactly one table and one
 * page. */
static void check_shared(const struct jnode *doc)
{
	const struct jnode *after = stats_snapshot(doc, "after-2");
	const struct jnode *ready = stats_snapshot(doc, "child-ready");
	const struct jnode *wrote = stats_snapshot(doc, "child-wrote");
	long child = other_pid(after), tables = PAGES / 512;

	assert_int_equal(grew(doc, "before-1", "after-1", "kernel", "fork_frame_refs"), 0);
	assert_int_equal(grew(doc, "before-2", "after-2", "kernel", "fork_frame_refs"), 0);
	assert_int_equal(grew(doc, "before-2", "after-2", "kernel", "pt_shares") -
			 grew(doc, "before-1", "after-1", "kernel", "pt_shares"), tables);
	assert_true(stats_num(after, "sharing", "page_tables_shared") >= tables);
	assert_int_equal(stats_proc_num(after, 1, "pt_shared"), stats_num(after, "sharing", "page_tables_shared"));
	assert_int_equal(stats_proc_num(after, child, "pt_shared"), stats_num(after, "sharing", "page_tables_shared"));
	/* one frame under one shared table from two spaces: mapcount 2 */
	assert_true(stats_num(after, "sharing", "shared_frames") >= PAGES);
	assert_true(stats_proc_num(after, child, "cow_pages") >= PAGES);

	assert_int_equal(grew(doc, "child-ready", "child-wrote", "kernel", "pt_copies"), 1);
	assert_int_equal(grew(doc, "child-ready", "child-wrote", "kernel", "pt_reclaims"), 0);
	assert_int_equal(grew(doc, "child-ready", "child-wrote", "kernel", "cow_copies"), 1);
	assert_int_equal(grew(doc, "child-ready", "child-wrote", "frames", "used"), 2);
	assert_int_equal(grew(doc, "child-ready", "child-wrote", "sharing", "page_tables_shared"), -1);
	assert_int_equal(grew(doc, "child-ready", "child-wrote", "sharing", "shared_frames"), -1);
	assert_int_equal(stats_proc_num(ready, child, "pt_shared") - stats_proc_num(wrote, child, "pt_shared"), 1);
	assert_int_equal(stats_proc_num(ready, child, "rss_pages"), stats_proc_num(wrote, child, "rss_pages"));
}

/* On-demand fork's numbers, in every build of odfork. */
static void shared_tables_exact_numbers(void **state)
{
	(void)state;
	REQUIRE_KVM();
	for (int b = 0; b < CV_BUILDS_ALL; b++) {
		const char *prog = cv_prog(cv_builds[b], "odfork");
		struct jnode *doc;

		if (prog == NULL)
			continue;
		doc = run_doc("64M", "quiet", prog, PAGES_ARG, "odfork: " PAGES_ARG " pages, child status 0, parent's page kept");
		check_shared(doc);
		json_free(doc);
	}
}

/* fork=copy: fork copies the entries (one data-frame reference per
 * present page) and shares no table; the child's write copies one page. */
static void copy_mode_copies_entries(void **state)
{
	struct jnode *doc;
	const struct jnode *after;

	(void)state;
	REQUIRE_KVM();
	doc = run_doc("64M", "quiet fork=copy", build_file("progs/glibc/odfork"), PAGES_ARG,
		      "odfork: " PAGES_ARG " pages, child status 0, parent's page kept");
	after = stats_snapshot(doc, "after-2");
	assert_int_equal(stats_num(stats_snapshot(doc, "final"), "kernel", "pt_shares"), 0);
	assert_int_equal(stats_num(stats_snapshot(doc, "final"), "kernel", "pt_copies"), 0);
	assert_true(grew(doc, "before-2", "after-2", "kernel", "fork_frame_refs") >= PAGES);
	assert_int_equal(stats_num(after, "sharing", "page_tables_shared"), 0);
	assert_true(stats_num(after, "sharing", "shared_frames") >= PAGES);
	assert_int_equal(grew(doc, "child-ready", "child-wrote", "kernel", "cow_copies"), 1);
	assert_int_equal(grew(doc, "child-ready", "child-wrote", "frames", "used"), 1);
	json_free(doc);
}

/* A 256 MiB sparse mapping (128 tables: whole words of the table map):
 * fork shares every table, the child's write copies one, and after the
 * child and then its parent (the last holder of every table) are gone,
 * the frames used are as at the start, audits clean; in every build. */
static void big_mapping_tables_dropped(void **state)
{
	(void)state;
	REQUIRE_KVM();
	for (int b = 0; b < CV_BUILDS_ALL; b++) {
		const char *prog = cv_prog(cv_builds[b], "odfork_big");
		struct jnode *doc;

		if (prog == NULL)
			continue;
		doc = run_doc("320M", "quiet", prog, NULL, "odfork_big: 128 tables, status 0");
		assert_true(grew(doc, "big-before", "big-after", "kernel", "pt_shares") >= 128);
		assert_int_equal(grew(doc, "big-before", "big-after", "kernel", "fork_frame_refs"), 0);
		assert_true(grew(doc, "big-before", "end", "kernel", "pt_copies") >= 1); /* the child's write */
		stats_assert_clean(doc);
		json_free(doc);
	}
}

/* Many fork/exit/wait cycles with shared tables: every table was shared
 * (no data-frame reference taken by fork), the books are clean at the end
 * and no frame leaked. */
static void many_cycles_audit_clean(void **state)
{
	struct jnode *doc;
	const struct jnode *end;

	(void)state;
	REQUIRE_KVM();
	doc = run_doc("64M", "quiet", build_file("progs/glibc/forkloop"), CYCLES_ARG,
		      CYCLES_ARG " fork/exit/wait cycles: free pages");
	end = stats_snapshot(doc, "final");
	assert_true(stats_num(end, "kernel", "forks") > CYCLES);
	assert_true(stats_num(end, "kernel", "pt_shares") >= 2 * CYCLES);
	assert_int_equal(stats_num(end, "kernel", "fork_frame_refs"), 0);
	assert_int_equal(stats_num(end, "sharing", "page_tables_shared"), 0);
	json_free(doc);
}

/* The copy-on-write programs behave the same with fork=copy. */
static void copy_mode_keeps_cow(void **state)
{
	struct run_result g;

	(void)state;
	REQUIRE_KVM();
	cv_run(&g, ARGS("run", "--mem", "64M", "--append", "quiet fork=copy",
			build_file("progs/glibc/cowbig"), "40"), NULL);
	assert_int_equal(g.status, 0);
	assert_contains(g.out, "round 2: forked and reaped a 40 MiB process");
	assert_contains(g.out, "free memory unchanged");
	run_result_free(&g);
	cv_run(&g, ARGS("run", "--append", "quiet fork=copy", build_file("progs/glibc/cowwrite")), NULL);
	assert_int_equal(g.status, 0);
	assert_contains(g.out, "three generations: each sees its own");
	assert_contains(g.out, "read into shared buffer: parent unchanged");
	run_result_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shared_tables_exact_numbers),
		cmocka_unit_test(copy_mode_copies_entries),
		cmocka_unit_test(big_mapping_tables_dropped),
		cmocka_unit_test(many_cycles_audit_clean),
		cmocka_unit_test(copy_mode_keeps_cow),
	};

	return cmocka_run_group_tests_name("odfork", tests, NULL, NULL);
}
