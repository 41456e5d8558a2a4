/* Integration: the writable file tree. tests/progs/fswrite exercises every
 * call that changes the tree and its errors, and prints the same under
 * cowvisor as on the host (glibc and musl); it fills a small guest to
 * ENOSPC without harm; tests/progs/filemap maps a file shared and private
 * in two processes, and the statistics count file-backed, MAP_SHARED and
 * shared pages with the frame audit exact. */
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
#define N 64 /* file pages filemap maps */
#define K 16 /* pages the child writes through each mapping */

/* The line of a where a and b first differ. */
static const char *first_difference(const char *a, const char *b)
{
	const char *line = a;

	for (; *a && *a == *b; a++, b++)
		if (*a == '\n')
			line = a + 1;
	return line;
}

/* fswrite prints the same in the guest's root as on the host in a
 * temporary directory, and everything it checks holds. */
static void fswrite_matches_host(void **state)
{
	static const char *const env[] = { "PATH=/bin:/usr/bin", "HOME=/", "TERM=dumb",
					   "GREETING=moo", NULL };

	(void)state;
	REQUIRE_KVM();
	for (int i = 0; i < CV_BUILDS_ALL; i++) {
		char dir[] = "/tmp/cowvisor-fswrite-XXXXXX";
		struct run_result g, h;
		const char *p = cv_prog(cv_builds[i], "fswrite");

		if (!p)
			continue;
		assert_non_null(mkdtemp(dir));
		cv_run(&g, ARGS("run", "--append", "quiet", p, "/"), NULL);
		host_run(&h, p, "fswrite", ARGS(dir), env);
		assert_int_equal(h.status, 0);
		if (g.status != 0 || strcmp(g.out, h.out) != 0)
			fail_msg("%s: status %d, first difference:\nguest: %.300s\nhost:  %.300s\nstderr: %.500s",
				 cv_builds[i], g.status, first_difference(g.out, h.out),
				 first_difference(h.out, g.out), g.err);
		assert_contains(g.out, "fswrite: ok");
		run_result_free(&g);
		run_result_free(&h);
		assert_int_equal(rmdir(dir), 0); /* fswrite removed all it made */
	}
}

/* Writing until the guest's memory is full gives ENOSPC (never a panic),
 * mkdir then fails too, and removing the file gives the space back. */
static const struct cv_case fswrite_fills_to_enospc[] = {
	{ .args = W("run", "--mem", "24M", "--append", "quiet", CV_PROG, "/", "enospc"),
	  .prog = "fswrite", .kvm = true,
	  .out = W("filled: ENOSPC after some data", "mkdir when full: -1 ENOSPC",
		   "space back after unlink: yes", "ftruncate too big: -1 EFBIG", "fswrite: ok") },
	{ 0 },
};

/* After fork both processes map the N file pages shared (MAP_SHARED,
 * file-backed, mapcount 2) and the private mapping's unwritten pages are
 * the file's too; the child's K private writes are anonymous copies. */
static void check_file_mappings(const struct cv_ran *ran)
{
	const struct jnode *start, *mapped, *wrote, *end;
	struct jnode *doc = stats_load(stats_ran_path(ran));

	start = stats_snapshot(doc, "start");
	mapped = stats_snapshot(doc, "mapped");
	wrote = stats_snapshot(doc, "child-wrote");
	end = stats_snapshot(doc, "end");
	for (const struct jnode *s = mapped; s; s = s == mapped ? wrote : s == wrote ? end : NULL) {
		assert_true(json_get(json_get(s, "audit"), "ok")->b); /* the frame audit is exact */
		assert_int_equal(json_len(json_get(json_get(s, "audit"), "mismatches")), 0);
	}
	/* one process: both mappings read in full are the file's frames */
	assert_true(stats_proc_num(mapped, 1, "file_pages") - stats_proc_num(start, 1, "file_pages") >= 2 * N);
	assert_int_equal(stats_proc_num(mapped, 1, "map_shared_pages"), N);
	assert_int_equal(stats_proc_num(mapped, 1, "anon_pages") + stats_proc_num(mapped, 1, "file_pages"),
			 stats_proc_num(mapped, 1, "rss_pages"));
	/* after fork: each maps N shared pages, the child K copies of its own */
	for (long pid = 1; pid <= 2; pid++) {
		assert_int_equal(stats_proc_num(wrote, pid, "map_shared_pages"), N);
		assert_true(stats_proc_num(wrote, pid, "shared_pages") >= 2 * N - K);
	}
	assert_true(stats_proc_num(wrote, 1, "file_pages") - stats_proc_num(wrote, 2, "file_pages") >= K);
	assert_true(stats_proc_num(wrote, 2, "anon_pages") - stats_proc_num(wrote, 1, "anon_pages") >= K);
	assert_true(stats_num(wrote, "sharing", "shared_frames") >= 2 * N - K);
	/* the file's frames went back when it was removed */
	assert_true(stats_num(end, "frames", "used") - stats_num(start, "frames", "used") <=
		    stats_proc_num(end, 1, "rss_pages") - stats_proc_num(start, 1, "rss_pages") +
		    stats_proc_num(end, 1, "pagetable_pages") - stats_proc_num(start, 1, "pagetable_pages"));
	json_free(doc);
}

/* filemap's run and its file-backed, MAP_SHARED and shared page counts. */
static const struct cv_case file_mappings_in_statistics[] = {
	{ .args = W("run", "--stats-json", CV_STATS_JSON, "--append", "quiet", CV_PROG, CV_WORD(N),
		    CV_WORD(K)),
	  .prog = "filemap", .kvm = true, .out = W("filemap: ok"), .check = check_file_mappings },
	{ 0 },
};

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fswrite_matches_host),
		CV_CASES_TEST(fswrite_fills_to_enospc),
		CV_CASES_TEST(file_mappings_in_statistics),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
