/* Integration: memory mappings and execve arguments as Linux defines them
 * (tests/progs/mm_linux.c), in every build (i386 and x86-64, glibc and
 * musl): every case goes as
 * expected, every statistics audit holds, the kernel's frame count is back
 * where it started, and shared anonymous memory shows exact numbers after
 * fork (pages first touched after fork shared too, never copied). */
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
#define CASES 19          /* the cases mm_linux reports, statistics run included */
#define SHM_PAGES 16      /* mm_linux's shared mapping; half touched before fork */

/* The pid of the (one) child of ppid in a snapshot. */
static long child_of(const struct jnode *s, long ppid)
{
	const struct jnode *ps = json_get(s, "processes");

	for (size_t i = 0; i < json_len(ps); i++)
		if ((long)json_num(json_get(json_at(ps, i), "ppid")) == ppid)
			return (long)json_num(json_get(json_at(ps, i), "pid"));
	fail_msg("no child of %ld in snapshot %s", ppid, json_str(json_get(s, "label")));
	return 0;
}

/* Shared anonymous memory after fork (the case's process, a child of
 * init, is the parent): the child's writes to the half touched only now
 * take SHM_PAGES/2 new frames; the parent's reads of them take none and
 * make them shared (mapcount 2); nothing is copied. */
static void assert_shared_anon_numbers(const struct jnode *doc)
{
	const struct jnode *forked = stats_snapshot(doc, "shm-forked");
	const struct jnode *wrote = stats_snapshot(doc, "shm-child-wrote");
	const struct jnode *read = stats_snapshot(doc, "shm-parent-read");
	long parent = child_of(forked, 1), child = child_of(forked, parent), half = SHM_PAGES / 2;

	assert_int_equal(stats_num(wrote, "frames", "used") - stats_num(forked, "frames", "used"), half);
	assert_int_equal(stats_proc_num(wrote, child, "rss_pages") - stats_proc_num(forked, child, "rss_pages"), half);
	assert_int_equal(stats_proc_num(wrote, child, "uss_pages") - stats_proc_num(forked, child, "uss_pages"), half);
	assert_int_equal(stats_proc_num(wrote, parent, "rss_pages"), stats_proc_num(forked, parent, "rss_pages"));

	assert_int_equal(stats_num(read, "frames", "used"), stats_num(wrote, "frames", "used"));
	assert_int_equal(stats_proc_num(read, parent, "rss_pages") - stats_proc_num(wrote, parent, "rss_pages"), half);
	assert_int_equal(stats_proc_num(read, parent, "shared_pages") - stats_proc_num(wrote, parent, "shared_pages"), half);
	assert_int_equal(stats_proc_num(read, parent, "uss_pages"), stats_proc_num(wrote, parent, "uss_pages"));
	assert_int_equal(stats_proc_num(read, child, "shared_pages") - stats_proc_num(wrote, child, "shared_pages"), half);
	assert_int_equal(stats_num(read, "sharing", "shared_frames") - stats_num(wrote, "sharing", "shared_frames"), half);
	/* A copy of a shared page would have taken a frame and left the page
	 * unshared; the kernel's COW counters are no measure here, since both
	 * processes' own first stack writes after fork are COW faults, and
	 * which of them falls between the snapshots depends on scheduling. */
}

/* Run mm_linux of one libc with --stats-json and check all of it. */
static void run_mm_linux(const char *prog)
{
	char json[128], expect[64];
	struct run_result r;
	struct jnode *doc;

	snprintf(json, sizeof(json), "/tmp/cowvisor-mm-%d-%ld.json", (int)getpid(), random());
	cv_run(&r, ARGS("run", "--mem", "64M", "--stats-json", json, "--append", "quiet", prog), NULL);
	if (r.status != 0)
		fail_msg("status %d\n%s\n%s", r.status, r.out, r.err);
	snprintf(expect, sizeof(expect), "mm_linux: %d of %d as expected", CASES, CASES);
	assert_contains(r.out, expect);
	assert_true(strstr(r.out, "WRONG") == NULL);
	run_result_free(&r);
	doc = stats_load(json);
	unlink(json);
	stats_assert_clean(doc);
	assert_shared_anon_numbers(doc);
	json_free(doc);
}

/* mm_linux of build (one of cv_builds); skipped for a musl set not built. */
static void mm_linux_of(void **state)
{
	const char *prog = cv_prog(*state, "mm_linux");

	REQUIRE_KVM();
	if (prog == NULL)
		skip();
	run_mm_linux(prog);
}

int main(void)
{
	static char names[CV_BUILDS_ALL][32];
	struct CMUnitTest tests[CV_BUILDS_ALL];

	for (int i = 0; i < CV_BUILDS_ALL; i++) { /* mm_linux_glibc, ..., mm_linux_musl64 */
		snprintf(names[i], sizeof(names[i]), "mm_linux_%s", cv_builds[i]);
		tests[i] = (struct CMUnitTest){ .name = names[i], .test_func = mm_linux_of,
						.initial_state = (void *)cv_builds[i] };
	}
	return cmocka_run_group_tests_name("mm", tests, NULL, NULL);
}
