/* Integration: --core-dir. A guest child that dies of SIGSEGV (or SIGABRT)
 * leaves DIR/core.PID, an ELF core of its ABI's class (i386: ELFCLASS32,
 * x86-64: ELFCLASS64; every case runs for both) that gdb opens (the backtrace names
 * the crashing function and its caller) and eu-readelf reads, holding the
 * child's copy of a copy-on-write page and the parent's value in a page it
 * still shares; its wait status carries the core flag. Without --core-dir
 * no core and no flag, as on Linux without a core; an unwritable DIR or a
 * file-size limit (a full disk, as the writer sees it) give a message and
 * the run goes on; a missing DIR is a command-line error. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../unit/core_reader.h"
#include "harness.h"
#include "stats_doc.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define CHILD_VALUE  "child wrote this page"     /* tests/progs/coredump.c */
#define PARENT_VALUE "parent's value, shared"

/* The output of a shell command (stdout and stderr), NUL-terminated; the
 * caller frees it. */
static char *tool_output(const char *cmd)
{
	char full[2048], *out = NULL;
	size_t len = 0;
	FILE *p;

	snprintf(full, sizeof(full), "%s 2>&1", cmd);
	assert_non_null(p = popen(full, "r"));
	assert_int_equal(getdelim(&out, &len, '\0', p) >= 0 || feof(p), 1);
	pclose(p);
	return out ? out : strdup("");
}

/* Is this program on PATH? If not, say the check is skipped and why. */
static bool have_tool(const char *name, const char *package)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
	if (system(cmd) == 0)
		return true;
	print_message("[   SKIP   ] %s not installed (Debian package %s; tools/deps.sh core)\n",
		      name, package);
	return false;
}

/* The number after "key 0x" in s. */
static uint64_t hex_after(const char *s, const char *key)
{
	const char *p = strstr(s, key);

	assert_non_null(p);
	return strtoull(p + strlen(key), NULL, 16);
}

/* Is this build set x86-64 (glibc64, musl64), its cores ELFCLASS64? */
static bool wide_set(const char *libc)
{
	return strstr(libc, "64") != NULL;
}

/* The child's pid in the program's "child N: ..." line. */
static int child_pid(const char *out)
{
	const char *p = strstr(out, "child ");

	assert_non_null(p);
	return atoi(p + 6);
}

/* Remove dir and what is in it. */
static void remove_dir(const char *dir)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* gdb's backtrace of the core names crash_here and child_main. */
static void check_gdb(const char *prog, const char *core)
{
	char cmd[1200], *out;

	if (!have_tool("gdb", "gdb"))
		return;
	snprintf(cmd, sizeof(cmd), "gdb -nx -batch -ex bt '%s' '%s'", prog, core);
	out = tool_output(cmd);
	if (!strstr(out, "#0  crash_here") || !strstr(out, "in child_main") ||
	    !strstr(out, "SIGSEGV"))
		fail_msg("gdb's backtrace lacks crash_here <- child_main:\n%s", out);
	free(out);
}

/* eu-readelf reads the notes, of the class of the program's ABI. */
static void check_readelf(const char *core, int pid, bool wide)
{
	char cmd[600], want[64], *out;

	if (!have_tool("eu-readelf", "elfutils"))
		return;
	snprintf(cmd, sizeof(cmd), "eu-readelf -n '%s'", core);
	out = tool_output(cmd);
	snprintf(want, sizeof(want), "pid: %d, ppid: 1", pid);
	assert_contains(out, "PRSTATUS");
	assert_contains(out, "cursig: 11");
	assert_contains(out, want);
	assert_contains(out, "PRPSINFO");
	assert_contains(out, "SIGINFO");
	assert_contains(out, "AUXV");
	assert_contains(out, "PAGESZ: 4096");
	assert_contains(out, "FILE");
	assert_contains(out, "/init");
	free(out);
	snprintf(cmd, sizeof(cmd), "eu-readelf -h '%s'", core);
	out = tool_output(cmd);
	assert_contains(out, wide ? "ELF64" : "ELF32");
	assert_contains(out, wide ? "AMD x86-64" : "Intel 80386");
	assert_contains(out, "CORE (Core file)");
	free(out);
}

/* The core's memory: the child's value in its written copy-on-write page,
 * the parent's in the page still shared. */
static void check_memory(const char *core, const char *out, bool wide)
{
	struct core_view cv;
	const uint8_t *p;

	assert_true(core_load(core, &cv));
	assert_int_equal(core_class(&cv), wide ? ELFCLASS64 : ELFCLASS32);
	assert_non_null(p = core_mem(&cv, hex_after(out, "cow_page 0x"), sizeof(CHILD_VALUE)));
	assert_string_equal((const char *)p, CHILD_VALUE);
	assert_non_null(p = core_mem(&cv, hex_after(out, "shared_page 0x"), sizeof(PARENT_VALUE)));
	assert_string_equal((const char *)p, PARENT_VALUE);
	free(cv.p);
}

