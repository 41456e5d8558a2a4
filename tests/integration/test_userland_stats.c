/* Integration: the sharing statistics of a real shell pipeline. Debian's
 * busybox sh (the test tree of tools/deps.sh userland) runs
 * `cat /data/f | wc -l` with snapshots at every fork, exec and exit: the
 * shell's forks and its children's execs are counted, every audit holds,
 * and the children, once exec'd, map busybox's file pages that the shell
 * maps too, which count as shared file pages. Skipped, with the reason,
 * without KVM or without the tree. */
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

/* The test tree, or NULL (the test skipped with the reason) when missing. */
static const char *tree_or_skip(void)
{
	static char sh[1100];
	const char *tree = getenv("USERLAND_TREE");

	if (tree == NULL || *tree == '\0') {
		print_message("[   SKIP   ] USERLAND_TREE is not set (run through make test)\n");
		return NULL;
	}
	snprintf(sh, sizeof(sh), "%s/bin/busybox", tree);
	if (access(sh, X_OK) != 0) {
		print_message("[   SKIP   ] no busybox in %s: tools/deps.sh userland could not fetch it\n",
			      tree);
		return NULL;
	}
	return tree;
}

/* The process of pid in snapshot snap, or NULL. */
static const struct jnode *process(const struct jnode *snap, long pid)
{
	const struct jnode *all = json_get(snap, "processes");

	for (size_t i = 0; i < json_len(all); i++)
		if ((long)json_num(json_get(json_at(all, i), "pid")) == pid)
			return json_at(all, i);
	return NULL;
}

/* A number field of a process entry. */
static long pnum(const struct jnode *p, const char *field)
{
	assert_non_null(json_get(p, field));
	return (long)json_num(json_get(p, field));
}

/* Whether, in snap, a process other than init has exec'd (its comm is not
 * the shell's) and maps file pages of which some are shared. */
static bool exec_child_shares_file_pages(const struct jnode *snap)
{
	const struct jnode *all = json_get(snap, "processes");
	const struct jnode *init = process(snap, 1);

	if (init == NULL || pnum(init, "file_pages") == 0)
		return false;
	for (size_t i = 0; i < json_len(all); i++) {
		const struct jnode *p = json_at(all, i);
		if (pnum(p, "pid") == 1 || strcmp(json_str(json_get(p, "comm")), "sh") == 0)
			continue;
		if (strcmp(json_str(json_get(p, "state")), "zombie") == 0)
			continue;
		if (pnum(p, "file_pages") > 0 && pnum(p, "shared_pages") > 0)
			return true;
	}
	return false;
}

static void pipeline_sharing_statistics(void **state)
{
	char json[] = "/tmp/cv-ulstats-XXXXXX";
	const char *tree;
	struct run_result r;
	struct jnode *doc;
	const struct jnode *all, *final;
	bool shared = false;
	int fd;

	(void)state;
	REQUIRE_KVM();
	if ((tree = tree_or_skip()) == NULL)
		skip();
	assert_true((fd = mkstemp(json)) >= 0);
	close(fd);
	cv_run(&r, ARGS("run", "--rootfs", tree, "--stats-json", json, "--snapshot-on", "fork,exec,exit",
			"--timeout", "170", "--append", "quiet", "--append", "init=/bin/sh", "--",
			"-c", "cat /data/f | wc -l"),
	       NULL);
	if (r.status != 0)
		fail_msg("status %d, stderr: %s", r.status, r.err);
	assert_string_equal(r.out, "10\n");
	run_result_free(&r);

	doc = stats_load(json);
	all = json_get(doc, "snapshots");
	final = json_at(all, json_len(all) - 1);
	assert_true(stats_num(final, "kernel", "forks") >= 2); /* one child per command */
	assert_true(stats_num(final, "kernel", "execs") >= 3); /* init, cat, wc */
	stats_assert_audits(doc);
	for (size_t i = 0; i < json_len(all); i++)
		shared = shared || exec_child_shares_file_pages(json_at(all, i));
	assert_true(shared);
	json_free(doc);
	unlink(json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pipeline_sharing_statistics),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
