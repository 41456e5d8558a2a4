/* Integration: POSIX threads (tests/progs/threads.c) in all four builds,
 * with the same output and status as on the host: create and join, mutex
 * and condition, __thread, getpid/gettid, detached threads, the main
 * thread's pthread_exit, exit_group and a fault ending every thread,
 * kill() and pthread_kill(), fork and execve from a thread, 600 create/join
 * cycles; and the statistics' audit of such a run (threads share one
 * address space, nothing leaked). Also Go's runtime (tests/go/goroutines,
 * x86-64): goroutines on several threads, channels, timers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <unistd.h>

#include "harness.h"
#include "stats_doc.h"

#define THREADS_CASES "17"

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

/* What tests/go/goroutines prints, on the host as here. */
#define GO_WANT "results [59997 119995 179994 239994 299995 359997 420000 479997] chan 42 pid true\n" \
		"timer ok\n"

/* A static Go program (no cgo) runs its goroutines on up to four threads,
 * as on the host. Skipped, saying so, where Go is not installed. */
static void go_runtime_on_threads(void **state)
{
	const char *prog = build_file("progs/go/goroutines");
	struct run_result r;

	(void)state;
	REQUIRE_KVM();
	if (access(prog, X_OK) != 0) {
		print_message("[   SKIP   ] %s not built (Go programs need golang-go: tools/deps.sh go)\n", prog);
		skip();
	}
	cv_run_in(&r, W("run", "--append", "quiet", prog), NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, GO_WANT);
	run_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		CV_CASES_TEST(threads_match_host),
		CV_CASES_TEST(threads_frames_audited),
		cmocka_unit_test(go_runtime_on_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
