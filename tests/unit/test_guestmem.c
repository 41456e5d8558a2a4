/* Unit tests for the checked guest memory accessors (vmm/guestmem.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../../vmm/guestmem.h"

#define RAM_SIZE 4096u

static int setup(void **state)
{
	struct guest_mem *gm = calloc(1, sizeof(*gm));

	if (gm == NULL)
		return -1;
	gm->base = calloc(1, RAM_SIZE);
	if (gm->base == NULL) {
		free(gm);
		return -1;
	}
	gm->size = RAM_SIZE;
	*state = gm;
	return 0;
}

static int teardown(void **state)
{
	struct guest_mem *gm = *state;

	free(gm->base);
	free(gm);
	return 0;
}

/* Is every byte of guest RAM zero? */
static bool ram_zero(const struct guest_mem *gm)
{
	for (uint64_t i = 0; i < gm->size; i++)
		if (gm->base[i] != 0)
			return false;
	return true;
}

/* Ranges inside RAM map to base+gpa. */
static void test_ptr_in_range(void **state)
{
	struct guest_mem *gm = *state;

	assert_ptr_equal(gm_ptr(gm, 0, 1), gm->base);
	assert_ptr_equal(gm_ptr(gm, 100, 200), gm->base + 100);
	assert_ptr_equal(gm_ptr(gm, 0, RAM_SIZE), gm->base);
}

/* A range ending exactly at the end of RAM is valid; one byte more is not. */
static void test_ptr_exact_end(void **state)
{
	struct guest_mem *gm = *state;

	assert_ptr_equal(gm_ptr(gm, RAM_SIZE - 8, 8), gm->base + RAM_SIZE - 8);
	assert_ptr_equal(gm_ptr(gm, RAM_SIZE - 1, 1), gm->base + RAM_SIZE - 1);
	assert_null(gm_ptr(gm, RAM_SIZE - 8, 9));
	assert_null(gm_ptr(gm, 0, RAM_SIZE + 1));
	assert_null(gm_ptr(gm, RAM_SIZE, 1));
}

/* Length 0 is valid up to gpa == size and invalid beyond it. */
static void test_ptr_len_zero(void **state)
{
	struct guest_mem *gm = *state;

	assert_ptr_equal(gm_ptr(gm, 0, 0), gm->base);
	assert_ptr_equal(gm_ptr(gm, RAM_SIZE, 0), gm->base + RAM_SIZE);
	assert_null(gm_ptr(gm, RAM_SIZE + 1, 0));
}

/* A start address beyond RAM is refused. */
static void test_ptr_gpa_beyond_size(void **state)
{
	struct guest_mem *gm = *state;

	assert_null(gm_ptr(gm, RAM_SIZE + 1, 1));
	assert_null(gm_ptr(gm, 1ull << 40, 1));
	assert_null(gm_ptr(gm, UINT64_MAX, 1));
}

/* gpa+len wrapping past UINT64_MAX to a small value is refused. */
static void test_ptr_overflow(void **state)
{
	struct guest_mem *gm = *state;

	assert_null(gm_ptr(gm, 8, UINT64_MAX - 3));
	assert_null(gm_ptr(gm, RAM_SIZE - 1, UINT64_MAX));
	assert_null(gm_ptr(gm, 0, UINT64_MAX));
}

/* Guest memory without a host mapping yields no pointers. */
static void test_ptr_null_base(void **state)
{
	struct guest_mem gm = { .base = NULL, .size = RAM_SIZE };

	(void)state;
	assert_null(gm_ptr(&gm, 0x10, 1));
	assert_null(gm_ptr(&gm, 0x10, 0));
}

/* gm_write then gm_read round-trips bytes at the given address. */
static void test_read_write_in_range(void **state)
{
	struct guest_mem *gm = *state;
	char out[6] = { 0 };

	assert_true(gm_write(gm, 0x123, "hello", 5));
	assert_memory_equal(gm->base + 0x123, "hello", 5);
	assert_int_equal(gm->base[0x122], 0);
	assert_int_equal(gm->base[0x128], 0);
	assert_true(gm_read(gm, 0x123, out, 5));
	assert_string_equal(out, "hello");
}

