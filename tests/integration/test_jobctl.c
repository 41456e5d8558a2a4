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

/* Every case of tests/progs/jobctl.c goes as on Linux, with the console
 * a terminal (tty=on, as when cowvisor runs on one). */
static const struct cv_case job_control_and_timing[] = {
	/* all four builds (x86-64 used to hang in itimer_real_periodic: the
	 * kernel read its struct itimerval as i386's) */
	CV_EACH_APPEND("jobctl", CV_IN_ALL, "quiet tty=on", "jobctl: ok"),
	{ 0 },
};

/* Without tty=on (cowvisor's stdin is not a terminal here) the console
 * is no terminal: isatty is false, the job-control ioctls say ENOTTY, as
 * for a pipe, and /dev/tty ENXIO (zsh's setopt monitor fails on it);
 * stops and continues work all the same. */
static const struct cv_case console_not_a_terminal[] = {
	CV_EACH("jobctl_notty", CV_IN_ALL, "jobctl_notty: ok"),
	{ 0 },
};

int main(void)
{
	const struct CMUnitTest tests[] = {
		CV_CASES_TEST(job_control_and_timing),
		CV_CASES_TEST(console_not_a_terminal),
	};

	return cmocka_run_group_tests_name("jobctl", tests, NULL, NULL);
}
