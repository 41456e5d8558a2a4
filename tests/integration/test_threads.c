/* Integration: POSIX threads (tests/progs/threads.c) in all four builds,
 * with the same output and status as on the host: create and join, mutex
 * and condition, __thread, getpid/gettid, detached threads, the main
 * thread's pthread_exit, exit_group and a fault ending every thread,
 * kill() and pthread_kill(), fork and execve from a thread, 600 create/join
 * cycles; and the statistics' audit of such a run (threads share one
 * address space, nothing leaked). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"
#include "stats_doc.h"

#define THREADS_CASES "16"

/* The environment init gets from the kernel: the host run uses exactly this. */
static const char *const guest_env[] = { "PATH=/bin:/usr/bin", "HOME=/", "TERM=dumb", NULL };

static const struct cv_case threads_match_host[] = {
	{ .args = W("run", "--append", "quiet", CV_PROG), .prog = "threads", .builds = CV_IN_ALL,
	  .kvm = true, .status = 0, .host_env = guest_env,
	  .out = W("threads: " THREADS_CASES " of " THREADS_CASES " as expected") },
	{ 0 },
};

/* Every audit of a statistics run holds and no frame is leaked after the
 * create/join cycles (threads counted once, through their shared mm). */
static const struct cv_case threads_frames_audited[] = {
	{ .args = W("run", "--stats-json", CV_STATS_JSON, "--append", "quiet", CV_PROG),
	  .prog = "threads", .builds = CV_IN_ALL, .kvm = true,
	  .out = W("threads: " THREADS_CASES " of " THREADS_CASES " as expected"),
	  .check = stats_check_clean },
	{ 0 },
};

int main(void)
{
	const struct CMUnitTest tests[] = {
		CV_CASES_TEST(threads_match_host),
		CV_CASES_TEST(threads_frames_audited),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
