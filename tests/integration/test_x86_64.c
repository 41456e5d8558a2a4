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

/* Run the x86-64 program name (with args) in cowvisor and on the host, for
 * each libc built: same output, same exit status, and that status is want. */
static void same_as_host(const char *name, const char *const *args, int want)
{
	for (int i = CV_BUILDS_I386; i < CV_BUILDS_ALL; i++) { /* the x86-64 builds */
		const char *argv[16] = { "run", "--append", "quiet" }, *p = cv_prog(cv_builds[i], name);
		struct run_result g, h;
		int n = 3;

		if (p == NULL)
			continue;
		argv[n++] = p;
		for (const char *const *a = args; *a && n < 15; a++)
			argv[n++] = *a;
		argv[n] = NULL;
		cv_run(&g, argv, NULL);
		host_run(&h, p, p, args, guest_env);
		if (g.status != want || h.status != want || strcmp(g.out, h.out) != 0)
			fail_msg("%s (%s): status %d on cowvisor, %d on the host, want %d\n"
				 "cowvisor:\n%s\n%s\nhost:\n%s", name, cv_builds[i], g.status, h.status, want,
				 g.out, g.err, h.out);
		run_result_free(&g);
		run_result_free(&h);
	}
}

/* hello prints and exits as on the host (the x86-64 initial stack: argv,
 * environment, auxv; write, exit_group through the syscall instruction). */
static void hello_matches_host(void **state)
{
	(void)state;
	REQUIRE_KVM();
	same_as_host("hello", ARGS("one", "two words"), 42);
}

/* Handlers, masks across fork, SA_SIGINFO, EINTR, SIGCHLD, SIGPIPE: the
 * x86-64 signal frame and rt_sigreturn, as on the host. */
static void signals_match_host(void **state)
{
	(void)state;
	REQUIRE_KVM();
	same_as_host("signals", ARGS("x"), 0);
}

/* Anonymous mmap lands above 4 GiB, the stack is there too, and a
 * MAP_FIXED mapping at 8 GiB holds its data, as on the host. */
static void mmap_above_4_gib(void **state)
{
	(void)state;
	REQUIRE_KVM();
	same_as_host("mmaphigh", ARGS("x"), 0);
}

/* int 0x80 from a 64-bit program: i386 numbers, the low halves of the
 * registers, and the result sign-extended into all of rax, as on the host. */
static void int80_from_64_bit(void **state)
{
	(void)state;
	REQUIRE_KVM();
	same_as_host("int80", ARGS("x"), 0);
}

/* A static-pie (ET_DYN without an interpreter) runs, loaded at Linux's
 * ELF_ET_DYN_BASE. */
static void static_pie_runs(void **state)
{
	(void)state;
	REQUIRE_KVM();
	same_as_host("hello-pie", ARGS("pie"), 42);
}

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
static void dynamic_program_names_its_interpreter(void **state)
{
	struct run_result g;

	(void)state;
	cv_run(&g, ARGS("run", "/bin/true"), NULL);
	assert_int_equal(g.status, 126);
	assert_contains(g.err, "dynamically linked (interpreter /lib64/ld-linux-x86-64.so.2)");
	assert_contains(g.err, "cowvisor runs static i386 or x86-64 executables");
	run_result_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hello_matches_host),
		cmocka_unit_test(signals_match_host),
		cmocka_unit_test(mmap_above_4_gib),
		cmocka_unit_test(int80_from_64_bit),
		cmocka_unit_test(static_pie_runs),
		cmocka_unit_test(exec_i386_to_x86_64_and_back),
		cmocka_unit_test(dynamic_program_names_its_interpreter),
	};

	return cmocka_run_group_tests_name("x86_64", tests, NULL, NULL);
}
