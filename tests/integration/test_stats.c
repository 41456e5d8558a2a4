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
#include "stats_doc.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define N 256
#define K 64

/* The document cowvisor wrote to path, which is then removed; the
 * temporary .NAME.XXXXXX beside it was renamed, not left behind. */
static struct jnode *take_stats(const char *path)
{
	const char *slash = strrchr(path, '/');
	struct jnode *doc;
	char tmp[600];
	glob_t g;

	snprintf(tmp, sizeof(tmp), "%.*s.%s.*", slash ? (int)(slash - path + 1) : 0, path,
		 slash ? slash + 1 : path);
	assert_int_equal(glob(tmp, 0, NULL, &g), GLOB_NOMATCH);
	doc = stats_load(path);
	unlink(path);
	return doc;
}

/* The document a case's run wrote to CV_STATS_JSON. */
static struct jnode *ran_stats(const struct cv_ran *ran)
{
	return take_stats(stats_ran_path(ran));
}

/* Run cowvisor with args, which must succeed, then take the JSON it wrote
 * to path. */
static struct jnode *run_stats(const char *const *args, const char *path)
{
	struct run_result r;

	cv_run(&r, args, NULL);
	if (r.status != 0)
		fail_msg("status %d\nstdout:\n%s\nstderr:\n%s", r.status, r.out, r.err);
	run_result_free(&r);
	return take_stats(path);
}

/* The pid field of the i-th process in snapshot s. */
static long pid_at(const struct jnode *s, size_t i)
{
	return (long)json_num(json_get(json_at(json_get(s, "processes"), i), "pid"));
}

/* The address space of process pid in snapshot s. */
static const char *space_of(const struct jnode *s, long pid)
{
	const struct jnode *ps = json_get(s, "processes");

	for (size_t i = 0; i < json_len(ps); i++)
		if (pid_at(s, i) == pid)
			return json_str(json_get(json_at(ps, i), "address_space"));
	fail_msg("no process %ld in snapshot %s", pid, json_str(json_get(s, "label")));
	return NULL;
}

/* PSS, in bytes, is exactly USS*4096 + SHARED*2048 when every shared page
 * has mapcount 2 (Linux's 12-bit fixed point gives whole bytes here): for
 * process pid in snapshot s. */
static void assert_pss_split_in_two(const struct jnode *s, long pid)
{
	long uss = stats_proc_num(s, pid, "uss_pages"), shared = stats_proc_num(s, pid, "shared_pages");

	assert_int_equal(stats_proc_num(s, pid, "pss_bytes"), uss * 4096 + shared * 2048);
	assert_int_equal(stats_proc_num(s, pid, "rss_pages"), uss + shared);
}

/* For the sharing program's run: fork shares N pages; the child's K writes
 * copy them; the parent's later writes to the same pages reuse; exit gives
 * the frames back; vfork shares one address space; the audit holds
 * throughout. */
