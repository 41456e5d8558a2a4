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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "stats_doc.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define FUZZ_ACTIONS "800"
#define FUZZ_WORKERS "4"
#define FUZZ_DEADLINE "5"

/* Run sysfuzz (libc "glibc" or "musl") on seed; check the run as
 * tools/fuzz-guest.sh classifies it: status 0 (no HANG line), the summary
 * printed, every audit ok, frames used at "end" equal to "start". */
static void fuzz_seed(const char *libc, const char *seed)
{
	char dir[] = "/tmp/cowvisor-fuzz-XXXXXX", json[600], prog[64], cmd[700];
	struct run_result r;

	snprintf(prog, sizeof(prog), "progs/%s/sysfuzz", libc);
	if (build_file_optional(prog) == NULL)
		return;
	assert_non_null(mkdtemp(dir));
	snprintf(json, sizeof(json), "%s/stats.json", dir);
	cv_run(&r, ARGS("run", "--mem", "64M", "--timeout", "150", "--stats-json", json, build_file(prog),
			seed, FUZZ_ACTIONS, FUZZ_WORKERS, FUZZ_DEADLINE), NULL);
	if (r.status != 0 || r.hung)
		fail_msg("seed %s (%s): status %d\n%s\n%s", seed, libc, r.status, r.out, r.err);
	assert_contains(r.out, "sysfuzz: summary seed");
	assert_true(strstr(r.out, "HANG") == NULL);
	run_result_free(&r);
	stats_assert_clean_file(json);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* Three fixed seeds, glibc and musl. */
static void fuzz_fixed_seeds(void **state)
{
	(void)state;
	REQUIRE_KVM();
	fuzz_seed("glibc", "1");
	fuzz_seed("musl", "2");
	fuzz_seed("glibc", "3");
}

/* A clone(SIGHUP) child orphaned and then exiting does not kill init: its
 * exit signal becomes SIGCHLD when init adopts it (found by seed 1). */
static const struct cv_case orphan_exit_signal_spares_init[] = {
	CV_EACH("orphansig", CV_IN_ALL, "orphansig: init survived"),
	{ 0 },
};

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fuzz_fixed_seeds),
		CV_CASES_TEST(orphan_exit_signal_spares_init),
	};

	return cmocka_run_group_tests_name("fuzz-guest", tests, NULL, NULL);
}
