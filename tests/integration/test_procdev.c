/* Integration: /dev and /proc (tests/progs/procdev.c, glibc and musl: every
 * case as expected), and an initrd that has its own /dev and /proc: /proc's
 * entries are hidden by the mount, /dev keeps its entries and gains the
 * devices it lacks. */
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
#include "stats_doc.h"

#define PROCDEV_CASES "27"
/* What the kernel adds to /dev: 7 devices, 4 links (guest/kernel/dev/devfs.c). */
#define DEV_ADDED 11

static const struct cv_case procdev_cases[] = {
	CV_EACH("procdev", CV_IN_ALL, "procdev: " PROCDEV_CASES " of " PROCDEV_CASES " cases as expected"),
	{ 0 },
};

/* /proc and /dev leave the kernel's memory as they found it: every audit
 * of a statistics run holds and the frames in use at the end are those at
 * the start (/proc's text is freed with its file, its nodes are static). */
static const struct cv_case procdev_frames_audited[] = {
	{ .args = W("run", "--stats-json", CV_STATS_JSON, "--append", "quiet", CV_PROG),
	  .prog = "procdev", .kvm = true, .check = stats_check_clean },
	{ 0 },
};

/* An archive: /init (the program at init_path), /proc/stale, /dev/null as
 * a regular file, /dev/mine. */
static void write_archive(const char *path, const char *init_path)
{
	FILE *f = newc_open_with_init(path, init_path);

	newc_append(f, "proc", 0040555, NULL, 0, 3);
	newc_append(f, "proc/stale", 0100644, "x", 1, 4);
	newc_append(f, "dev", 0040755, NULL, 0, 5);
	newc_append(f, "dev/null", 0100644, "mine", 4, 6);
	newc_append(f, "dev/mine", 0100644, NULL, 0, 7);
	newc_append(f, "TRAILER!!!", 0, NULL, 0, 0);
	assert_int_equal(fclose(f), 0);
}

/* A case: dirlist DIR NAME (in the archive at archive_) prints each of want_. */
#define DIRLIST(archive_, dir_, name_, ...)                                                    \
	{ .args = W("run", "--timeout", "170", "--append", "quiet", "--initrd", archive_, "--", dir_, \
		    name_),                                                                        \
	  .kvm = true, .out = W(__VA_ARGS__) }

/* /proc hides the archive's entries; /dev keeps its own and adds the
 * kernel's devices it lacks. */
static void initrd_dev_and_proc(void **state)
{
	char dir[] = "/tmp/cowvisor-procdev-XXXXXX", archive[600], cmd[700], want[128];

	(void)state;
	REQUIRE_KVM();
	assert_non_null(mkdtemp(dir));
	snprintf(archive, sizeof(archive), "%s/pd.cpio", dir);
	write_archive(archive, build_file("progs/glibc/dirlist"));
	snprintf(want, sizeof(want), "dirlist: /dev: %d entries (getdents64), %d entries (getdents)",
		 DEV_ADDED + 1, DEV_ADDED + 1); /* null was there: kept, not added */
	cv_check_cases((const struct cv_case[]){
		DIRLIST(archive, "/proc", "stale", "dirlist: stale missing"),
		DIRLIST(archive, "/proc", "meminfo", "dirlist: meminfo found"),
		DIRLIST(archive, "/dev", "mine", want, "dirlist: mine found"),
		{ 0 } });
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		CV_CASES_TEST(procdev_cases),
		CV_CASES_TEST(procdev_frames_audited),
		cmocka_unit_test(initrd_dev_and_proc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
