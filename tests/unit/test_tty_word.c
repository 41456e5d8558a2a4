/* Unit tests for the kernel command line's tty word (vmm/guest_setup.c):
 * cowvisor adds tty=on when its own stdin and stdout are terminals, never
 * over a tty= word the user gave, and not otherwise. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../../vmm/guest_setup.h"
#include "../../vmm/options.h"

/* The command line for these --append words and host_tty. */
static const char *line(char *buf, size_t len, const char *append, bool host_tty)
{
	struct cv_options o = { .append = (char *)append, .host_tty = host_tty };

	assert_int_equal(guest_cmdline(&o, buf, len), 0);
	return buf;
}

static void tty_word_follows_the_host(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(line(buf, sizeof(buf), NULL, false), "");
	assert_string_equal(line(buf, sizeof(buf), NULL, true), "tty=on");
	assert_string_equal(line(buf, sizeof(buf), "quiet", true), "tty=on quiet");
	assert_string_equal(line(buf, sizeof(buf), "quiet", false), "quiet");
}

static void user_tty_word_wins(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(line(buf, sizeof(buf), "tty=off", true), "tty=off");
	assert_string_equal(line(buf, sizeof(buf), "quiet tty=off", true), "quiet tty=off");
	assert_string_equal(line(buf, sizeof(buf), "xtty=off", true), "tty=on xtty=off");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tty_word_follows_the_host),
		cmocka_unit_test(user_tty_word_wins),
	};

	return cmocka_run_group_tests_name("tty_word", tests, NULL, NULL);
}
