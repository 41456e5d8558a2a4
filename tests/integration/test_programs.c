/* Integration: unmodified static i386 programs (glibc, musl, cvlibc; hello,
 * files and float also as x86-64 glibc and musl) run as
 * init give the same output and status as on the host; bad programs get
 * 126/127; faults become signals; --strace, stdin, init= and --initrd. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* The environment init gets from the kernel, plus GREETING from the command
 * line: the host run uses exactly this. */
static const char *const guest_env[] = {
	"PATH=/bin:/usr/bin", "HOME=/", "TERM=dumb", "GREETING=moo", NULL,
};

/* Guest and host output and status of hello are the same, for both libcs,
 * with arguments that need quoting. */
static const struct cv_case hello_matches_host[] = {
	{ .args = ARGS("run", "--append", "quiet GREETING=moo", CV_PROG, "a", "b c", "", "q\"uo\\te"),
	  .prog = "hello", .builds = CV_IN_ALL, .kvm = true, .status = 42, .host_env = guest_env,
	  .out = W("argv[2]=b c") },
	{ 0 },
};

/* Resource limits as the host keeps them (tests/progs/rlimits.c):
 * setrlimit and prlimit64 change them (setrlimit was ENOSYS, prlimit64's
 * new limit ignored), RLIMIT_NOFILE's soft limit bounds open, dup2,
 * F_DUPFD and poll, a child and its exec keep them. */
static const struct cv_case rlimits_match_host[] = {
	{ .args = ARGS("run", "--append", "quiet GREETING=moo", CV_PROG), .prog = "rlimits",
	  .builds = CV_IN_ALL, .kvm = true, .status = 0, .host_env = guest_env,
	  .out = W("rlimits: ok") },
	{ 0 },
};

/* Resource limits enforced as Linux enforces them (tests/progs/rlimitenf.c,
 * 39 answers checked on the host): RLIMIT_FSIZE (short writes, EFBIG and
 * SIGXFSZ), RLIMIT_AS and RLIMIT_DATA (mmap, mremap, brk: ENOMEM),
 * RLIMIT_STACK (an exec'd program's stack and argument room),
 * RLIMIT_NPROC (fork EAGAIN, root exempt), RLIMIT_CPU (SIGXCPU, SIGKILL);
 * the kernel before kept them without enforcing them (12 of 39). */
static const struct cv_case rlimits_enforced[] = {
	CV_EACH("rlimitenf", CV_IN_ALL, "rlimitenf: 39 of 39 as on Linux"),
	{ 0 },
};

/* personality(2): read, set, PER_LINUX32's i686 in uname, kept by fork and
 * exec (tests/progs/persona.c, 7 answers as the host's; was ENOSYS). */
static const struct cv_case personality_kept[] = {
	CV_EACH("persona", CV_IN_ALL, "persona: 7 of 7 as on Linux"),
	{ 0 },
};

/* Setting the wall clock: clock_settime, settimeofday and its zone, i386's
 * stime, root only, seen by the vDSO and other processes
 * (tests/progs/settime.c; was ENOSYS: 3 of 13). */
static const struct cv_case wall_clock_set[] = {
	CV_EACH("settime", CV_IN_I386, "settime: 13 of 13 as on Linux"),
	CV_EACH("settime", CV_IN_X86_64, "settime: 12 of 12 as on Linux"), /* no stime */
	{ 0 },
};

/* An i386 static-pie (ET_DYN without an interpreter: libc-bin's ldconfig
 * is one) runs as on the host (it was refused as "not a static
 * executable"; the x86-64 one: test_x86_64). */
static const struct cv_case static_pie_i386_matches_host[] = {
	{ .args = ARGS("run", "--append", "quiet GREETING=moo", CV_PROG, "pie"), .prog = "hello-pie",
	  .builds = CV_IN_GLIBC, .kvm = true, .status = 42, .host_env = guest_env,
	  .out = W("argv[1]=pie") },
	{ 0 },
};

/* Make a directory with two small files for the files program. */
static void make_files(char *dir)
{
	char path[512];
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/a.txt", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("first line of a\nsecond\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/b.txt", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("b\n", f);
	fclose(f);
}