static void check_sharing_numbers(const struct cv_ran *ran)
{
	const struct jnode *before, *fork_s, *child_w, *parent_w, *exit_s, *vchild, *after_v;
	long parent = 1, child, copies, shared_drop;
	struct jnode *doc = ran_stats(ran);

	stats_assert_audits(doc);
	before = stats_snapshot(doc, "before");
	fork_s = stats_snapshot(doc, "after-fork");
	child_w = stats_snapshot(doc, "child-wrote");
	parent_w = stats_snapshot(doc, "parent-wrote");
	exit_s = stats_snapshot(doc, "after-exit");
	vchild = stats_snapshot(doc, "vfork-child");
	after_v = stats_snapshot(doc, "after-vfork");
	assert_int_equal(json_len(json_get(fork_s, "processes")), 2);
	child = pid_at(fork_s, 1);
	if (child == parent)
		child = pid_at(fork_s, 0);

	/* before: the N pages are the parent's alone */
	assert_true(stats_proc_num(before, parent, "uss_pages") >= N);
	assert_int_equal(stats_num(before, "sharing", "shared_frames"), 0);

	/* right after fork: N pages shared by both, half of each in PSS */
	assert_true(stats_num(fork_s, "sharing", "shared_frames") >= N);
	assert_true((long)json_num(json_get(json_get(json_get(fork_s, "sharing"),
						   "mapcount_histogram"), "2")) >= N);
	assert_int_equal(stats_num(fork_s, "sharing", "saved_bytes"),
			 stats_num(fork_s, "sharing", "shared_frames") * 4096);
	for (long pid = parent; pid; pid = pid == parent ? child : 0) {
		assert_true(stats_proc_num(fork_s, pid, "shared_pages") >= N);
		assert_true(stats_proc_num(fork_s, pid, "cow_pages") >= N);
		assert_pss_split_in_two(fork_s, pid);
	}
	/* two address spaces after fork */
	assert_string_not_equal(space_of(fork_s, parent), space_of(fork_s, child));

	/* the child wrote K pages: K copies (plus its own stack page or two),
	 * each taking one frame out of sharing */
	copies = stats_num(child_w, "kernel", "cow_copies") - stats_num(fork_s, "kernel", "cow_copies");
	shared_drop = stats_num(fork_s, "sharing", "shared_frames") -
		      stats_num(child_w, "sharing", "shared_frames");
	assert_true(copies >= K && copies <= K + 4);
	assert_int_equal(shared_drop, copies);
	assert_int_equal(stats_num(fork_s, "sharing", "saved_bytes") -
			 stats_num(child_w, "sharing", "saved_bytes"), copies * 4096);
	assert_int_equal(stats_proc_num(child_w, child, "uss_pages") -
			 stats_proc_num(fork_s, child, "uss_pages"), copies);

	/* the parent wrote the same K pages: already unshared, so reused */
	assert_int_equal(stats_num(parent_w, "kernel", "cow_copies"),
			 stats_num(child_w, "kernel", "cow_copies"));
	assert_true(stats_num(parent_w, "kernel", "cow_reuses") -
		    stats_num(child_w, "kernel", "cow_reuses") >= K);

	/* after the child is reaped: used frames as before the fork */
	assert_int_equal(stats_num(exit_s, "frames", "used"), stats_num(before, "frames", "used"));
	assert_int_equal(stats_num(exit_s, "sharing", "shared_frames"), 0);

	/* vfork: one address space for two processes, no new frames */
	assert_int_equal(json_len(json_get(vchild, "processes")), 2);
	assert_string_equal(space_of(vchild, pid_at(vchild, 0)), space_of(vchild, pid_at(vchild, 1)));
	assert_int_equal(stats_num(vchild, "sharing", "shared_frames"), 0);
	assert_int_equal(stats_num(vchild, "frames", "used"), stats_num(exit_s, "frames", "used"));
	assert_int_equal(stats_num(after_v, "frames", "used"), stats_num(exit_s, "frames", "used"));
	assert_int_equal(stats_num(after_v, "kernel", "vforks"), 1);
	assert_int_equal(stats_num(after_v, "kernel", "forks"), 1);
	json_free(doc);
}

/* The exact numbers in every build: i386 and x86-64, glibc and musl. */
static const struct cv_case sharing_numbers_are_exact[] = {
	{ .args = W("run", "--stats-json", CV_STATS_JSON, "--append", "quiet", CV_PROG, CV_WORD(N), CV_WORD(K)),
	  .prog = "sharing", .builds = CV_IN_ALL, .kvm = true, .check = check_sharing_numbers },
	{ 0 },
};