/* Reads and writes ending exactly at the end of RAM succeed. */
static void test_read_write_exact_end(void **state)
{
	struct guest_mem *gm = *state;
	uint8_t out[4] = { 0 };

	assert_true(gm_write(gm, RAM_SIZE - 4, "\x01\x02\x03\x04", 4));
	assert_true(gm_read(gm, RAM_SIZE - 4, out, 4));
	assert_memory_equal(out, "\x01\x02\x03\x04", 4);
}

/* One byte past the end: nothing is written to RAM or to the host buffer. */
static void test_read_write_one_past_end(void **state)
{
	struct guest_mem *gm = *state;
	uint8_t out[4] = { 0x55, 0x55, 0x55, 0x55 };

	memset(gm->base + RAM_SIZE - 3, 0x77, 3);
	assert_false(gm_read(gm, RAM_SIZE - 3, out, 4));
	assert_memory_equal(out, "\x55\x55\x55\x55", 4);
	memset(gm->base + RAM_SIZE - 3, 0, 3);
	assert_false(gm_write(gm, RAM_SIZE - 3, "abcd", 4));
	assert_true(ram_zero(gm));
}

/* Length 0 at the end of RAM succeeds and touches nothing. */
static void test_read_write_len_zero_at_size(void **state)
{
	struct guest_mem *gm = *state;
	uint8_t out = 0x55;

	assert_true(gm_read(gm, RAM_SIZE, &out, 0));
	assert_true(gm_write(gm, RAM_SIZE, "x", 0));
	assert_int_equal(out, 0x55);
	assert_true(ram_zero(gm));
	assert_false(gm_read(gm, RAM_SIZE + 1, &out, 0));
}

/* Out-of-range and wrapping ranges are refused without touching RAM. */
static void test_read_write_out_of_range(void **state)
{
	struct guest_mem *gm = *state;
	uint8_t out[8];

	memset(out, 0x55, sizeof(out));
	assert_false(gm_write(gm, RAM_SIZE + 8, "abcd", 4));
	assert_false(gm_write(gm, 8, "abcd", UINT64_MAX - 3));
	assert_true(ram_zero(gm));
	assert_false(gm_read(gm, RAM_SIZE + 8, out, 4));
	assert_false(gm_read(gm, 8, out, UINT64_MAX - 3));
	assert_memory_equal(out, "\x55\x55\x55\x55\x55\x55\x55\x55", 8);
}

/* Without a host mapping, reads and writes fail. */
static void test_read_write_null_base(void **state)
{
	struct guest_mem gm = { .base = NULL, .size = RAM_SIZE };
	uint8_t out = 0x55;

	(void)state;
	assert_false(gm_read(&gm, 0x10, &out, 1));
	assert_false(gm_write(&gm, 0x10, "x", 1));
	assert_int_equal(out, 0x55);
}

/* gm_read_u64 reads little-endian, up to the last 8 bytes of RAM. */
static void test_read_u64(void **state)
{
	struct guest_mem *gm = *state;
	const uint8_t le[8] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 };
	uint64_t v = 0;

	memcpy(gm->base + 0x40, le, sizeof(le));
	assert_true(gm_read_u64(gm, 0x40, &v));
	assert_int_equal(v, 0x0807060504030201ull);
	memcpy(gm->base + RAM_SIZE - 8, le, sizeof(le));
	v = 0;
	assert_true(gm_read_u64(gm, RAM_SIZE - 8, &v));
	assert_int_equal(v, 0x0807060504030201ull);
}

/* gm_read_u64 straddling or beyond the end fails and leaves *out alone. */
static void test_read_u64_out_of_range(void **state)
{
	struct guest_mem *gm = *state;
	uint64_t v = 42;

	memset(gm->base + RAM_SIZE - 7, 0xff, 7);
	assert_false(gm_read_u64(gm, RAM_SIZE - 7, &v));
	assert_false(gm_read_u64(gm, RAM_SIZE, &v));
	assert_false(gm_read_u64(gm, UINT64_MAX - 3, &v));
	assert_int_equal(v, 42);
}

