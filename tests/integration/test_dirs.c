/* Integration: a directory of 10,000 files in an --initrd archive is listed
 * completely by getdents64 and by getdents, and a name in it is found
 * (tests/progs/dirlist.c as init, in every build: i386 and x86-64, whose
 * getdents records differ), with each entry's d_type: lookup and listing
 * cost O(1) per entry, where they used to cost O(n) and such a directory
 * took over 6 minutes. */
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

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NFILES 10000

/* Write an archive: /init (the program at init_path) and big/ with NFILES
 * empty files f00000 .. f09999. */
static void write_archive(const char *path, const char *init_path)
{
	FILE *f = newc_open_with_init(path, init_path);
	char name[32];

	newc_append(f, "big", 0040755, NULL, 0, 3);
	for (int i = 0; i < NFILES; i++) {
		snprintf(name, sizeof(name), "big/f%05d", i);
		newc_append(f, name, 0100644, NULL, 0, (uint32_t)i + 4);
	}
	newc_append(f, "TRAILER!!!", 0, NULL, 0, 0);
	assert_int_equal(fclose(f), 0);
}

/* Both listings of dirlist built as build see all 10,000 files, with
 * their types; the last one is found by name. */
static void list_with(const char *build, const char *dir)
{
	const char *prog = cv_prog(build, "dirlist");
	char archive[600];
	struct run_result r;

	if (prog == NULL) /* a musl set not built: noted by cv_prog */
		return;
	snprintf(archive, sizeof(archive), "%s/big-%s.cpio", dir, build);
	write_archive(archive, prog);
	cv_run(&r, ARGS("run", "--timeout", "170", "--append", "quiet", "--initrd", archive, "--", "/big",
			"f09999"), NULL);
	if (r.status != 0)
		fail_msg("%s: status %d\n%s\n%s", build, r.status, r.out, r.err);
	assert_contains(r.out, "dirlist: /big: 10000 entries (getdents64), 10000 entries (getdents)");
	assert_contains(r.out, "dirlist: f09999 found");
	run_result_free(&r);
}

/* The listing as i386 (glibc) and as x86-64 (glibc and musl). musl's
 * i386 build is left out: dirlist makes its getdents calls itself, so it
 * would test the same records as glibc's, and its user code, emulated on
 * kvm-pvm, takes about a minute. */
static void ten_thousand_files(void **state)
{
	char dir[] = "/tmp/cowvisor-dirs-XXXXXX", cmd[700];

	(void)state;
	REQUIRE_KVM();
	assert_non_null(mkdtemp(dir));
	list_with(cv_builds[0], dir);
	for (int i = CV_BUILDS_I386; i < CV_BUILDS_ALL; i++)
		list_with(cv_builds[i], dir);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ten_thousand_files),
	};

	return cmocka_run_group_tests_name("dirs", tests, NULL, NULL);
}