/* The crash in the program built with libc: the core and what it holds. */
static void core_of(const char *libc)
{
	char rel[64], prog[1024], dir[] = "/tmp/cowvisor-core-XXXXXX", core[128], want[200],
	     json[128];
	const char *built;
	struct run_result r;
	struct jnode *doc;
	int pid;

	snprintf(rel, sizeof(rel), "progs/%s/coredump", libc);
	if ((built = build_file_optional(rel)) == NULL)
		return;
	snprintf(prog, sizeof(prog), "%s", built);
	assert_non_null(mkdtemp(dir));
	snprintf(json, sizeof(json), "%s/stats.json", dir);
	cv_run(&r, ARGS("run", "--core-dir", dir, "--stats-json", json, "--snapshot-on", "exit",
			"--append", "quiet", prog), NULL);
	if (r.status != 0)
		fail_msg("%s: status %d\n%s\n%s", libc, r.status, r.out, r.err);
	pid = child_pid(r.out);
	snprintf(want, sizeof(want), "child %d: signal 11 core\n", pid);
	assert_contains(r.out, want);
	assert_contains(r.out, "parent still has: " PARENT_VALUE);
	snprintf(core, sizeof(core), "%s/core.%d", dir, pid);
	snprintf(want, sizeof(want), "killed by SIGSEGV: core written to %s", core);
	assert_contains(r.err, want);
	check_memory(core, r.out, wide_set(libc));
	check_gdb(prog, core);
	check_readelf(core, pid, wide_set(libc));
	doc = stats_load(json);
	stats_assert_audits(doc); /* the kernel's books hold at the child's exit and the end */
	json_free(doc);
	run_result_free(&r);
	remove_dir(dir);
}

static void core_of_glibc_program(void **state)
{
	(void)state;
	REQUIRE_KVM();
	core_of("glibc");
}

static void core_of_musl_program(void **state)
{
	(void)state;
	REQUIRE_KVM();
	core_of("musl");
}

static void core_of_glibc64_program(void **state)
{
	(void)state;
	REQUIRE_KVM();
	core_of("glibc64");
}

static void core_of_musl64_program(void **state)
{
	(void)state;
	REQUIRE_KVM();
	core_of("musl64");
}

/* abort(): SIGABRT dumps core too; gdb's backtrace goes through abort to
 * crash_here (glibc's abort has unwind information). */
static void abort_core_of(const char *libc)
{
	char dir[] = "/tmp/cowvisor-core-XXXXXX", core[128], cmd[1200], rel[64], *out;
	const char *prog;
	struct run_result r;

	snprintf(rel, sizeof(rel), "progs/%s/coredump", libc);
	prog = build_file(rel);
	assert_non_null(mkdtemp(dir));
	cv_run(&r, ARGS("run", "--core-dir", dir, "--append", "quiet", prog, "abort"), NULL);
	assert_int_equal(r.status, 0);
	assert_contains(r.out, "signal 6 core\n");
	assert_contains(r.err, "killed by SIGABRT: core written to");
	snprintf(core, sizeof(core), "%s/core.%d", dir, child_pid(r.out));
	if (have_tool("gdb", "gdb")) {
		snprintf(cmd, sizeof(cmd), "gdb -nx -batch -ex bt '%s' '%s'", prog, core);
		out = tool_output(cmd);
		if (!strstr(out, "SIGABRT") || !strstr(out, "in abort") || !strstr(out, "crash_here"))
			fail_msg("gdb's backtrace lacks abort <- crash_here:\n%s", out);
		free(out);
	}
	run_result_free(&r);
	remove_dir(dir);
}

static void abort_dumps_core(void **state)
{
	(void)state;
	REQUIRE_KVM();
	abort_core_of("glibc");
}

static void abort_dumps_core_x86_64(void **state)
{
	(void)state;
	REQUIRE_KVM();
	abort_core_of("glibc64");
}

/* Without --core-dir: no core flag in the wait status (Linux without a
 * core), nothing said. */
static void no_core_dir_no_core_flag(void **state)
{
	struct run_result r;

	(void)state;
	REQUIRE_KVM();
	cv_run(&r, ARGS("run", "--append", "quiet", build_file("progs/glibc/coredump")), NULL);
	assert_int_equal(r.status, 0);
	assert_contains(r.out, ": signal 11\n");
	assert_true(strstr(r.err, "core") == NULL);
	run_result_free(&r);
}

/* init itself crashing: core.1 of its ABI's class, and cowvisor's status
 * says the signal. */
