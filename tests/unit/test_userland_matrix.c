/* Unit tests of the userland matrix parser (tests/userland/matrix.c): the
 * entries, attributes and commands it reads, and the malformed files it
 * refuses with the line named. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "../userland/matrix.h"

/* Parse text, which must be well formed, into m. */
static void parse_ok(const char *text, struct ul_matrix *m)
{
	char err[200] = "";

	if (ul_matrix_parse(text, m, err, sizeof(err)) != 0)
		fail_msg("refused: %s", err);
}

/* Parse text, which must be refused with a message containing want. */
static void parse_bad(const char *text, const char *want)
{
	struct ul_matrix m;
	char err[200] = "";

	assert_int_equal(ul_matrix_parse(text, &m, err, sizeof(err)), -1);
	if (strstr(err, want) == NULL)
		fail_msg("expected \"%s\" in \"%s\"", want, err);
	ul_matrix_free(&m);
}

/* Entries with their attributes, multi-line commands and defaults. */
static void reads_entries(void **state)
{
	struct ul_matrix m;

	(void)state;
	parse_ok("comment\n=== a\necho a\n\n=== b\n@shell /bin/bash\n@known no poll\n@sample\n"
		 "\ncat <<E\n@x\nE\n\n\n=== c\n@filter wc -l\n@why-filter counts\n@abi x86_64\nls\n", &m);
	assert_int_equal(m.n, 3);
	assert_string_equal(m.e[0].name, "a");
	assert_string_equal(m.e[0].cmd, "echo a");
	assert_string_equal(m.e[0].shell, "/bin/sh");
	assert_null(m.e[0].known);
	assert_false(m.e[0].sample);
	assert_null(m.e[0].abi);
	assert_string_equal(m.e[1].shell, "/bin/bash");
	assert_string_equal(m.e[1].known, "no poll");
	assert_true(m.e[1].sample);
	assert_string_equal(m.e[1].cmd, "cat <<E\n@x\nE"); /* "@" inside a command is text */
	assert_int_equal(m.e[1].line, 5);
	assert_string_equal(m.e[2].filter, "wc -l");
	assert_string_equal(m.e[2].why_filter, "counts");
	assert_string_equal(m.e[2].abi, "x86_64");
	assert_string_equal(m.e[2].cmd, "ls");
	ul_matrix_free(&m);
}

/* Malformed files are refused, naming the line. */
static void refuses_malformed(void **state)
{
	(void)state;
	parse_bad("just text\n", "no entries");
	parse_bad("=== a\n\n=== b\necho\n", "matrix.txt:1: entry a has no command");
	parse_bad("=== a b\necho\n", "matrix.txt:1: expected");
	parse_bad("=== a\n@color red\necho\n", "matrix.txt:2: unknown attribute @color");
	parse_bad("=== a\n@known\necho\n", "@known needs a value");
	parse_bad("=== a\n@known x\n@known y\necho\n", "matrix.txt:3: @known given twice");
	parse_bad("=== a\n@filter wc\necho\n", "@filter and @why-filter go together");
	parse_bad("=== a\necho\n=== a\necho\n", "matrix.txt:3: entry a given twice");
	parse_bad("=== a\n@abi amd64\necho\n", "matrix.txt:1: entry a: @abi is i386 or x86_64, not amd64");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_entries),
		cmocka_unit_test(refuses_malformed),
	};

	return cmocka_run_group_tests_name("userland_matrix", tests, NULL, NULL);
}
