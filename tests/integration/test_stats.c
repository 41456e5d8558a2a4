/* Integration: the memory-sharing statistics, checked with exact numbers on
 * a program that takes snapshots at agreed points (tests/progs/sharing.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "json_mini.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define N 256
#define K 64

/* A temporary file name for the JSON output (removed by the caller). */
static void json_path(char *buf, size_t len)
{
	snprintf(buf, len, "/tmp/cowvisor-stats-%d-%ld.json", (int)getpid(), random());
}

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

/* Run cowvisor with args, then parse the JSON it wrote to path. */
static struct jnode *run_stats(const char *const *args, const char *path)
{
	struct run_result r;
	struct jnode *doc;
	char *text, tmp[600];

	cv_run(&r, args, NULL);
	if (r.status != 0)
		fail_msg("status %d\nstdout:\n%s\nstderr:\n%s", r.status, r.out, r.err);
	run_result_free(&r);
	{ /* the temporary .NAME.XXXXXX beside the file was renamed, not left behind */
		const char *slash = strrchr(path, '/');
		glob_t g;

		snprintf(tmp, sizeof(tmp), "%.*s.%s.*", slash ? (int)(slash - path + 1) : 0, path,
			 slash ? slash + 1 : path);
		assert_int_equal(glob(tmp, 0, NULL, &g), GLOB_NOMATCH);
	}
	text = slurp(path);
	assert_non_null(text);
	doc = json_parse(text);
	if (doc == NULL)
		fail_msg("not valid JSON:\n%s", text);
	free(text);
	unlink(path);
	assert_string_equal(json_str(json_get(doc, "schema")), "cowvisor-stats/1");
	return doc;
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

/* A number inside a snapshot: group.field, e.g. "kernel", "cow_copies". */
static long num(const struct jnode *s, const char *group, const char *field)
{
	const struct jnode *g = json_get(s, group);

	assert_non_null(g);
	assert_non_null(json_get(g, field));
	return (long)json_num(json_get(g, field));
}

/* The process with pid in a snapshot. */
static const struct jnode *process(const struct jnode *s, long pid)
{
	const struct jnode *ps = json_get(s, "processes");

	for (size_t i = 0; i < json_len(ps); i++)
		if ((long)json_num(json_get(json_at(ps, i), "pid")) == pid)
			return json_at(ps, i);
	fail_msg("no process %ld in snapshot %s", pid, json_str(json_get(s, "label")));
	return NULL;
}

/* A number field of a process. */
static long pnum(const struct jnode *p, const char *field)
{
	assert_non_null(json_get(p, field));
	return (long)json_num(json_get(p, field));
}

/* Every snapshot's audit is ok, with no mismatch listed. */
static void assert_audits_ok(const struct jnode *doc)
{
	const struct jnode *all = json_get(doc, "snapshots");

	assert_true(json_len(all) > 0);
	for (size_t i = 0; i < json_len(all); i++) {
		const struct jnode *audit = json_get(json_at(all, i), "audit");
		if (!json_get(audit, "ok") || !json_get(audit, "ok")->b)
			fail_msg("audit not ok in snapshot %zu", i);
		assert_int_equal(json_len(json_get(audit, "mismatches")), 0);
	}
}

/* PSS, in bytes, is exactly USS*4096 + SHARED*2048 when every shared page
 * has mapcount 2 (Linux's 12-bit fixed point gives whole bytes here). */
static void assert_pss_split_in_two(const struct jnode *p)
{
	assert_int_equal(pnum(p, "pss_bytes"), pnum(p, "uss_pages") * 4096 + pnum(p, "shared_pages") * 2048);
	assert_int_equal(pnum(p, "rss_pages"), pnum(p, "uss_pages") + pnum(p, "shared_pages"));
}

/* For the sharing program prog: fork shares N pages; the child's K writes
 * copy them; the parent's later writes to the same pages reuse; exit gives
 * the frames back; vfork shares one address space; the audit holds
 * throughout. */
static void check_sharing_numbers(const char *prog)
{
	char path[256], n[16], k[16];
	const struct jnode *before, *fork_s, *child_w, *parent_w, *exit_s, *vchild, *after_v;
	long parent = 1, child, copies, shared_drop;
	struct jnode *doc;

	json_path(path, sizeof(path));
	snprintf(n, sizeof(n), "%d", N);
	snprintf(k, sizeof(k), "%d", K);
	doc = run_stats(ARGS("run", "--stats-json", path, "--append", "quiet", prog, n, k), path);
	assert_audits_ok(doc);
	before = snapshot(doc, "before");
	fork_s = snapshot(doc, "after-fork");
	child_w = snapshot(doc, "child-wrote");
	parent_w = snapshot(doc, "parent-wrote");
	exit_s = snapshot(doc, "after-exit");
	vchild = snapshot(doc, "vfork-child");
	after_v = snapshot(doc, "after-vfork");
	assert_int_equal(json_len(json_get(fork_s, "processes")), 2);
	child = pnum(json_at(json_get(fork_s, "processes"), 1), "pid");
	if (child == parent)
		child = pnum(json_at(json_get(fork_s, "processes"), 0), "pid");

	/* before: the N pages are the parent's alone */
	assert_true(pnum(process(before, parent), "uss_pages") >= N);
	assert_int_equal(num(before, "sharing", "shared_frames"), 0);

	/* right after fork: N pages shared by both, half of each in PSS */
	assert_true(num(fork_s, "sharing", "shared_frames") >= N);
	assert_true((long)json_num(json_get(json_get(json_get(fork_s, "sharing"),
						   "mapcount_histogram"), "2")) >= N);
	assert_int_equal(num(fork_s, "sharing", "saved_bytes"), num(fork_s, "sharing", "shared_frames") * 4096);
	for (long pid = parent; pid; pid = pid == parent ? child : 0) {
		const struct jnode *p = process(fork_s, pid);
		assert_true(pnum(p, "shared_pages") >= N);
		assert_true(pnum(p, "cow_pages") >= N);
		assert_pss_split_in_two(p);
	}
	/* two address spaces after fork */
	assert_string_not_equal(json_str(json_get(process(fork_s, parent), "address_space")),
				json_str(json_get(process(fork_s, child), "address_space")));

	/* the child wrote K pages: K copies (plus its own stack page or two),
	 * each taking one frame out of sharing */
	copies = num(child_w, "kernel", "cow_copies") - num(fork_s, "kernel", "cow_copies");
	shared_drop = num(fork_s, "sharing", "shared_frames") - num(child_w, "sharing", "shared_frames");
	assert_true(copies >= K && copies <= K + 4);
	assert_int_equal(shared_drop, copies);
	assert_int_equal(num(fork_s, "sharing", "saved_bytes") - num(child_w, "sharing", "saved_bytes"),
			 copies * 4096);
	assert_int_equal(pnum(process(child_w, child), "uss_pages") -
			 pnum(process(fork_s, child), "uss_pages"), copies);

	/* the parent wrote the same K pages: already unshared, so reused */
	assert_int_equal(num(parent_w, "kernel", "cow_copies"), num(child_w, "kernel", "cow_copies"));
	assert_true(num(parent_w, "kernel", "cow_reuses") - num(child_w, "kernel", "cow_reuses") >= K);

	/* after the child is reaped: used frames as before the fork */
	assert_int_equal(num(exit_s, "frames", "used"), num(before, "frames", "used"));
	assert_int_equal(num(exit_s, "sharing", "shared_frames"), 0);

	/* vfork: one address space for two processes, no new frames */
	assert_int_equal(json_len(json_get(vchild, "processes")), 2);
	assert_string_equal(json_str(json_get(json_at(json_get(vchild, "processes"), 0), "address_space")),
			    json_str(json_get(json_at(json_get(vchild, "processes"), 1), "address_space")));
	assert_int_equal(num(vchild, "sharing", "shared_frames"), 0);
	assert_int_equal(num(vchild, "frames", "used"), num(exit_s, "frames", "used"));
	assert_int_equal(num(after_v, "frames", "used"), num(exit_s, "frames", "used"));
	assert_int_equal(num(after_v, "kernel", "vforks"), 1);
	assert_int_equal(num(after_v, "kernel", "forks"), 1);
	json_free(doc);
}

/* The exact numbers in every build: i386 and x86-64, glibc and musl. */
static void sharing_numbers_are_exact(void **state)
{
	(void)state;
	REQUIRE_KVM();
	for (int i = 0; i < CV_BUILDS_ALL; i++) {
		const char *prog = cv_prog(cv_builds[i], "sharing");

		if (prog) /* NULL: a musl set not built, noted by cv_prog */
			check_sharing_numbers(prog);
	}
}

/* With cow=off, fork copies the writable pages: the N pages are not shared. */
static void cow_off_shares_nothing_writable(void **state)
{
	char path[256];
	struct jnode *on, *off;
	long shared_on, shared_off;

	(void)state;
	REQUIRE_KVM();
	json_path(path, sizeof(path));
	on = run_stats(ARGS("run", "--stats-json", path, "--append", "quiet",
			    build_file("progs/glibc/sharing")), path);
	off = run_stats(ARGS("run", "--stats-json", path, "--append", "quiet cow=off",
			     build_file("progs/glibc/sharing")), path);
	assert_audits_ok(off);
	shared_on = num(snapshot(on, "after-fork"), "sharing", "shared_frames");
	shared_off = num(snapshot(off, "after-fork"), "sharing", "shared_frames");
	/* only read-only pages (program text) stay shared */
	assert_true(shared_on - shared_off >= N);
	assert_true(num(snapshot(off, "after-fork"), "frames", "used") -
		    num(snapshot(off, "before"), "frames", "used") >= N);
	assert_int_equal(num(snapshot(off, "after-fork"), "kernel", "cow_faults"),
			 num(snapshot(off, "before"), "kernel", "cow_faults"));
	assert_int_equal(num(snapshot(off, "after-exit"), "frames", "used"),
			 num(snapshot(off, "before"), "frames", "used"));
	json_free(on);
	json_free(off);
}

/* Does some snapshot of doc have this trigger? */
static bool has_trigger(const struct jnode *doc, const char *trigger)
{
	const struct jnode *all = json_get(doc, "snapshots");

	for (size_t i = 0; i < json_len(all); i++)
		if (strcmp(json_str(json_get(json_at(all, i), "trigger")), trigger) == 0)
			return true;
	return false;
}

/* --snapshot-on fork,vfork,exec,exit and --sample-ms add their snapshots;
 * one final snapshot closes the run. */
static void event_and_sample_triggers(void **state)
{
	char path[256], add[1100];
	struct jnode *doc;
	const struct jnode *all;

	(void)state;
	REQUIRE_KVM();
	json_path(path, sizeof(path));
	snprintf(add, sizeof(add), "%s:/bin/forkseed", build_file("progs/glibc/forkseed"));
	doc = run_stats(ARGS("run", "--stats-json", path, "--snapshot-on", "fork,vfork,exec,exit",
			     "--sample-ms", "20", "--add", add, "--append", "quiet",
			     build_file("progs/glibc/vforktest"), "/bin/forkseed"), path);
	assert_audits_ok(doc);
	assert_true(has_trigger(doc, "fork"));
	assert_true(has_trigger(doc, "vfork"));
	assert_true(has_trigger(doc, "exec"));
	assert_true(has_trigger(doc, "exit"));
	assert_true(has_trigger(doc, "sample"));
	all = json_get(doc, "snapshots");
	assert_string_equal(json_str(json_get(json_at(all, json_len(all) - 1), "trigger")), "final");
	for (size_t i = 0; i < json_len(all); i++)
		assert_int_equal((long)json_num(json_get(json_at(all, i), "seq")), (long)i);
	json_free(doc);
}

/* A hostile label comes out as valid JSON, byte for byte; --stats prints
 * a table per snapshot on stderr. */
static void labels_are_escaped_and_tables_printed(void **state)
{
	const char *label = "q\"uote\\back\tslash\x01";
	char path[256];
	struct run_result r;
	struct jnode *doc;
	char *text;

	(void)state;
	REQUIRE_KVM();
	json_path(path, sizeof(path));
	cv_run(&r, ARGS("run", "--stats", "--stats-json", path, "--append", "quiet",
			build_file("progs/glibc/sharing"), "8", "2", label), NULL);
	assert_int_equal(r.status, 0);
	assert_contains(r.err, "cowvisor stats #0");
	assert_contains(r.err, "PID   PPID STATE");
	assert_contains(r.err, "\"after-fork\"");
	run_result_free(&r);
	text = slurp(path);
	assert_non_null(text);
	assert_non_null(doc = json_parse(text));
	assert_string_equal(json_str(json_get(json_at(json_get(doc, "snapshots"), 0), "label")), label);
	json_free(doc);
	free(text);
	unlink(path);
}

/* Without --stats, cv_snapshot answers ENOSYS and the program goes on. */
static void snapshot_without_stats_is_enosys(void **state)
{
	struct run_result r;

	(void)state;
	REQUIRE_KVM();
	cv_run(&r, ARGS("run", "--append", "quiet", build_file("progs/glibc/sharing"), "8", "2"), NULL);
	assert_int_equal(r.status, 0);
	assert_contains(r.err, "before: Function not implemented");
	assert_contains(r.out, "sharing: done");
	run_result_free(&r);
}

/* A kernel without the introspection symbol: a clear error, no report. */
static void kernel_without_symbols_is_refused(void **state)
{
	char stripped[] = "/tmp/cowvisor-stripped-XXXXXX", cmd[1200], path[256];
	struct run_result r;
	int fd;

	(void)state;
	fd = mkstemp(stripped);
	assert_true(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "strip -o '%s' '%s'", stripped, cv_kernel());
	assert_int_equal(system(cmd), 0);
	json_path(path, sizeof(path));
	cv_run(&r, ARGS("run", "--kernel", stripped, "--stats-json", path), NULL);
	assert_int_equal(r.status, 125);
	assert_contains(r.err, "statistics need the kernel's cv_introspect structure");
	assert_contains(r.err, "has no symbol table (stripped?)");
	assert_int_not_equal(access(path, F_OK), 0);
	run_result_free(&r);
	unlink(stripped);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sharing_numbers_are_exact),
		cmocka_unit_test(cow_off_shares_nothing_writable),
		cmocka_unit_test(event_and_sample_triggers),
		cmocka_unit_test(labels_are_escaped_and_tables_printed),
		cmocka_unit_test(snapshot_without_stats_is_enosys),
		cmocka_unit_test(kernel_without_symbols_is_refused),
	};

	srandom((unsigned)getpid());
	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
