/* Integration: memory mappings and execve arguments as Linux defines them
 * (tests/progs/mm_linux.c), with glibc and with musl: every case goes as
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
#include "json_mini.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define CASES 19          /* the cases mm_linux reports, statistics run included */
#define SHM_PAGES 16      /* mm_linux's shared mapping; half touched before fork */

/* Read a whole file into a malloc'd string; NULL if missing. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = calloc(1, (size_t)n + 1);
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	fclose(f);
	return s;
}

/* The snapshot labelled label. */
static const struct jnode *snapshot(const struct jnode *doc, const char *label)
{
	const struct jnode *all = json_get(doc, "snapshots");

	for (size_t i = 0; i < json_len(all); i++)
		if (strcmp(json_str(json_get(json_at(all, i), "label")), label) == 0)
			return json_at(all, i);
	fail_msg("no snapshot labelled %s", label);
	return NULL;
}

/* A number inside a snapshot: group.field, e.g. "frames", "used". */
static long num(const struct jnode *s, const char *group, const char *field)
{
	const struct jnode *g = json_get(s, group);

	assert_non_null(g);
	assert_non_null(json_get(g, field));
	return (long)json_num(json_get(g, field));
}

/* A number field of process pid in a snapshot. */
static long pnum(const struct jnode *s, long pid, const char *field)
{
	const struct jnode *ps = json_get(s, "processes");

	for (size_t i = 0; i < json_len(ps); i++) {
		const struct jnode *p = json_at(ps, i);
		if ((long)json_num(json_get(p, "pid")) == pid) {
			assert_non_null(json_get(p, field));
			return (long)json_num(json_get(p, field));
		}
	}
	fail_msg("no process %ld in snapshot %s", pid, json_str(json_get(s, "label")));
	return 0;
}

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

/* Every audit holds; the frames used at "end" are those at "start". */
static void assert_audits_and_frames(const struct jnode *doc)
{
	const struct jnode *all = json_get(doc, "snapshots");

	assert_true(json_len(all) > 0);
	for (size_t i = 0; i < json_len(all); i++) {
		const struct jnode *audit = json_get(json_at(all, i), "audit");
		if (!json_get(audit, "ok")->b)
			fail_msg("audit not ok in snapshot %s",
				 json_str(json_get(json_at(all, i), "label")));
		assert_int_equal(json_len(json_get(audit, "mismatches")), 0);
	}
	assert_int_equal(num(snapshot(doc, "end"), "frames", "used"),
			 num(snapshot(doc, "start"), "frames", "used"));
}

/* Shared anonymous memory after fork (the case's process, a child of
 * init, is the parent): the child's writes to the half touched only now
 * take SHM_PAGES/2 new frames; the parent's reads of them take none and
 * make them shared (mapcount 2); nothing is copied. */
static void assert_shared_anon_numbers(const struct jnode *doc)
{
	const struct jnode *forked = snapshot(doc, "shm-forked");
	const struct jnode *wrote = snapshot(doc, "shm-child-wrote");
	const struct jnode *read = snapshot(doc, "shm-parent-read");
	long parent = child_of(forked, 1), child = child_of(forked, parent), half = SHM_PAGES / 2;

	assert_int_equal(num(wrote, "frames", "used") - num(forked, "frames", "used"), half);
	assert_int_equal(pnum(wrote, child, "rss_pages") - pnum(forked, child, "rss_pages"), half);
	assert_int_equal(pnum(wrote, child, "uss_pages") - pnum(forked, child, "uss_pages"), half);
	assert_int_equal(pnum(wrote, parent, "rss_pages"), pnum(forked, parent, "rss_pages"));

	assert_int_equal(num(read, "frames", "used"), num(wrote, "frames", "used"));
	assert_int_equal(pnum(read, parent, "rss_pages") - pnum(wrote, parent, "rss_pages"), half);
	assert_int_equal(pnum(read, parent, "shared_pages") - pnum(wrote, parent, "shared_pages"), half);
	assert_int_equal(pnum(read, parent, "uss_pages"), pnum(wrote, parent, "uss_pages"));
	assert_int_equal(pnum(read, child, "shared_pages") - pnum(wrote, child, "shared_pages"), half);
	assert_int_equal(num(read, "sharing", "shared_frames") - num(wrote, "sharing", "shared_frames"), half);
	/* A copy of a shared page would have taken a frame and left the page
	 * unshared; the kernel's COW counters are no measure here, since both
	 * processes' own first stack writes after fork are COW faults, and
	 * which of them falls between the snapshots depends on scheduling. */
}

/* Run mm_linux of one libc with --stats-json and check all of it. */
static void run_mm_linux(const char *prog)
{
	char json[128], *text, expect[64];
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
	assert_non_null(text = slurp(json));
	unlink(json);
	assert_non_null(doc = json_parse(text));
	free(text);
	assert_audits_and_frames(doc);
	assert_shared_anon_numbers(doc);
	json_free(doc);
}

static void mm_linux_glibc(void **state)
{
	(void)state;
	REQUIRE_KVM();
	run_mm_linux(build_file("progs/glibc/mm_linux"));
}

static void mm_linux_musl(void **state)
{
	const char *prog = build_file_optional("progs/musl/mm_linux");

	(void)state;
	REQUIRE_KVM();
	if (prog == NULL)
		skip();
	run_mm_linux(prog);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mm_linux_glibc),
		cmocka_unit_test(mm_linux_musl),
	};

	return cmocka_run_group_tests_name("mm", tests, NULL, NULL);
}
