/* Integration: futex between single-threaded processes over a MAP_SHARED
 * page (tests/progs/futex.c) and rt_sigtimedwait (tests/progs/sigwait.c),
 * each built with glibc and musl, i386 and x86-64: every case as on Linux. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

static void futex_wait_wake(void **state)
{
	(void)state;
	REQUIRE_KVM();
	cv_run_each_build("futex", "futex: 8 of 8 cases as expected");
}

static void sigtimedwait_cases(void **state)
{
	(void)state;
	REQUIRE_KVM();
	cv_run_each_build("sigwait", "sigwait: 7 of 7 cases as expected");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(futex_wait_wake),
		cmocka_unit_test(sigtimedwait_cases),
	};

	return cmocka_run_group_tests_name("futex_sigwait", tests, NULL, NULL);
}
