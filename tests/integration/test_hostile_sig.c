/* Integration: hostile programs against segments, faults and signal frames
 * (tests/progs/hostile_sig.c), built with glibc and with musl. The kernel
 * survives every case with the right outcome for the program, as init it
 * ignores the signals it has no handler for, and its bookkeeping stays
 * exact (audit ok, no frame lost). */
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
#define EXPECTED_LINE "hostile_sig: 37 of 37 as expected"

/* Run the program built with libc as init and check everything. */
static void run_suite(const char *libc)
{
	char rel[64], prog[1024], dir[] = "/tmp/cowvisor-hostile-sig-XXXXXX", json[600];
	const char *built;
	struct run_result r;

	snprintf(rel, sizeof(rel), "progs/%s/hostile_sig", libc);
	if ((built = build_file_optional(rel)) == NULL)
		return;
	snprintf(prog, sizeof(prog), "%s", built);
	assert_non_null(mkdtemp(dir));
	snprintf(json, sizeof(json), "%s/stats.json", dir);
	cv_run(&r, ARGS("run", "--mem", "64M", "--stats-json", json, "--append", "quiet", prog), NULL);
	if (r.status != 0)
		fail_msg("%s: status %d\n%s\n%s", libc, r.status, r.out, r.err);
	assert_contains(r.out, EXPECTED_LINE);
	assert_contains(r.out, "init's own SIGTERM and SIGKILL: ok (ignored)");
	if (strstr(r.out, "WRONG") != NULL)
		fail_msg("%s:\n%s", libc, r.out);
	assert_true(strstr(r.err, "panic") == NULL);
	run_result_free(&r);
	stats_assert_clean_file(json);
	rmdir(dir);
}

static void hostile_sig_glibc(void **state)
{
	(void)state;
	REQUIRE_KVM();
	run_suite("glibc");
}

static void hostile_sig_musl(void **state)
{
	(void)state;
	REQUIRE_KVM();
	run_suite("musl");
}

/* The kernel's own segment loads survive selectors the CPU refuses: the
 * exception table turns the faults into null selectors (cvtest=segments). */
static void refused_segment_loads_are_fixed_up(void **state)
{
	struct run_result r;

	(void)state;
	REQUIRE_KVM();
	cv_run(&r, ARGS("run", "--append", "cvtest=segments"), NULL);
	if (r.status != 0)
		fail_msg("status %d\n%s", r.status, r.err);
	assert_contains(r.err, "selftest segments: ok");
	run_result_free(&r);
}

/* Signals arriving while x87 code runs (through the FPU trampoline on
 * kvm-pvm), with a handler that computes too: the result stays exact. */
static const struct cv_case signals_during_fpu_code[] = {
	CV_EACH("fpsignal", CV_IN_ALL, "fpsignal: sum ok after"),
	{ 0 },
};

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hostile_sig_glibc),
		cmocka_unit_test(hostile_sig_musl),
		cmocka_unit_test(refused_segment_loads_are_fixed_up),
		CV_CASES_TEST(signals_during_fpu_code),
	};

	return cmocka_run_group_tests_name("hostile_sig", tests, NULL, NULL);
}