/* With cow=off, fork copies the writable pages: the N pages are not shared. */
static void cow_off_shares_nothing_writable(void **state)
{
	char dir[] = "/tmp/cowvisor-stats-XXXXXX", path[64];
	struct jnode *on, *off;
	long shared_on, shared_off;

	(void)state;
	REQUIRE_KVM();
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/stats.json", dir);
	on = run_stats(ARGS("run", "--stats-json", path, "--append", "quiet",
			    build_file("progs/glibc/sharing")), path);
	off = run_stats(ARGS("run", "--stats-json", path, "--append", "quiet cow=off",
			     build_file("progs/glibc/sharing")), path);
	stats_assert_audits(off);
	shared_on = stats_num(stats_snapshot(on, "after-fork"), "sharing", "shared_frames");
	shared_off = stats_num(stats_snapshot(off, "after-fork"), "sharing", "shared_frames");
	/* only read-only pages (program text) stay shared */
	assert_true(shared_on - shared_off >= N);
	assert_true(stats_num(stats_snapshot(off, "after-fork"), "frames", "used") -
		    stats_num(stats_snapshot(off, "before"), "frames", "used") >= N);
	assert_int_equal(stats_num(stats_snapshot(off, "after-fork"), "kernel", "cow_faults"),
			 stats_num(stats_snapshot(off, "before"), "kernel", "cow_faults"));
	assert_int_equal(stats_num(stats_snapshot(off, "after-exit"), "frames", "used"),
			 stats_num(stats_snapshot(off, "before"), "frames", "used"));
	json_free(on);
	json_free(off);
	rmdir(dir);
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

/* Every trigger has its snapshot, one final snapshot closes the run and
 * the sequence numbers count up from 0. */
static void check_triggers(const struct cv_ran *ran)
{
	struct jnode *doc = ran_stats(ran);
	const struct jnode *all = json_get(doc, "snapshots");

	stats_assert_audits(doc);
	assert_true(has_trigger(doc, "fork"));
	assert_true(has_trigger(doc, "vfork"));
	assert_true(has_trigger(doc, "exec"));
	assert_true(has_trigger(doc, "exit"));
	assert_true(has_trigger(doc, "sample"));
	assert_string_equal(json_str(json_get(json_at(all, json_len(all) - 1), "trigger")), "final");
	for (size_t i = 0; i < json_len(all); i++)
		assert_int_equal((long)json_num(json_get(json_at(all, i), "seq")), (long)i);
	json_free(doc);
}

/* --snapshot-on fork,vfork,exec,exit and --sample-ms add their snapshots;
 * one final snapshot closes the run. */
static void event_and_sample_triggers(void **state)
{
	char add[1100];

	(void)state;
	snprintf(add, sizeof(add), "%s:/bin/forkseed", build_file("progs/glibc/forkseed"));
	cv_check_cases((const struct cv_case[]){
		{ .args = W("run", "--stats-json", CV_STATS_JSON, "--snapshot-on", "fork,vfork,exec,exit",
			    "--sample-ms", "20", "--add", add, "--append", "quiet", CV_PROG,
			    "/bin/forkseed"),
		  .prog = "vforktest", .kvm = true, .check = check_triggers },
		{ 0 } });
}

#define HOSTILE_LABEL "q\"uote\\back\tslash\x01" /* a snapshot label JSON must escape */

/* The label comes back from the JSON byte for byte. */
static void check_label(const struct cv_ran *ran)
{
	struct jnode *doc = ran_stats(ran);

	assert_string_equal(json_str(json_get(json_at(json_get(doc, "snapshots"), 0), "label")),
			    HOSTILE_LABEL);
	json_free(doc);
}

/* A hostile label comes out as valid JSON, byte for byte; --stats prints
 * a table per snapshot on stderr. */
static const struct cv_case labels_are_escaped_and_tables_printed[] = {
	{ .args = W("run", "--stats", "--stats-json", CV_STATS_JSON, "--append", "quiet", CV_PROG, "8",
		    "2", HOSTILE_LABEL),
	  .prog = "sharing", .kvm = true,
	  .err = W("cowvisor stats #0", "PID   PPID STATE", "\"after-fork\""), .check = check_label },
	{ 0 },
};

/* Without --stats, cv_snapshot answers ENOSYS and the program goes on. */
static const struct cv_case snapshot_without_stats_is_enosys[] = {
	{ .args = W("run", "--append", "quiet", CV_PROG, "8", "2"), .prog = "sharing", .kvm = true,
	  .out = W("sharing: done"), .err = W("before: Function not implemented") },
	{ 0 },
};

/* No JSON file was written. */
static void check_no_json(const struct cv_ran *ran)
{
	assert_int_not_equal(access(stats_ran_path(ran), F_OK), 0);
}

/* A kernel without the introspection symbol: a clear error, no report. */
static void kernel_without_symbols_is_refused(void **state)
{
	char stripped[] = "/tmp/cowvisor-stripped-XXXXXX", cmd[1200];
	int fd;

	(void)state;
	fd = mkstemp(stripped);
	assert_true(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "strip -o '%s' '%s'", stripped, cv_kernel());
	assert_int_equal(system(cmd), 0);
	cv_check_cases((const struct cv_case[]){
		{ .args = W("run", "--kernel", stripped, "--stats-json", CV_STATS_JSON), .status = 125,
		  .err = W("statistics need the kernel's cv_introspect structure",
			   "has no symbol table (stripped?)"),
		  .check = check_no_json },
		{ 0 } });
	unlink(stripped);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		CV_CASES_TEST(sharing_numbers_are_exact),
		cmocka_unit_test(cow_off_shares_nothing_writable),
		cmocka_unit_test(event_and_sample_triggers),
		CV_CASES_TEST(labels_are_escaped_and_tables_printed),
		CV_CASES_TEST(snapshot_without_stats_is_enosys),
		cmocka_unit_test(kernel_without_symbols_is_refused),
	};

	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
