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

#define EXPECTED_LINE "hostile_sig: 39 of 39 as expected"

/* The suite as init, in the i386 builds: every case as expected, init
 * survives its own SIGTERM and SIGKILL, no panic, and the kernel's books
 * are clean at the end. */
static const struct cv_case hostile_sig_i386[] = {
	{ .args = W("run", "--mem", "64M", "--stats-json", CV_STATS_JSON, "--append", "quiet", CV_PROG),
	  .prog = "hostile_sig", .builds = CV_IN_I386, .kvm = true,
	  .out = W(EXPECTED_LINE, "init's own SIGTERM and SIGKILL: ok (ignored)"),
	  .out_not = W("WRONG"), .err_not = W("panic"), .check = stats_check_clean },
	{ 0 },
};

/* The kernel's own segment loads survive selectors the CPU refuses: the
 * exception table turns the faults into null selectors (cvtest=segments). */
static const struct cv_case refused_segment_loads_are_fixed_up[] = {
	{ .args = W("run", "--append", "cvtest=segments"), .kvm = true,
	  .err = W("selftest segments: ok") },
	{ 0 },
};

/* Signals arriving while x87 code runs (through the FPU trampoline on
 * kvm-pvm), with a handler that computes too: the result stays exact. */
static const struct cv_case signals_during_fpu_code[] = {
	CV_EACH("fpsignal", CV_IN_ALL, "fpsignal: sum ok after"),
	{ 0 },
};

int main(void)
{
	const struct CMUnitTest tests[] = {
		CV_CASES_TEST(hostile_sig_i386),
		CV_CASES_TEST(refused_segment_loads_are_fixed_up),
		CV_CASES_TEST(signals_during_fpu_code),
	};

	return cmocka_run_group_tests_name("hostile_sig", tests, NULL, NULL);
}
