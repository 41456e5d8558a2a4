/* Integration: scheduling and process lifetimes under load. A process in a
 * loop of system calls, handled faults, pipe transfers or huge getrandom
 * calls does not starve a sleeper; getrandom is fast, capped and ends
 * early on a signal; orphans and zombies of an init that ignores SIGCHLD
 * are reaped; wait4/waitid options, clone children and pipe's errors are
 * Linux's. Every program runs as init in every build: i386 and x86-64,
 * glibc and, where built, musl (the harness's cv_builds). */
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
#define MAX_ARGS 16
#define TIMEOUT "150"

static const char *const *const libcs = cv_builds; /* CV_BUILDS_ALL of them */

/* Run tests/progs/prog of libc as init (cowvisor options opts, then the
 * program's args); expect status 0 and each of lines on stdout. The run's
 * stdout goes to *out when out is not NULL (the caller frees it). False
 * when that libc's program was not built. */
static bool run_prog(const char *libc, const char *prog, const char *const *opts,
		     const char *const *args, const char *const *lines, char **out)
{
	const char *argv[MAX_ARGS + 1];
	struct run_result r;
	const char *path;
	int n = 0;

	path = cv_prog(libc, prog);
	if (path == NULL) /* a musl set not built: noted by cv_prog */
		return false;
	argv[n++] = "run";
	argv[n++] = "--timeout";
	argv[n++] = TIMEOUT;
	argv[n++] = "--append";
	argv[n++] = "quiet";
	for (; opts && *opts && n < MAX_ARGS - 8; opts++)
		argv[n++] = *opts;
	argv[n++] = path;
	for (; args && *args && n < MAX_ARGS; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	cv_run(&r, argv, NULL);
	if (r.status != 0)
		fail_msg("%s %s: status %d; stdout:\n%s\nstderr:\n%s", libc, prog, r.status, r.out, r.err);
	for (; *lines; lines++)
		assert_contains(r.out, *lines);
	if (out) {
		*out = r.out;
		r.out = NULL;
	}
	run_result_free(&r);
	return true;
}

/* cowvisor's arguments for a case: PROG as init, then the program's args. */
#define RUN_PROG(...) ARGS("run", "--timeout", TIMEOUT, "--append", "quiet", CV_PROG, __VA_ARGS__)

/* 30 sleeps of 10 ms next to a busy child take under 5x as long (the
 * program checks; before preemption on the way back to user mode and
 * clock-based slices they took 10-100x): mode's loop in the child. */
#define NOT_STARVED(mode) { .args = RUN_PROG(mode, "30"), .prog = "fairness", .builds = CV_IN_ALL, \
			    .kvm = true, .out = W("fairness " mode ": ok") }

static const struct cv_case syscall_loop_does_not_starve_a_sleeper[] = { NOT_STARVED("syscall"), { 0 } };
static const struct cv_case fault_loop_does_not_starve_a_sleeper[] = { NOT_STARVED("fault"), { 0 } };
static const struct cv_case pipe_loop_does_not_starve_a_sleeper[] = { NOT_STARVED("pipe"), { 0 } };

/* A child in 8 MiB getrandom calls: the kernel loop lets the sleeper run. */
static const struct cv_case getrandom_loop_does_not_freeze_the_system[] = {
	NOT_STARVED("getrandom"), { 0 },
};

/* 8 MiB of getrandom: all of it, random-looking, in well under a minute
 * (byte by byte it took 112 s to over 4 minutes here). */
static void getrandom_8mib_is_fast(void **state)
{
	(void)state;
	REQUIRE_KVM();
	for (size_t i = 0; i < (size_t)CV_BUILDS_ALL; i++) {
		char *out = NULL, *at;
		if (!run_prog(libcs[i], "getrandom_big", NULL, ARGS("speed"),
			      ARGS("getrandom 8 MiB: returned 8388608 in",
				   "getrandom 8 MiB: bytes look random: yes"), &out))
			continue;
		at = strstr(out, " in ");
		assert_non_null(at);
		if (atol(at + 4) >= 30000)
			fail_msg("%s: getrandom of 8 MiB took %ld ms", libcs[i], atol(at + 4));
		free(out);
	}
}

/* One call returns at most 33554431 bytes, as on Linux. */
static const struct cv_case getrandom_is_capped[] = {
	{ .args = RUN_PROG("cap"), .prog = "getrandom_big", .builds = CV_IN_ALL, .kvm = true,
	  .out = W("getrandom 40 MiB: returned 33554431") },
	{ 0 },
};

