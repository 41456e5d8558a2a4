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

/* gdb's backtrace of the core names crash_here and child_main; the FPU
 * notes hold what tests/progs/coredump.c loaded: 2.75 on top of the x87
 * stack, full tags for that register, and (x86-64) its bytes in xmm1. */
static void check_gdb(const char *prog, const char *core, bool wide)
{
	char cmd[1400], *out;

	if (!have_tool("gdb", "gdb"))
		return;
	snprintf(cmd, sizeof(cmd), "gdb -nx -batch -ex bt -ex 'p $st0' -ex 'p/x $ftag' "
		 "-ex 'p/x $xmm1.v16_int8' '%s' '%s'", prog, core);
	out = tool_output(cmd);
	if (!strstr(out, "#0  crash_here") || !strstr(out, "in child_main") ||
	    !strstr(out, "SIGSEGV"))
		fail_msg("gdb's backtrace lacks crash_here <- child_main:\n%s", out);
	if (!strstr(out, "= 2.75\n") || !strstr(out, "= 0x3fff\n")) /* one valid register: ST(0) = R7 */
		fail_msg("gdb sees no 2.75 in st0 (tag word 0x3fff):\n%s", out);
	if (wide && !strstr(out, "{0x10, 0x21, 0x32, 0x43, 0x54, 0x65, 0x76, 0x87, 0x98, 0xa9, 0xba, "
				 "0xcb, 0xdc, 0xed, 0xfe, 0xf}"))
		fail_msg("gdb sees other bytes in xmm1:\n%s", out);
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
	assert_contains(out, "FPREGSET");
	if (!wide)
		assert_contains(out, "PRXFPREG");
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

#define CORE_PATH_MAX 128 /* a core's path: the case's /tmp directory and core.PID */

/* The core of the child in the run: DIR/core.PID, its path into core
 * (CORE_PATH_MAX bytes); PID from the program's "child N: ..." line. */
static int child_core(const struct cv_ran *ran, char *core)
{
	int pid = child_pid(ran->r->out);

	snprintf(core, CORE_PATH_MAX, "%s/core.%d", ran->dir, pid);
	return pid;
}

/* The child's SIGSEGV: its core flag and message, the core and what it
 * holds, and the kernel's books at the child's exit and the end. */
static void check_child_core(const struct cv_ran *ran)
{
	char core[CORE_PATH_MAX], want[CORE_PATH_MAX + 64];
	struct jnode *doc;
	int pid = child_core(ran, core);

	snprintf(want, sizeof(want), "child %d: signal 11 core\n", pid);
	assert_contains(ran->r->out, want);
	snprintf(want, sizeof(want), "killed by SIGSEGV: core written to %s", core);
	assert_contains(ran->r->err, want);
	check_memory(core, ran->r->out, wide_set(ran->build));
	check_gdb(ran->prog, core, wide_set(ran->build));
	check_readelf(core, pid, wide_set(ran->build));
	doc = stats_load(stats_ran_path(ran));
	stats_assert_audits(doc);
	json_free(doc);
}

/* A crash in every build: the core of its ABI's class and what it holds. */
static const struct cv_case core_of_every_build[] = {
	{ .args = W("run", "--core-dir", CV_DIR, "--stats-json", CV_STATS_JSON,
		    "--snapshot-on", "exit", "--append", "quiet", CV_PROG),
	  .prog = "coredump", .builds = CV_IN_ALL, .kvm = true,
	  .out = W("parent still has: " PARENT_VALUE), .check = check_child_core },
	{ 0 },
};

/* gdb's backtrace of the SIGABRT core goes through abort to crash_here. */
static void check_abort_core(const struct cv_ran *ran)
{
	char core[CORE_PATH_MAX], cmd[1200], *out;

	child_core(ran, core);
	if (!have_tool("gdb", "gdb"))
		return;
	snprintf(cmd, sizeof(cmd), "gdb -nx -batch -ex bt '%s' '%s'", ran->prog, core);
	out = tool_output(cmd);
	if (!strstr(out, "SIGABRT") || !strstr(out, "in abort") || !strstr(out, "crash_here"))
		fail_msg("gdb's backtrace lacks abort <- crash_here:\n%s", out);
	free(out);
}

/* abort(): SIGABRT dumps core too, in either ABI (glibc's abort has unwind
 * information for the backtrace). */
static const struct cv_case abort_dumps_core[] = {
	{ .args = W("run", "--core-dir", CV_DIR, "--append", "quiet", CV_PROG, "abort"),
	  .prog = "coredump", .builds = CV_IN_GLIBC | CV_IN_GLIBC64, .kvm = true,
	  .out = W("signal 6 core\n"), .err = W("killed by SIGABRT: core written to"),
	  .check = check_abort_core },
	{ 0 },
};

/* Without --core-dir: no core flag in the wait status (Linux without a
 * core), nothing said. */
static const struct cv_case no_core_dir_no_core_flag[] = {
	{ .args = W("run", "--append", "quiet", CV_PROG), .prog = "coredump", .kvm = true,
	  .out = W(": signal 11\n"), .err_not = W("core") },
	{ 0 },
};

/* core.1 is there, of the class of the build's ABI. */
static void check_init_core(const struct cv_ran *ran)
{
	char core[CORE_PATH_MAX];
	struct core_view cv;
	struct stat st;

	snprintf(core, sizeof(core), "%s/core.1", ran->dir);
	assert_int_equal(stat(core, &st), 0);
	assert_true(core_load(core, &cv));
	assert_int_equal(core_class(&cv), wide_set(ran->build) ? ELFCLASS64 : ELFCLASS32);
	free(cv.p);
}

/* init itself crashing (musl, i386 and x86-64): core.1 of its ABI's class,
 * and cowvisor's status says the signal. */
static const struct cv_case init_crash_dumps_core[] = {
	{ .args = W("run", "--core-dir", CV_DIR, "--append", "quiet", CV_PROG), .prog = "segv",
	  .builds = CV_IN_MUSL | CV_IN_MUSL64, .kvm = true, .status = 128 + 11,
	  .err = W("init was killed by signal 11"), .check = check_init_core },
	{ 0 },
};

/* The run goes on past a core that could not be written: what
 * unwritable_dir_is_reported and failed_write_is_reported share, with
 * the message that says why (two words). */
#define CORE_NOT_WRITTEN(dir_, why_, detail_)                                              	{ { .args = W("run", "--core-dir", dir_, "--append", "quiet", CV_PROG),             	    .prog = "coredump", .kvm = true, .out = W(": signal 11\n", "parent still has"), 	    .err = W(why_, detail_) },                                                    	  { 0 } }

/* An unwritable DIR: a message, no core flag, the run goes on. */
static void unwritable_dir_is_reported(void **state)
{
	char dir[] = "/tmp/cowvisor-core-XXXXXX";
	const char *use = dir;

	(void)state;
	REQUIRE_KVM();
	assert_non_null(mkdtemp(dir));
	if (geteuid() == 0)
		use = "/sys"; /* refuses new files even to root, unlike a mode-0555 directory */
	else
		assert_int_equal(chmod(dir, 0555), 0);
	{
		const struct cv_case cases[] = CORE_NOT_WRITTEN(use, "no core dump: cannot create",
								"Permission denied");
		cv_check_cases(cases);
	}
	chmod(dir, 0755);
	remove_dir(dir);
}

/* A write that fails part way (a file-size limit, EFBIG, where a full disk
 * gives ENOSPC; both go the same way): a message, no core flag, the run
 * goes on. */
static const struct cv_case failed_write_is_reported[] =
	CORE_NOT_WRITTEN(CV_DIR, "no core dump: writing", "File too large (the file is incomplete)");

static struct rlimit fsize_before; /* RLIMIT_FSIZE outside a small_file_limit() test */

/* A 16 KiB file-size limit for the test, inherited by cowvisor. */
static int small_file_limit(void **state)
{
	(void)state;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &fsize_before), 0);
	return setrlimit(RLIMIT_FSIZE, &(struct rlimit){ 16384, fsize_before.rlim_max });
}

