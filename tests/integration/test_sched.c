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
#define TIMEOUT "150"

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

/* 8 MiB of getrandom in one call: all of it, random-looking (its speed is
 * not asserted here: timing belongs to make bench). */
static const struct cv_case getrandom_8mib_returns_all[] = {
	{ .args = RUN_PROG("speed"), .prog = "getrandom_big", .builds = CV_IN_ALL, .kvm = true,
	  .out = W("getrandom 8 MiB: returned 8388608 in", "getrandom 8 MiB: bytes look random: yes") },
	{ 0 },
};

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
		CV_CASES_TEST(getrandom_8mib_returns_all),
		CV_CASES_TEST(getrandom_is_capped),
		CV_CASES_TEST(signal_ends_getrandom_early),
		CV_CASES_TEST(init_ignoring_sigchld_reaps_orphans),
		CV_CASES_TEST(nocldwait_init_and_ignoring_parent_reap_children),
		cmocka_unit_test(wait_options_and_waitid),
		CV_CASES_TEST(pipe_without_memory_is_enomem),
	};

	return cmocka_run_group_tests_name("sched", tests, NULL, NULL);
}
