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

#define CASES 29          /* the cases mm_linux reports, statistics run included */
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

/* The run's books are clean and its shared anonymous memory shows the
 * exact numbers. */
static void check_mm_stats(const struct cv_ran *ran)
{
	struct jnode *doc = stats_load(stats_ran_path(ran));

	stats_assert_clean(doc);
	assert_shared_anon_numbers(doc);
	json_free(doc);
}

/* mm_linux in one build (bit i of CV_IN_*: cv_builds[i]), with
 * --stats-json: every case as expected, then its statistics. */
#define MM_LINUX_IN(bit_)                                                                     \
	{ { .args = W("run", "--mem", "64M", "--stats-json", CV_STATS_JSON, "--append", "quiet",   \
		      CV_PROG),                                                                \
	    .prog = "mm_linux", .builds = bit_, .kvm = true,                                    \
	    .out = W("mm_linux: " CV_WORD(CASES) " of " CV_WORD(CASES) " as expected"),              \
	    .out_not = W("WRONG"), .check = check_mm_stats },                                  \
	  { 0 } }

/* mm_linux of each build, one test each (mm_linux_glibc ... mm_linux_musl64). */
static const struct cv_case mm_linux_glibc[] = MM_LINUX_IN(CV_IN_GLIBC);
static const struct cv_case mm_linux_musl[] = MM_LINUX_IN(CV_IN_MUSL);
static const struct cv_case mm_linux_glibc64[] = MM_LINUX_IN(CV_IN_GLIBC64);
static const struct cv_case mm_linux_musl64[] = MM_LINUX_IN(CV_IN_MUSL64);

int main(void)
{
	const struct CMUnitTest tests[] = {
		CV_CASES_TEST(mm_linux_glibc),
		CV_CASES_TEST(mm_linux_musl),
		CV_CASES_TEST(mm_linux_glibc64),
		CV_CASES_TEST(mm_linux_musl64),
	};

	return cmocka_run_group_tests_name("mm", tests, NULL, NULL);
}
