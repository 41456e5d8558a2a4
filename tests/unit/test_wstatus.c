/* Unit tests for wstatus_cld (guest/kernel/proc/exit.h): a wait status
 * as a SIGCHLD siginfo says it, for exits, deaths, stops and continues. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../../guest/kernel/proc/exit.h"

/* si_code and si_status of wstatus. */
static void expect(int wstatus, int code, int status)
{
	int s = -1;

	assert_int_equal(wstatus_cld(wstatus, &s), code);
	assert_int_equal(s, status);
}

static void statuses_as_siginfo(void **state)
{
	(void)state;
	expect(WSTATUS_EXITED(3), CLD_EXITED, 3);
	expect(WSTATUS_EXITED(0), CLD_EXITED, 0);
	expect(WSTATUS_SIGNALED(SIGTERM, false), CLD_KILLED, SIGTERM);
	expect(WSTATUS_SIGNALED(SIGSEGV, true), CLD_DUMPED, SIGSEGV);
	expect(WSTATUS_STOPPED(SIGTSTP), CLD_STOPPED, SIGTSTP);
	expect(WSTATUS_STOPPED(SIGSTOP), CLD_STOPPED, SIGSTOP);
	expect(WSTATUS_CONTINUED, CLD_CONTINUED, SIGCONT);
	assert_int_equal(WSTATUS_STOPPED(SIGSTOP), 0x137f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(statuses_as_siginfo),
	};

	return cmocka_run_group_tests_name("wstatus", tests, NULL, NULL);
}
