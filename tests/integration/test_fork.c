/* Integration: fork with copy-on-write, vfork, exec, wait4, exit, zombies,
 * orphans, signals and pipes, with real glibc (and musl) programs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "harness.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NO_ARGS ((const char *const[]){ NULL })

static const char *const guest_env[] = { "PATH=/bin:/usr/bin", "HOME=/", "TERM=dumb", NULL };

/* The path of a glibc test program. */
static const char *glibc(const char *name)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "progs/glibc/%s", name);
	return build_file(rel);
}

/* Replace every number after "pid:" or "parent of " with "N", in place. */
static void mask_pids(char *s)
{
	static const char *const marks[] = { "pid:", "parent of " };
	char *out = s;

	for (char *in = s; *in;) {
		bool masked = false;
		for (size_t m = 0; m < 2 && !masked; m++) {
			size_t n = strlen(marks[m]);
			if (strncmp(in, marks[m], n) == 0 && isdigit((unsigned char)in[n])) {
				memmove(out, in, n);
				out += n;
				in += n;
				while (isdigit((unsigned char)*in))
					in++;
				*out++ = 'N';
				masked = true;
			}
		}
		if (!masked)
			*out++ = *in++;
	}
	*out = '\0';
}

/* Run a glibc test program as init; expect status 0 and each of lines. */
static void expect_lines(const char *const *args, const char *const *lines)
{
	struct run_result g;

	cv_run(&g, args, NULL);
	if (g.status != 0)
		fail_msg("status %d; stdout:\n%s\nstderr:\n%s", g.status, g.out, g.err);
	for (; *lines; lines++)
		assert_contains(g.out, *lines);
	run_result_free(&g);
}

/* expect_lines() in each of the builds [from, to) (cv_builds), where an
 * argument "@NAME" or "@NAME:REST" stands for that build's program NAME
 * (followed by ":REST"); a musl build not built is skipped (noted). */
static void expect_lines_builds(int from, int to, const char *const *args, const char *const *lines)
{
	for (int b = from; b < to; b++) {
		static char words[8][1200];
		const char *argv[24];
		bool built = true;
		int k = 0, w = 0;

		for (const char *const *a = args; *a && k < 23; a++) {
			const char *rest, *p;
			char name[64];

			if ((*a)[0] != '@') {
				argv[k++] = *a;
				continue;
			}
			rest = strchr(*a, ':');
			snprintf(name, sizeof(name), "%.*s", rest ? (int)(rest - *a - 1) : 63, *a + 1);
			if ((p = cv_prog(cv_builds[b], name)) == NULL)
				built = false;
			assert_true(w < 8);
			snprintf(words[w], sizeof(words[w]), "%s%s", p ? p : "", rest ? rest : "");
			argv[k++] = words[w++];
		}
		argv[k] = NULL;
		if (built)
			expect_lines(argv, lines);
	}
}

/* expect_lines_builds() in each of the first n builds. */
static void expect_lines_each(int n, const char *const *args, const char *const *lines)
{
	expect_lines_builds(0, n, args, lines);
}

/* The seed program: the same output as the host's once pids are masked,
 * with the first line twice (stdio's buffer is copied by fork). */
static void seed_program_matches_host(void **state)
{
	(void)state;
	REQUIRE_KVM();
	for (int i = 0; i < CV_BUILDS_ALL; i++) {
		struct run_result g, h;
		const char *built;
		char path[1024];

		if ((built = cv_prog(cv_builds[i], "forkseed")) == NULL)
			continue;
		snprintf(path, sizeof(path), "%s", built);
		cv_run(&g, ARGS("run", "--append", "quiet", path), NULL);
		host_run(&h, path, path, NO_ARGS, guest_env);
		assert_int_equal(g.status, 0);
		assert_int_equal(h.status, 0);
		mask_pids(g.out);
		mask_pids(h.out);
		assert_string_equal(g.out, h.out);
		if (strncmp(cv_builds[i], "glibc", 5) == 0) /* glibc buffers stdout fully when it is no terminal */
			assert_string_equal(g.out, "hello world (pid:N)\nhello, I am child (pid:N)\n"
						   "hello world (pid:N)\nhello, I am parent of N (pid:N)\n");
		run_result_free(&g);
		run_result_free(&h);
	}
}

/* A process with more than half of guest RAM forks twice, possible only
 * with copy-on-write; free memory comes back each time. */
static void cow_makes_big_fork_possible(void **state)
{
	(void)state;
	REQUIRE_KVM();
	expect_lines_each(CV_BUILDS_ALL, ARGS("run", "--mem", "64M", "--append", "quiet", "@cowbig", "40"),
		     ARGS("round 1: forked and reaped a 40 MiB process",
			  "round 2: forked and reaped a 40 MiB process", "free memory unchanged"));
}

/* With cow=off the same fork must copy 40 MiB eagerly: there is no room. */
static void eager_copy_cannot_fork_it(void **state)
{
	struct run_result g;

	(void)state;
	REQUIRE_KVM();
	cv_run(&g, ARGS("run", "--mem", "64M", "--append", "quiet cow=off", glibc("cowbig"), "40"), NULL);
	assert_int_equal(g.status, 1);
	assert_contains(g.out, "round 1: fork failed");
	assert_contains(g.err, "fork: Cannot allocate memory");
	run_result_free(&g);
}

/* Parent, child and grandchild each see only their own writes; read(2)
 * into a shared buffer breaks COW like a user write. */
static void cow_writes_stay_private(void **state)
{
	(void)state;
	REQUIRE_KVM();
	expect_lines_each(CV_BUILDS_ALL, ARGS("run", "--append", "quiet", "@cowwrite"),
		     ARGS("three generations: each sees its own",
			  "read into shared buffer: parent unchanged"));
}

