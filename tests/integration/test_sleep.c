/* Integration: clock_getres and getcpu answer as on Linux; sleeps last at
 * least as long as asked, measured on the
 * guest's CLOCK_MONOTONIC (they ended up to 12% early when a sleep was
 * counted in timer ticks only; found while diagnosing the fuzzer's stuck
 * workers). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "harness.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* nanosleep and clock_nanosleep of 30 ms, glibc and musl. */
static const struct cv_case sleeps_are_not_short[] = {
	CV_EACH("sleeptime", CV_IN_ALL, "sleeptime: ok"),
	{ 0 },
};

/* clock_getres (both timespec widths) and getcpu, every build. */
static const struct cv_case clocks_answer[] = {
	CV_EACH("clockinfo", CV_IN_ALL, "clockinfo: ok"),
	{ 0 },
};

int main(void)
{
	const struct CMUnitTest tests[] = {
		CV_CASES_TEST(sleeps_are_not_short),
		CV_CASES_TEST(clocks_answer),
	};

	return cmocka_run_group_tests_name("sleep", tests, NULL, NULL);
}
