/* Integration: sleeps last at least as long as asked, measured on the
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
static void sleeps_are_not_short(void **state)
{
	static const char *const progs[] = { "progs/glibc/sleeptime", "progs/musl/sleeptime" };
	struct run_result r;

	(void)state;
	REQUIRE_KVM();
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		const char *prog = i == 0 ? build_file(progs[i]) : build_file_optional(progs[i]);
		if (prog == NULL)
			continue;
		cv_run(&r, ARGS("run", "--append", "quiet", prog), NULL);
		if (r.status != 0)
			fail_msg("%s: status %d\n%s\n%s", prog, r.status, r.out, r.err);
		assert_contains(r.out, "sleeptime: ok");
		run_result_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sleeps_are_not_short),
	};

	return cmocka_run_group_tests_name("sleep", tests, NULL, NULL);
}