/* vfork: the child changes the parent's stack variable while the parent
 * waits; a vfork child execs another program and the parent resumes. */
static void vfork_shares_and_suspends(void **state)
{
	(void)state;
	REQUIRE_KVM();
	expect_lines_each(CV_BUILDS_ALL, ARGS("run", "--append", "quiet", "--add", "@forkseed:/bin/forkseed",
					      "@vforktest", "/bin/forkseed"),
		     ARGS("vfork: parent resumed, child_done=1, shared=2", "vfork+exec: parent resumed",
			  "vfork+exec: child exited with 0", "hello, I am parent of"));
}

/* Zombies keep their status; orphans get ppid 1 and init reaps them. */
static void zombies_and_orphans(void **state)
{
	(void)state;
	REQUIRE_KVM();
	expect_lines_each(CV_BUILDS_ALL, ARGS("run", "--append", "quiet", "@zombies"),
		     ARGS("zombie: reaped the child, exited=1 status=42", "killed: signaled=1 sig=15",
			  "orphan: grandchild saw ppid 1", "orphan: init reaped it: yes, status 9",
			  "no children left: ECHILD"));
}

/* Two processes that never block both make progress. */
static void cpu_bound_processes_share_the_cpu(void **state)
{
	(void)state;
	REQUIRE_KVM();
	expect_lines_each(CV_BUILDS_ALL, ARGS("run", "--append", "quiet", "@preempt"),
		     ARGS("both processes counted to 20000 and 20000"));
}

/* ymmswitch where user mode has no AVX: it says so. */
#define YMM_SKIPPED "ymm: skipped: no AVX in user mode"
static const struct cv_case ymm_i386_skips[] = { CV_EACH("ymmswitch", CV_IN_I386, YMM_SKIPPED), { 0 } };
static const struct cv_case ymm_x86_64_skips[] = { CV_EACH("ymmswitch", CV_IN_X86_64, YMM_SKIPPED), { 0 } };

/* Two processes keep their own YMM registers, upper halves too, across
 * preemptions; a vfork child's values and a signal handler's stay theirs. On kvm-pvm x86-64
 * user code has AVX (the host's XCR0) and the kernel switches that state
 * by its user-mode stub (proc/xstate.h); i386 code there, and all code on
 * hardware KVM, has none: the program says so. */
static void ymm_registers_survive_preemption(void **state)
{
	bool pvm = access("/sys/module/kvm_pvm", F_OK) == 0;

	(void)state;
	REQUIRE_KVM();
	cv_check_cases(ymm_i386_skips);
	if (pvm)
		expect_lines_builds(CV_BUILDS_I386, CV_BUILDS_ALL, ARGS("run", "--append", "quiet", "@ymmswitch"),
				    ARGS("ymm: 2 processes x 40 rounds, 16 registers each kept: ok",
					 "ymm: vfork child's values stay its own: ok",
					 "ymm: signal handler's values stay its own: ok"));
	else
		cv_check_cases(ymm_x86_64_skips);
}

/* 1,000 fork/exit/wait cycles leave free memory where it started. */
static void thousand_forks_do_not_leak(void **state)
{
	(void)state;
	REQUIRE_KVM();
	expect_lines_each(CV_BUILDS_ALL, ARGS("run", "--timeout", "300", "--append", "quiet", "@forkloop", "1000"),
		     ARGS("1000 fork/exit/wait cycles: free pages", "(unchanged)"));
}

/* A fork bomb gets EAGAIN at the process limit; the system stays usable. */
static void fork_bomb_gets_eagain(void **state)
{
	(void)state;
	REQUIRE_KVM();
	expect_lines_each(CV_BUILDS_ALL, ARGS("run", "--append", "quiet", "@forkbomb"),
		     ARGS("then fork failed with EAGAIN", "fork afterwards: works"));
}

/* Handlers, masks across fork, SA_SIGINFO, EINTR, SIGCHLD, EPIPE/SIGPIPE. */
static void signals_and_pipes(void **state)
{
	(void)state;
	REQUIRE_KVM();
	expect_lines_each(CV_BUILDS_ALL, ARGS("run", "--append", "quiet", "@signals"),
		     ARGS("handler runs: ok", "mask kept across fork: ok",
			  "SA_SIGINFO handler gets siginfo: ok", "SIGCHLD on child exit: ok",
			  "blocking read interrupted: EINTR: ok",
			  "read at EOF after the last writer closed: ok",
			  "write without reader: EPIPE: ok", "write without reader: killed by SIGPIPE: ok"));
}

/* A handler that computes with x87 and SSE leaves the interrupted code's
 * registers as they were (the frame carries the FPU state). */
static void signal_handlers_keep_fpu_state(void **state)
{
	(void)state;
	REQUIRE_KVM();
	expect_lines_each(CV_BUILDS_ALL, ARGS("run", "--append", "quiet", "@sigfpu"),
		     ARGS("xmm0 kept, st0 kept, handler computed 12.50"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_program_matches_host),
		cmocka_unit_test(cow_makes_big_fork_possible),
		cmocka_unit_test(eager_copy_cannot_fork_it),
		cmocka_unit_test(cow_writes_stay_private),
		cmocka_unit_test(vfork_shares_and_suspends),
		cmocka_unit_test(zombies_and_orphans),
		cmocka_unit_test(cpu_bound_processes_share_the_cpu),
		cmocka_unit_test(ymm_registers_survive_preemption),
		cmocka_unit_test(thousand_forks_do_not_leak),
		cmocka_unit_test(fork_bomb_gets_eagain),
		cmocka_unit_test(signals_and_pipes),
		cmocka_unit_test(signal_handlers_keep_fpu_state),
	};

	return cmocka_run_group_tests_name("fork", tests, NULL, NULL);
}