/* A handled signal ends a long getrandom early with a partial count. */
static const struct cv_case signal_ends_getrandom_early[] = {
	{ .args = RUN_PROG("signal"), .prog = "getrandom_big", .builds = CV_IN_ALL, .kvm = true,
	  .out = W("getrandom interrupted: partial count, whole pages") },
	{ 0 },
};

/* 300 orphans of an init that ignores SIGCHLD leave no slot behind. */
static const struct cv_case init_ignoring_sigchld_reaps_orphans[] = {
	{ .args = RUN_PROG("ign"), .prog = "zombie_init", .builds = CV_IN_ALL, .kvm = true,
	  .out = W("SIG_IGN init: 300 orphans, fork failed: no, zombies init had to reap: 0, "
		   "processes left: 1, fork after: works", "wait afterwards: ECHILD") },
	{ 0 },
};

/* The same with SA_NOCLDWAIT, and for a parent that is not init. */
static const struct cv_case nocldwait_init_and_ignoring_parent_reap_children[] = {
	{ .args = RUN_PROG("nocldwait", "60"), .prog = "zombie_init", .builds = CV_IN_ALL, .kvm = true,
	  .out = W("SA_NOCLDWAIT init: 60 orphans, fork failed: no, zombies init had to reap: 0, "
		   "processes left: 1, fork after: works", "wait afterwards: ECHILD",
		   "parent ignoring SIGCHLD: 130 children, none left to wait for: yes") },
	{ 0 },
};

/* wait4/waitid options, siginfo, clone children, pipe's EMFILE; with
 * --core-dir, the SIGABRT child's core is written: CLD_DUMPED. */
static void wait_options_and_waitid(void **state)
{
	char dir[] = "/tmp/cowvisor-waitflags-XXXXXX", cmd[128];
	const struct cv_case c[] = {
		{ .args = ARGS("run", "--timeout", TIMEOUT, "--append", "quiet", "--core-dir", dir,
			       CV_PROG, "core"),
		  .prog = "waitflags", .builds = CV_IN_ALL, .kvm = true,
		  .out = W("waitpid WUNTRACED|WCONTINUED: ok", "wait4 __WALL|__WNOTHREAD: ok",
			   "waitpid unknown option bit: EINVAL: ok",
			   "waitid WEXITED|WNOWAIT: CLD_EXITED, status 7: ok",
			   "WNOWAIT left the zombie: waitpid reaps it: ok",
			   "waitid killed: CLD_KILLED, status SIGKILL: ok",
			   "waitid core dump: CLD_DUMPED, status SIGABRT: ok",
			   "waitid WNOHANG, child running: 0, si_pid 0: ok",
			   "waitid without WEXITED/WSTOPPED/WCONTINUED: EINVAL: ok",
			   "waitid P_PID 0: EINVAL: ok", "waitid without children: ECHILD: ok",
			   "clone child (exit signal 0) invisible to plain waitpid: ECHILD: ok",
			   "... reaped with __WCLONE: ok", "... and with __WALL: ok",
			   "a fork child is invisible to __WCLONE: ok",
			   "pipe without a free descriptor: EMFILE: ok") },
		{ 0 },
	};

	(void)state;
	REQUIRE_KVM();
	assert_non_null(mkdtemp(dir)); /* the cases' dir */
	cv_check_cases(c);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* Out of frames, pipe says ENOMEM; with memory back it works. */
static const struct cv_case pipe_without_memory_is_enomem[] = {
	{ .args = ARGS("run", "--timeout", TIMEOUT, "--append", "quiet", "--mem", "16M", CV_PROG),
	  .prog = "pipe_nomem", .builds = CV_IN_ALL, .kvm = true,
	  .out = W("free frames: ENOMEM", "pipe after munmap: ok") },
	{ 0 },
};

int main(void)
{
	const struct CMUnitTest tests[] = {
		CV_CASES_TEST(syscall_loop_does_not_starve_a_sleeper),
		CV_CASES_TEST(fault_loop_does_not_starve_a_sleeper),
		CV_CASES_TEST(pipe_loop_does_not_starve_a_sleeper),
		CV_CASES_TEST(getrandom_loop_does_not_freeze_the_system),
		cmocka_unit_test(getrandom_8mib_is_fast),
		CV_CASES_TEST(getrandom_is_capped),
		CV_CASES_TEST(signal_ends_getrandom_early),
		CV_CASES_TEST(init_ignoring_sigchld_reaps_orphans),
		CV_CASES_TEST(nocldwait_init_and_ignoring_parent_reap_children),
		cmocka_unit_test(wait_options_and_waitid),
		CV_CASES_TEST(pipe_without_memory_is_enomem),
	};

	return cmocka_run_group_tests_name("sched", tests, NULL, NULL);
}
