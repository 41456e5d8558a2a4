/* Integration: futex between single-threaded processes over a MAP_SHARED
 * page (tests/progs/futex.c) and rt_sigtimedwait (tests/progs/sigwait.c),
 * each built with glibc and musl, i386 and x86-64: every case as on Linux. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

/* Every futex case as on Linux (futex.c runs each natively too). */
static const struct cv_case futex_wait_wake[] = {
	CV_EACH("futex", CV_IN_ALL, "futex: 8 of 8 cases as expected"),
	{ 0 },
};

/* Every rt_sigtimedwait case as on Linux. */
static const struct cv_case sigtimedwait_cases[] = {
	CV_EACH("sigwait", CV_IN_ALL, "sigwait: 7 of 7 cases as expected"),
	{ 0 },
};

int main(void)
{
	const struct CMUnitTest tests[] = {
		CV_CASES_TEST(futex_wait_wake),
		CV_CASES_TEST(sigtimedwait_cases),
	};

	return cmocka_run_group_tests_name("futex_sigwait", tests, NULL, NULL);
}
