/* Unit: the pure parts of make bench's instruction-counting plugin
 * (tools/bench/insn_x86.c, insn_syms.c): markers and rep string
 * instructions recognised by their bytes, addresses named by the last
 * symbol at or below them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../tools/bench/insn_syms.h"
#include "../../tools/bench/insn_x86.h"

/* A marker's id comes from its displacement; padding nops are no markers. */
static void markers(void **state)
{
	const uint8_t mark7[] = { 0x0F, 0x1F, 0x80, 0x07, 0x00, 0xDE, 0xC0 };
	const uint8_t end[] = { 0x0F, 0x1F, 0x80, 0x00, 0x00, 0xDE, 0xC0 };
	const uint8_t pad[] = { 0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00 };
	const uint8_t other_reg[] = { 0x0F, 0x1F, 0x81, 0x07, 0x00, 0xDE, 0xC0 };

	(void)state;
	assert_int_equal(insn_marker_id(mark7, sizeof(mark7)), 7);
	assert_int_equal(insn_marker_id(end, sizeof(end)), 0);
	assert_int_equal(insn_marker_id(pad, sizeof(pad)), -1);
	assert_int_equal(insn_marker_id(other_reg, sizeof(other_reg)), -1);
	assert_int_equal(insn_marker_id(mark7, 6), -1);
}

/* rep/repne with a string opcode, after any other prefixes; not without. */
static void rep_strings(void **state)
{
	const uint8_t movsb[] = { 0xF3, 0xA4 }, stosq[] = { 0xF3, 0x48, 0xAB }, scasb[] = { 0xF2, 0xAE },
		      movsw[] = { 0x66, 0xF3, 0xA5 }, plain[] = { 0xA4 }, pause[] = { 0xF3, 0x90 },
		      lone[] = { 0xF3 };

	(void)state;
	assert_true(insn_is_rep_string(movsb, sizeof(movsb)));
	assert_true(insn_is_rep_string(stosq, sizeof(stosq)));
	assert_true(insn_is_rep_string(scasb, sizeof(scasb)));
	assert_true(insn_is_rep_string(movsw, sizeof(movsw)));
	assert_false(insn_is_rep_string(plain, sizeof(plain)));
	assert_false(insn_is_rep_string(pause, sizeof(pause)));
	assert_false(insn_is_rep_string(lone, sizeof(lone)));
}

/* Only text symbols load; an address belongs to the last one at or below. */
static void symbols(void **state)
{
	char path[] = "/tmp/cv-syms-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	struct insn_syms s;

	(void)state;
	assert_non_null(f);
	fputs("0000008000001100 t walk\n0000008000001000 T trap\n0000008000001080 D data\n"
	      "garbage line\n0000008000001200 W weak_fn\n", f);
	fclose(f);
	assert_int_equal(insn_syms_load(&s, path), 0);
	unlink(path);
	assert_int_equal(s.n, 3);
	assert_int_equal(insn_syms_find(&s, 0x8000000fffull), -1);
	assert_string_equal(s.v[insn_syms_find(&s, 0x8000001000ull)].name, "trap");
	assert_string_equal(s.v[insn_syms_find(&s, 0x80000010ffull)].name, "trap");
	assert_string_equal(s.v[insn_syms_find(&s, 0x8000001100ull)].name, "walk");
	assert_string_equal(s.v[insn_syms_find(&s, 0x9000000000ull)].name, "weak_fn");
	for (size_t i = 0; i < s.n; i++)
		free(s.v[i].name);
	free(s.v);
	assert_int_equal(insn_syms_load(&s, "/nonexistent/syms"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(markers),
		cmocka_unit_test(rep_strings),
		cmocka_unit_test(symbols),
	};

	return cmocka_run_group_tests_name("bench_insn", tests, NULL, NULL);
}
