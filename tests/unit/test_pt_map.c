/* The page-table maps (guest/kernel/mm/pt_map.h), which on-demand fork
 * uses to give a child the parent's tables of a run and exit to free them:
 * every range of a 256-slot map against a bit-by-bit reference, and the
 * list of directories above 4 GiB. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../guest/kernel/mm/pt_map.h"

#define WORDS 4 /* 256 slots */

/* Bit n of map. */
static int bit(const uint64_t *map, unsigned n)
{
	return (int)((map[n / 64] >> (n % 64)) & 1);
}

static void set_marks_one_slot(void **state)
{
	uint64_t map[WORDS] = { 0 };

	(void)state;
	pt_map_set(map, 0);
	pt_map_set(map, 63);
	pt_map_set(map, 64);
	pt_map_set(map, 255);
	assert_int_equal(map[0], 0x8000000000000001ull);
	assert_int_equal(map[1], 1);
	assert_int_equal(map[2], 0);
	assert_int_equal(map[3], 0x8000000000000000ull);
}

static void or_range_takes_exactly_the_range(void **state)
{
	uint64_t src[WORDS] = { 0x0123456789abcdefull, 0xfedcba9876543210ull, ~0ull, 0x5555aaaa5555aaaaull };
	uint64_t seed[WORDS] = { 0x1000000000000001ull, 0, 0x00ff00ff00ff00ffull, 0 };

	(void)state;
	for (unsigned from = 0; from < 256; from++)
		for (unsigned to = from + 1; to <= 256; to++) {
			uint64_t dst[WORDS];
			memcpy(dst, seed, sizeof(dst));
			pt_map_or_range(dst, src, from, to);
			for (unsigned n = 0; n < 256; n++) {
				int want = bit(seed, n) | (n >= from && n < to && bit(src, n));
				if (bit(dst, n) != want)
					fail_msg("[%u, %u): bit %u is %d, not %d", from, to, n, bit(dst, n), want);
			}
		}
}

/* The list of directories above 4 GiB: found again by GiB, added empty
 * once, never more than PT_HIGH_DIRS; one more marks it full. */
static void high_list_finds_adds_and_fills(void **state)
{
	struct pt_high h = { .n = 0, .full = false };
	uint64_t *m;

	(void)state;
	assert_null(pt_high_map(&h, 5, false));
	assert_int_equal(h.n, 0);
	m = pt_high_map(&h, 5, true);
	assert_non_null(m);
	for (unsigned w = 0; w < 8; w++)
		assert_int_equal(m[w], 0);
	pt_map_set(m, 511);
	assert_ptr_equal(pt_high_map(&h, 5, true), m);
	assert_ptr_equal(pt_high_map(&h, 5, false), m);
	assert_int_equal(h.n, 1);
	assert_int_equal(m[7], 1ull << 63);
	for (uint64_t g = 100; h.n < PT_HIGH_DIRS; g++)
		assert_non_null(pt_high_map(&h, g, true));
	assert_false(h.full);
	assert_null(pt_high_map(&h, 7, false)); /* absent, not added: not full */
	assert_false(h.full);
	assert_null(pt_high_map(&h, 7, true));
	assert_true(h.full);
	assert_int_equal(h.n, PT_HIGH_DIRS);
	assert_ptr_equal(pt_high_map(&h, 5, false), m); /* the listed ones stay */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(set_marks_one_slot),
		cmocka_unit_test(or_range_takes_exactly_the_range),
		cmocka_unit_test(high_list_finds_adds_and_fills),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
