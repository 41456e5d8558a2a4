/* Integration: job control and process timing as on Linux (the jobctl
 * program as init, glibc and musl): stopped and continued children with
 * their wait statuses and SIGCHLD codes, the console as controlling
 * terminal (foreground group, SIGTTIN/SIGTTOU, termios), sessions and
 * groups, orphaned groups, alarm and interval timers, children's CPU
 * times, the old i386 signal calls, nice and affinity. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

/* Every case of tests/progs/jobctl.c goes as on Linux. */
static void job_control_and_timing(void **state)
{
	(void)state;
	REQUIRE_KVM();
	cv_run_each_libc("jobctl", "jobctl: ok");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(job_control_and_timing),
	};

	return cmocka_run_group_tests_name("jobctl", tests, NULL, NULL);
}
