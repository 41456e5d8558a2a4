/* Integration: static x86-64 programs (glibc and musl) beside i386 ones:
 * the syscall ABI, the x86-64 stack, signal frames, mmap above 4 GiB,
 * static-pie, and exec from one ABI into the other and back. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* The environment init gets from the kernel: the host run uses exactly this. */
static const char *const guest_env[] = { "PATH=/bin:/usr/bin", "HOME=/", "TERM=dumb", NULL };

/* A case: the x86-64 program prog (with args) runs as init in cowvisor and
 * on the host, for each libc built: same output, same exit status, and
 * that status is status. */
#define SAME_AS_HOST(prog_, status_, ...)                                                  \
	{ { .args = ARGS("run", "--append", "quiet", CV_PROG, __VA_ARGS__), .prog = prog_,     \
	    .builds = CV_IN_X86_64, .kvm = true, .status = status_, .host_env = guest_env }, \
	  { 0 } }

/* hello prints and exits as on the host (the x86-64 initial stack: argv,
 * environment, auxv; write, exit_group through the syscall instruction). */
static const struct cv_case hello_matches_host[] = SAME_AS_HOST("hello", 42, "one", "two words");

/* Handlers, masks across fork, SA_SIGINFO, EINTR, SIGCHLD, SIGPIPE: the
 * x86-64 signal frame and rt_sigreturn, as on the host. */
static const struct cv_case signals_match_host[] = SAME_AS_HOST("signals", 0, "x");

/* Anonymous mmap lands above 4 GiB, the stack is there too, and a
 * MAP_FIXED mapping at 8 GiB holds its data, as on the host. */
static const struct cv_case mmap_above_4_gib[] = SAME_AS_HOST("mmaphigh", 0, "x");

/* int 0x80 from a 64-bit program: i386 numbers, the low halves of the
 * registers, and the result sign-extended into all of rax, as on the host. */
static const struct cv_case int80_from_64_bit[] = SAME_AS_HOST("int80", 0, "x");

/* A static-pie (ET_DYN without an interpreter) runs, loaded at Linux's
 * ELF_ET_DYN_BASE. */
static const struct cv_case static_pie_runs[] = SAME_AS_HOST("hello-pie", 42, "pie");

/* An i386 program forks a child that execs an x86-64 one, whose child
 * execs the i386 one again: each runs in its own ABI and reports its
 * child's exit. */
static void exec_i386_to_x86_64_and_back(void **state)
{
	static const char *const want =
		"32-bit program, 2 more to run\n"
		"64-bit program, 1 more to run\n"
		"32-bit program, 0 more to run\n"
		"64-bit program: child exited with 0\n"
		"32-bit program: child exited with 0\n";
	char add64[1100], add32[1100];
	struct run_result g;

	(void)state;
	REQUIRE_KVM();
	snprintf(add64, sizeof(add64), "%s:/bin/abi64", build_file("progs/glibc64/abichain"));
	snprintf(add32, sizeof(add32), "%s:/bin/abi32", build_file("progs/glibc/abichain"));
	cv_run(&g, ARGS("run", "--append", "quiet", "--add", add64, "--add", add32,
			build_file("progs/glibc/abichain"), "/bin/abi64", "/bin/abi32"), NULL);
	if (g.status != 0 || strcmp(g.out, want) != 0)
		fail_msg("status %d, output:\n%s\n%s", g.status, g.out, g.err);
	run_result_free(&g);
}

/* A dynamically linked x86-64 program is refused on the host (126) with
 * the interpreter it asked for. */
static const struct cv_case dynamic_program_names_its_interpreter[] = {
	{ .args = ARGS("run", "/bin/true"), .status = 126,
	  .err = W("dynamically linked (interpreter /lib64/ld-linux-x86-64.so.2)",
		   "cowvisor runs static i386 or x86-64 executables") },
	{ 0 },
};

int main(void)
{
	const struct CMUnitTest tests[] = {
		CV_CASES_TEST(hello_matches_host),
		CV_CASES_TEST(signals_match_host),
		CV_CASES_TEST(mmap_above_4_gib),
		CV_CASES_TEST(int80_from_64_bit),
		CV_CASES_TEST(static_pie_runs),
		cmocka_unit_test(exec_i386_to_x86_64_and_back),
		CV_CASES_TEST(dynamic_program_names_its_interpreter),
	};

	return cmocka_run_group_tests_name("x86_64", tests, NULL, NULL);
}
