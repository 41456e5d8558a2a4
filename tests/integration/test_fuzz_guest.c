/* Integration: the guest system-call fuzzer (tests/progs/sysfuzz.c) on a
 * few fixed seeds, as `make fuzz-guest` runs it on many: the kernel
 * survives every worker (no panic, no hang, the supervisor lives), every
 * statistics audit holds and no frame is lost once all are reaped. And the
 * regression test for what the fuzzer found: an orphan's exit signal. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>


#include "harness.h"
#include "stats_doc.h"

#define FUZZ_ACTIONS "800"
#define FUZZ_WORKERS "4"
#define FUZZ_DEADLINE "5"

/* sysfuzz of builds_ (CV_IN_*) on seed_, checked as tools/fuzz-guest.sh
 * classifies a run: status 0 (no HANG line), the summary printed, every
 * audit ok, frames used at "end" equal to "start". */
#define FUZZ_SEED(builds_, seed_)                                                          \
	{ .args = W("run", "--mem", "64M", "--timeout", "150", "--stats-json", CV_STATS_JSON,   \
		    CV_PROG, seed_, FUZZ_ACTIONS, FUZZ_WORKERS, FUZZ_DEADLINE),                 \
	  .prog = "sysfuzz", .builds = builds_, .kvm = true, .out = W("sysfuzz: summary seed"), \
	  .out_not = W("HANG"), .check = stats_check_clean }

/* Three fixed seeds, glibc and musl. */
static const struct cv_case fuzz_fixed_seeds[] = {
	FUZZ_SEED(CV_IN_GLIBC, "1"),
	FUZZ_SEED(CV_IN_MUSL, "2"),
	FUZZ_SEED(CV_IN_GLIBC, "3"),
	{ 0 },
};

/* A clone(SIGHUP) child orphaned and then exiting does not kill init: its
 * exit signal becomes SIGCHLD when init adopts it (found by seed 1). */
static const struct cv_case orphan_exit_signal_spares_init[] = {
	CV_EACH("orphansig", CV_IN_ALL, "orphansig: init survived"),
	{ 0 },
};

int main(void)
{
	const struct CMUnitTest tests[] = {
		CV_CASES_TEST(fuzz_fixed_seeds),
		CV_CASES_TEST(orphan_exit_signal_spares_init),
	};

	return cmocka_run_group_tests_name("fuzz-guest", tests, NULL, NULL);
}