/* The file-size limit as before small_file_limit(). */
static int file_limit_back(void **state)
{
	(void)state;
	return setrlimit(RLIMIT_FSIZE, &fsize_before);
}

/* A missing or non-directory DIR is refused before the guest starts;
 * --help names the option. */
static const struct cv_case bad_core_dir_is_a_usage_error[] = {
	{ .args = W("run", "--core-dir", "/nonexistent/cores", CV_PROG), .prog = "hello",
	  .status = 125, .err = W("--core-dir /nonexistent/cores: No such file or directory") },
	{ .args = W("run", "--core-dir", "/dev/null", CV_PROG), .prog = "hello", .status = 125,
	  .err = W("--core-dir /dev/null: Not a directory") },
	{ .args = W("--help"), .out = W("--core-dir DIR") },
	{ 0 },
};

int main(void)
{
	const struct CMUnitTest tests[] = {
		CV_CASES_TEST(core_of_every_build),
		CV_CASES_TEST(abort_dumps_core),
		CV_CASES_TEST(no_core_dir_no_core_flag),
		CV_CASES_TEST(init_crash_dumps_core),
		cmocka_unit_test(unwritable_dir_is_reported),
		{ "failed_write_is_reported", cv_cases_test, small_file_limit, file_limit_back,
		  (void *)failed_write_is_reported },
		CV_CASES_TEST(bad_core_dir_is_a_usage_error),
	};

	return cmocka_run_group_tests_name("coredump", tests, NULL, NULL);
}