static void init_crash_core_of(const char *libc)
{
	char dir[] = "/tmp/cowvisor-core-XXXXXX", core[128], rel[64];
	struct run_result r;
	struct core_view cv;
	struct stat st;

	snprintf(rel, sizeof(rel), "progs/%s/segv", libc);
	assert_non_null(mkdtemp(dir));
	cv_run(&r, ARGS("run", "--core-dir", dir, "--append", "quiet", build_file(rel)), NULL);
	assert_int_equal(r.status, 128 + 11);
	assert_contains(r.err, "init was killed by signal 11");
	snprintf(core, sizeof(core), "%s/core.1", dir);
	assert_int_equal(stat(core, &st), 0);
	assert_true(core_load(core, &cv));
	assert_int_equal(core_class(&cv), wide_set(libc) ? ELFCLASS64 : ELFCLASS32);
	free(cv.p);
	run_result_free(&r);
	remove_dir(dir);
}

static void init_crash_dumps_core(void **state)
{
	(void)state;
	REQUIRE_KVM();
	init_crash_core_of("musl");
}

static void init_crash_dumps_core_x86_64(void **state)
{
	(void)state;
	REQUIRE_KVM();
	init_crash_core_of("musl64");
}

/* An unwritable DIR: a message, no core flag, the run goes on. */
static void unwritable_dir_is_reported(void **state)
{
	char dir[] = "/tmp/cowvisor-core-XXXXXX";
	const char *use = dir;
	struct run_result r;

	(void)state;
	REQUIRE_KVM();
	assert_non_null(mkdtemp(dir));
	if (geteuid() == 0)
		use = "/sys"; /* refuses new files even to root, unlike a mode-0555 directory */
	else
		assert_int_equal(chmod(dir, 0555), 0);
	cv_run(&r, ARGS("run", "--core-dir", use, "--append", "quiet",
			build_file("progs/glibc/coredump")), NULL);
	assert_int_equal(r.status, 0);
	assert_contains(r.out, ": signal 11\n");
	assert_contains(r.out, "parent still has");
	assert_contains(r.err, "no core dump: cannot create");
	assert_contains(r.err, "Permission denied");
	run_result_free(&r);
	chmod(dir, 0755);
	remove_dir(dir);
}

/* A write that fails part way (a file-size limit, EFBIG, where a full disk
 * gives ENOSPC; both go the same way): a message, no core flag, the run
 * goes on. */
static void failed_write_is_reported(void **state)
{
	char dir[] = "/tmp/cowvisor-core-XXXXXX";
	struct rlimit old, small;
	struct run_result r;

	(void)state;
	REQUIRE_KVM();
	assert_non_null(mkdtemp(dir));
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = (struct rlimit){ 16384, old.rlim_max };
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0); /* inherited by cowvisor */
	cv_run(&r, ARGS("run", "--core-dir", dir, "--append", "quiet",
			build_file("progs/glibc/coredump")), NULL);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	assert_int_equal(r.status, 0);
	assert_contains(r.out, ": signal 11\n");
	assert_contains(r.out, "parent still has");
	assert_contains(r.err, "no core dump: writing");
	assert_contains(r.err, "File too large (the file is incomplete)");
	run_result_free(&r);
	remove_dir(dir);
}

/* A missing or non-directory DIR is refused before the guest starts. */
static void bad_core_dir_is_a_usage_error(void **state)
{
	struct run_result r;

	(void)state;
	cv_run(&r, ARGS("run", "--core-dir", "/nonexistent/cores", build_file("progs/glibc/hello")),
	       NULL);
	assert_int_equal(r.status, 125);
	assert_contains(r.err, "--core-dir /nonexistent/cores: No such file or directory");
	run_result_free(&r);
	cv_run(&r, ARGS("run", "--core-dir", "/dev/null", build_file("progs/glibc/hello")), NULL);
	assert_int_equal(r.status, 125);
	assert_contains(r.err, "--core-dir /dev/null: Not a directory");
	run_result_free(&r);
	cv_run(&r, ARGS("--help"), NULL);
	assert_contains(r.out, "--core-dir DIR");
	run_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(core_of_glibc_program),
		cmocka_unit_test(core_of_musl_program),
		cmocka_unit_test(core_of_glibc64_program),
		cmocka_unit_test(core_of_musl64_program),
		cmocka_unit_test(abort_dumps_core),
		cmocka_unit_test(abort_dumps_core_x86_64),
		cmocka_unit_test(no_core_dir_no_core_flag),
		cmocka_unit_test(init_crash_dumps_core),
		cmocka_unit_test(init_crash_dumps_core_x86_64),
		cmocka_unit_test(unwritable_dir_is_reported),
		cmocka_unit_test(failed_write_is_reported),
		cmocka_unit_test(bad_core_dir_is_a_usage_error),
	};

	return cmocka_run_group_tests_name("coredump", tests, NULL, NULL);
}
