/* The page-table map's bit operations (guest/kernel/mm/pt_map.h), which
 * on-demand fork uses to give a child the parent's tables of a run: every
 * range of a 256-slot map against a bit-by-bit reference. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(set_marks_one_slot),
		cmocka_unit_test(or_range_takes_exactly_the_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