/* A terminated string is copied and its length returned. */
static void test_read_str_terminated(void **state)
{
	struct guest_mem *gm = *state;
	char out[16];

	memset(out, 'Z', sizeof(out));
	memcpy(gm->base + 0x200, "console=ttyS0", 14);
	assert_int_equal(gm_read_str(gm, 0x200, out, sizeof(out)), 13);
	assert_string_equal(out, "console=ttyS0");
}

/* A string of exactly max-1 bytes fits; one byte longer does not. */
static void test_read_str_max_boundary(void **state)
{
	struct guest_mem *gm = *state;
	char out[8];

	memcpy(gm->base + 0x300, "1234567", 8);
	assert_int_equal(gm_read_str(gm, 0x300, out, sizeof(out)), 7);
	assert_string_equal(out, "1234567");
	memcpy(gm->base + 0x400, "12345678", 9);
	memset(out, 'Z', sizeof(out));
	assert_int_equal(gm_read_str(gm, 0x400, out, sizeof(out)), -1);
	assert_int_equal(out[sizeof(out) - 1], '\0');
	assert_string_equal(out, "1234567");
}

/* A string not terminated within max bytes fails, dst still terminated. */
static void test_read_str_unterminated(void **state)
{
	struct guest_mem *gm = *state;
	char out[4];

	memset(gm->base, 'a', RAM_SIZE);
	memset(out, 'Z', sizeof(out));
	assert_int_equal(gm_read_str(gm, 0x10, out, sizeof(out)), -1);
	assert_string_equal(out, "aaa");
}

/* A string running off the end of RAM fails; one ending at the end fits. */
static void test_read_str_off_end(void **state)
{
	struct guest_mem *gm = *state;
	char out[64];

	memcpy(gm->base + RAM_SIZE - 3, "xyz", 3);
	memset(out, 'Z', sizeof(out));
	assert_int_equal(gm_read_str(gm, RAM_SIZE - 3, out, sizeof(out)), -1);
	assert_int_equal(out[sizeof(out) - 1], '\0');
	memcpy(gm->base + RAM_SIZE - 4, "xyz", 4);
	assert_int_equal(gm_read_str(gm, RAM_SIZE - 4, out, sizeof(out)), 3);
	assert_string_equal(out, "xyz");
}

/* gpa at or beyond the end of RAM, max 0 (writing nothing) and a NULL base all fail. */
static void test_read_str_bad_args(void **state)
{
	struct guest_mem *gm = *state;
	struct guest_mem unmapped = { .base = NULL, .size = RAM_SIZE };
	char out[8] = "keep";

	assert_int_equal(gm_read_str(gm, RAM_SIZE, out, sizeof(out)), -1);
	assert_int_equal(gm_read_str(gm, UINT64_MAX, out, sizeof(out)), -1);
	assert_int_equal(gm_read_str(gm, 0, out + 1, 0), -1);
	assert_string_equal(out, "keep");
	assert_int_equal(gm_read_str(&unmapped, 0, out, sizeof(out)), -1);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_ptr_in_range),
		T(test_ptr_exact_end),
		T(test_ptr_len_zero),
		T(test_ptr_gpa_beyond_size),
		T(test_ptr_overflow),
		T(test_ptr_null_base),
		T(test_read_write_in_range),
		T(test_read_write_exact_end),
		T(test_read_write_one_past_end),
		T(test_read_write_len_zero_at_size),
		T(test_read_write_out_of_range),
		T(test_read_write_null_base),
		T(test_read_u64),
		T(test_read_u64_out_of_range),
		T(test_read_str_terminated),
		T(test_read_str_max_boundary),
		T(test_read_str_unterminated),
		T(test_read_str_off_end),
		T(test_read_str_bad_args),
	};

	return cmocka_run_group_tests_name("guestmem", tests, NULL, NULL);
}