/* A file from --add, a directory listing, mmap2, brk growth, TLS and
 * clock_gettime: the same report as on the host. */
static void files_program_matches_host(void **state)
{
	char dir[] = "/tmp/cowvisor-files-XXXXXX", a[600], b[600], cmd[700];

	(void)state;
	REQUIRE_KVM();
	make_files(dir);
	snprintf(a, sizeof(a), "%s/a.txt:/data/a.txt", dir);
	snprintf(b, sizeof(b), "%s/b.txt:/data/b.txt", dir);
	for (int i = 0; i < CV_BUILDS_ALL; i++) {
		struct run_result g, h;
		char host_file[600];
		const char *p;

		if ((p = cv_prog(cv_builds[i], "files")) == NULL)
			continue;
		snprintf(host_file, sizeof(host_file), "%s/a.txt", dir);
		cv_run(&g, ARGS("run", "--append", "quiet", "--add", a, "--add", b, p, "/data/a.txt", "/data"), NULL);
		host_run(&h, p, "files", ARGS(host_file, dir), guest_env);
		assert_int_equal(h.status, 0);
		assert_int_equal(g.status, 0);
		assert_string_equal(g.out, h.out);
		assert_contains(g.out, "files: ok");
		run_result_free(&g);
		run_result_free(&h);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* SSE and x87 code mixed with integer instructions, jumps, loops and
 * faults (tests/progs/fprun.c): on kvm-pvm the kernel runs such runs
 * natively in 64-bit mode, where each must still behave as in 32-bit mode
 * and a fault must name its own instruction. */
static const struct cv_case fpu_runs_behave_as_32_bit_code[] = {
	CV_EACH("fprun", CV_IN_I386, " checks ok"),
	{ 0 },
};

/* x87 code rewritten in place runs as its new bytes say, and an FPU
 * instruction on a page's last byte before an unmapped page faults the
 * program at the next page, not the kernel (tests/progs/fpcache.c): the
 * trampoline's cache checks a run's bytes, and the #UD entry's look at
 * them may fault. */
static const struct cv_case fpu_cache_follows_changed_code[] = {
	/* x86-64 too: its function takes the pointer in rdi (it used to read
	 * i386's [esp+4] and die of SIGSEGV, on the host as well) */
	CV_EACH("fpcache", CV_IN_ALL, "fpcache: ok"),
	{ 0 },
};

/* simd32=: CPUID shows 32-bit programs SSE2 with on, hides it with off
 * (CPUID faulting, which KVM and kvm-pvm offer), and by default hides it
 * only on kvm-pvm; SSE2 instructions work in every case. */
static void simd32_word_sets_what_cpuid_shows(void **state)
{
	bool pvm = access("/sys/module/kvm_pvm", F_OK) == 0;
	const char *shown = "simdcpuid: sse2 shown, paddd ok", *hidden = "simdcpuid: sse2 hidden, paddd ok";
	const struct cv_case c[] = {
		CV_EACH_APPEND("simdcpuid", CV_IN_I386, "quiet simd32=on", shown),
		CV_EACH_APPEND("simdcpuid", CV_IN_I386, "quiet simd32=off", hidden),
		CV_EACH_APPEND("simdcpuid", CV_IN_I386, "quiet", pvm ? hidden : shown),
		CV_EACH_APPEND("simdcpuid", CV_IN_I386, "quiet simd32=off simd32=auto", pvm ? hidden : shown),
		{ 0 },
	};

	(void)state;
	REQUIRE_KVM();
	cv_check_cases(c);
}

/* x87 and SSE arithmetic printed with printf: the same digits as the host. */
static const struct cv_case floating_point_matches_host[] = {
	{ .args = ARGS("run", "--append", "quiet", CV_PROG), .prog = "float", .builds = CV_IN_ALL,
	  .kvm = true, .host_env = guest_env, .out = W("sqrt(2) = 1.414213562373") },
	{ 0 },
};

/* Bad pointers to write, read and stat64 give EFAULT, and the kernel
 * lives (i386's stat64 and 0xc0000000; cvlibc's too). */
static const struct cv_case bad_pointers_get_efault[] = {
	{ .args = ARGS("run", "--append", "quiet", CV_PROG), .prog = "badptr", .builds = CV_IN_I386,
	  .kvm = true, .out = W("write(1, 0x10, 5) = -1 EFAULT", "read(0, 0xc0000000, 10) = -1 EFAULT",
				"stat64(\"/\", 0x10) = -1 EFAULT", "stat64(0x10, 0x10) = -1 EFAULT") },
	{ .args = ARGS("run", "--append", "quiet", CV_PROG), .prog = "user/badptr_cv", .kvm = true,
	  .out = W("errno=14 (EFAULT)") },
	{ 0 },
};

/* Division by zero kills init with SIGFPE: status 136, reported on stderr. */
static const struct cv_case divide_by_zero_is_sigfpe[] = {
	{ .args = ARGS("run", "--append", "quiet", CV_PROG), .prog = "divzero", .kvm = true,
	  .status = 136, .out = W("dividing by zero"),
	  .err = W("init was killed by signal 8 (SIGFPE)", "divide error at eip") },
	{ 0 },
};

/* A write through a null pointer kills init with SIGSEGV: status 139. */
static const struct cv_case null_write_is_sigsegv[] = {
	{ .args = ARGS("run", "--append", "quiet", CV_PROG), .prog = "segv", .kvm = true,
	  .status = 139, .out = W("writing to address 0\n"), .out_not = W("still alive"),
	  .err = W("killed by signal 11 (SIGSEGV)", "addr 0x0") },
	{ 0 },
};

/* PROGRAM not found: 127; not a static i386 or x86-64 ELF: 126; each with a reason. */
static const struct cv_case unusable_programs_126_127[] = {
	{ .args = ARGS("run", "/nonexistent/prog"), .status = 127,
	  .err = W("/nonexistent/prog", "No such file or directory") },
	{ .args = ARGS("run", "/bin/true"), .status = 126,
	  .err = W("/bin/true", "dynamically linked (interpreter /lib64/ld-linux-x86-64.so.2)") },
	{ .args = ARGS("run", "/etc/passwd"), .status = 126, .err = W("/etc/passwd", "not an ELF file") },
	{ .args = ARGS("run", "/tmp"), .status = 126, .err = W("/tmp", "is a directory") },
	{ 0 },
};

/* cvlibc programs: arguments and the exit status come through. */
static void cvlibc_hello_and_exit_status(void **state)
{
	struct run_result g;
	char want[4096 + 100];

	(void)state;
	REQUIRE_KVM();
	cv_run(&g, ARGS("run", "--append", "quiet", build_file("user/hello_cv"), "a", "b c"), NULL);
	assert_int_equal(g.status, 3);
	snprintf(want, sizeof(want), "hello from cvlibc\nargc=3\nargv[0]=%s\nargv[1]=a\nargv[2]=b c\n",
		 build_file("user/hello_cv"));
	assert_string_equal(g.out, want);
	run_result_free(&g);
	cv_run(&g, ARGS("run", "--append", "quiet", build_file("user/exit_code"), "77"), NULL);
	assert_int_equal(g.status, 77);
	run_result_free(&g);
}

/* The host's stdin reaches the guest program, up to EOF. */
static const struct cv_case stdin_reaches_the_program[] = {
	{ .args = ARGS("run", "--append", "quiet", CV_PROG), .prog = "readstdin", .kvm = true,
	  .input = "one\ntwo\n", .out_is = "one\ntwo\nstdin: 8 bytes, 2 lines, EOF\n" },
	{ 0 },
};

/* init= places PROGRAM at that path; argv[0] stays the word the user typed,
 * as a shell passes it (a relative word too). */
static void init_path_from_the_command_line(void **state)
{
	struct run_result g;
	char dir[4096], *slash;

	(void)state;
	REQUIRE_KVM();
	cv_run(&g, ARGS("run", "--strace", "--append", "quiet init=/sbin/myinit", cv_prog("glibc", "hello")),
	       NULL);
	assert_int_equal(g.status, 42);
	assert_contains(g.err, "readlink(\"/proc/self/exe\", \"/sbin/myinit\", 4096) = 12");
	assert_contains(g.out, "argv[0]=");
	assert_contains(g.out, cv_prog("glibc", "hello"));
	run_result_free(&g);
	snprintf(dir, sizeof(dir), "%s", cv_prog("glibc", "hello"));
	slash = strrchr(dir, '/');
	assert_non_null(slash);
	*slash = '\0';
	cv_run_in_dir(&g, dir, ARGS("run", "--append", "quiet", "./hello", "x y"));
	assert_int_equal(g.status, 42);
	assert_contains(g.out, "argv[0]=./hello\nargv[1]=x y\n");
	run_result_free(&g);
}

/* --strace shows the calls strace-style, with results and errors. */
static const struct cv_case strace_shows_calls[] = {
	{ .args = ARGS("run", "--strace", "--append", "quiet", CV_PROG, "x"), .prog = "hello",
	  .kvm = true, .status = 42, .out = W("hello, world\n"),
	  .err = W("[1] set_thread_area(", "[1] readlink(\"/proc/self/exe\", \"/init\", 4096) = 5",
		   "[1] ioctl(1, TCGETS, ", ") = -1 ENOTTY (Inappropriate ioctl for device)",
		   "[1] write(1, \"hello, world\\nargv[0]=", "[1] exit_group(42) = ?") },
	{ 0 },
};

/* --initrd boots an archive made by GNU cpio, init from init=. */
static void initrd_from_gnu_cpio(void **state)
{
	char dir[] = "/tmp/cowvisor-initrd-XXXXXX", cmd[2048], archive[600];
	struct run_result g;

	(void)state;
	REQUIRE_KVM();
	if (access("/usr/bin/cpio", X_OK) != 0) {
		print_message("[   SKIP   ] GNU cpio is not installed (tools/deps.sh installs it)\n");
		skip();
	}
	assert_non_null(mkdtemp(dir));
	snprintf(archive, sizeof(archive), "%s.cpio", dir);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/bin' && cp '%s' '%s/bin/hello' && "
		 "cd '%s' && find . | cpio -o -H newc --quiet > '%s'",
		 dir, cv_prog("glibc", "hello"), dir, dir, archive);
	assert_int_equal(system(cmd), 0);
	cv_run(&g, ARGS("run", "--append", "quiet init=/bin/hello", "--initrd", archive, "--", "x"), NULL);
	assert_int_equal(g.status, 42);
	assert_contains(g.out, "argv[0]=/bin/hello\nargv[1]=x\n");
	run_result_free(&g);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", dir, archive);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		CV_CASES_TEST(hello_matches_host),
		CV_CASES_TEST(static_pie_i386_matches_host),
		CV_CASES_TEST(rlimits_match_host),
		CV_CASES_TEST(rlimits_enforced),
		CV_CASES_TEST(personality_kept),
		CV_CASES_TEST(wall_clock_set),
		cmocka_unit_test(files_program_matches_host),
		CV_CASES_TEST(floating_point_matches_host),
		CV_CASES_TEST(fpu_runs_behave_as_32_bit_code),
		cmocka_unit_test(simd32_word_sets_what_cpuid_shows),
		CV_CASES_TEST(fpu_cache_follows_changed_code),
		CV_CASES_TEST(bad_pointers_get_efault),
		CV_CASES_TEST(divide_by_zero_is_sigfpe),
		CV_CASES_TEST(null_write_is_sigsegv),
		CV_CASES_TEST(unusable_programs_126_127),
		cmocka_unit_test(cvlibc_hello_and_exit_status),
		CV_CASES_TEST(stdin_reaches_the_program),
		cmocka_unit_test(init_path_from_the_command_line),
		CV_CASES_TEST(strace_shows_calls),
		cmocka_unit_test(initrd_from_gnu_cpio),
	};

	return cmocka_run_group_tests_name("programs", tests, NULL, NULL);
}
