/* Unit tests for the VMM's small helpers (vmm/util.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../vmm/util.h"

/* Fail unless parse_size accepts s as want. */
static void size_is(const char *s, uint64_t want)
{
	uint64_t v = 0xdeadbeef;

	if (!parse_size(s, &v))
		fail_msg("parse_size(\"%s\") refused", s);
	assert_int_equal(v, want);
}

/* Fail unless parse_size refuses s without touching the output. */
static void size_bad(const char *s)
{
	uint64_t v = 0xdeadbeef;

	if (parse_size(s, &v))
		fail_msg("parse_size(\"%s\") accepted as %llu", s, (unsigned long long)v);
	assert_int_equal(v, 0xdeadbeef);
}

/* Fail unless parse_seconds_ms accepts s as want milliseconds. */
static void ms_is(const char *s, uint64_t want)
{
	uint64_t v = 0xdeadbeef;

	if (!parse_seconds_ms(s, &v))
		fail_msg("parse_seconds_ms(\"%s\") refused", s);
	assert_int_equal(v, want);
}

/* Fail unless parse_seconds_ms refuses s. */
static void ms_bad(const char *s)
{
	uint64_t v = 0xdeadbeef;

	if (parse_seconds_ms(s, &v))
		fail_msg("parse_seconds_ms(\"%s\") accepted as %llu", s, (unsigned long long)v);
	assert_int_equal(v, 0xdeadbeef);
}

/* Plain numbers are bytes. */
static void test_size_plain(void **state)
{
	(void)state;
	size_is("0", 0);
	size_is("4096", 4096);
	size_is("007", 7);
	size_is("18446744073709551609", UINT64_MAX - 6);
	size_is("18446744073709551615", UINT64_MAX);
}

/* K, M and G (either case, optionally with B or iB) are binary units. */
static void test_size_units(void **state)
{
	(void)state;
	size_is("64K", 64ull << 10);
	size_is("64k", 64ull << 10);
	size_is("128M", 128ull << 20);
	size_is("128m", 128ull << 20);
	size_is("1G", 1ull << 30);
	size_is("1GiB", 1ull << 30);
	size_is("2MB", 2ull << 20);
	size_is("3KiB", 3ull << 10);
	size_is("0G", 0);
}

/* Empty strings, bare units, unknown units and junk are refused. */
static void test_size_malformed(void **state)
{
	(void)state;
	size_bad("");
	size_bad("M");
	size_bad("12Q");
	size_bad("4096B");
	size_bad("1iB");
	size_bad("1Mi");
	size_bad("1MiBs");
	size_bad("1M ");
	size_bad(" 1M");
	size_bad("-1");
	size_bad("+1");
	size_bad("0x10");
	size_bad("1.5G");
	assert_false(parse_size(NULL, &(uint64_t){ 0 }));
}

/* Numbers or products beyond 64 bits are refused. */
static void test_size_overflow(void **state)
{
	(void)state;
	size_bad("18446744073709551616");
	size_bad("99999999999999999999999");
	size_bad("17179869184G");
	size_is("17179869183G", UINT64_MAX - ((1ull << 30) - 1));
	size_bad("17592186044416M");
	size_is("17592186044415M", UINT64_MAX - ((1ull << 20) - 1));
}

/* Whole seconds and fractions become milliseconds; extra digits are cut. */
static void test_seconds_valid(void **state)
{
	(void)state;
	ms_is("1", 1000);
	ms_is("0", 0);
	ms_is("2.5", 2500);
	ms_is("0.001", 1);
	ms_is(".5", 500);
	ms_is("1.", 1000);
	ms_is("1.2345", 1234);
	ms_is("0.0009", 0);
	ms_is("100000000", 100000000000ull);
	ms_is("3.14159265358979323846264338327950288", 3141);
}

/* Empty, lone dots, signs, letters and absurd values are refused. */
static void test_seconds_invalid(void **state)
{
	(void)state;
	ms_bad("");
	ms_bad(".");
	ms_bad("1.2.3");
	ms_bad("-1");
	ms_bad("+1");
	ms_bad("abc");
	ms_bad("1s");
	ms_bad("1e3");
	ms_bad(" 1");
	ms_bad("100000001");
	ms_bad("99999999999999999999999999");
	assert_false(parse_seconds_ms(NULL, &(uint64_t){ 0 }));
}

/* Ranges overlap when they share a byte; touching ends do not. */
static void test_ranges_overlap(void **state)
{
	(void)state;
	assert_false(ranges_overlap(0, 10, 10, 5));
	assert_false(ranges_overlap(10, 5, 0, 10));
	assert_true(ranges_overlap(0, 11, 10, 5));
	assert_true(ranges_overlap(10, 5, 0, 11));
	assert_true(ranges_overlap(100, 50, 120, 1));
	assert_true(ranges_overlap(120, 1, 100, 50));
	assert_true(ranges_overlap(7, 3, 7, 3));
	assert_false(ranges_overlap(0, 1, 2, 1));
	assert_true(ranges_overlap(UINT64_MAX - 10, 10, UINT64_MAX - 5, 5));
	assert_false(ranges_overlap(UINT64_MAX - 10, 5, UINT64_MAX - 5, 5));
}

/* A fresh temporary directory for the read_whole_file tests. */
struct tmp {
	char dir[64];
	char path[128];
};

/* Create a directory in /tmp and name a file in it. */
static void tmp_make(struct tmp *t, const char *name)
{
	strcpy(t->dir, "/tmp/cv_test_util.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->path, sizeof(t->path), "%s/%s", t->dir, name);
}

/* Write len bytes of data to t->path. */
static void tmp_write(struct tmp *t, const void *data, size_t len)
{
	FILE *f = fopen(t->path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Remove the file (if any) and the directory. */
static void tmp_remove(struct tmp *t)
{
	unlink(t->path);
	assert_int_equal(rmdir(t->dir), 0);
}

/* A missing file gives strerror's text. */
static void test_read_missing(void **state)
{
	struct tmp t;
	char why[128] = "";
	size_t len = 77;

	(void)state;
	tmp_make(&t, "missing");
	assert_null(read_whole_file(t.path, 1 << 20, &len, why, sizeof(why)));
	assert_string_equal(why, "No such file or directory");
	assert_int_equal(len, 77);
	tmp_remove(&t);
}

/* A directory is refused as one. */
static void test_read_directory(void **state)
{
	struct tmp t;
	char why[128] = "";
	size_t len = 0;

	(void)state;
	tmp_make(&t, "unused");
	assert_null(read_whole_file(t.dir, 1 << 20, &len, why, sizeof(why)));
	assert_string_equal(why, "is a directory");
	tmp_remove(&t);
}

/* A device is not a regular file, and says what it is. */
static void test_read_device(void **state)
{
	char why[128] = "";
	size_t len = 0;

	(void)state;
	assert_null(read_whole_file("/dev/null", 1 << 20, &len, why, sizeof(why)));
	assert_string_equal(why, "is a device, not a regular file");
}

/* An empty file is refused. */
static void test_read_empty(void **state)
{
	struct tmp t;
	char why[128] = "";
	size_t len = 0;

	(void)state;
	tmp_make(&t, "empty");
	tmp_write(&t, "", 0);
	assert_null(read_whole_file(t.path, 1 << 20, &len, why, sizeof(why)));
	assert_string_equal(why, "is empty");
	tmp_remove(&t);
}

/* A file one byte over max is refused; one of exactly max is read. */
static void test_read_max(void **state)
{
	static char data[(2u << 20) + 1];
	struct tmp t;
	char why[128] = "";
	size_t len = 0;
	char *buf;

	(void)state;
	memset(data, 'z', sizeof(data));
	tmp_make(&t, "big");
	tmp_write(&t, data, sizeof(data));
	assert_null(read_whole_file(t.path, 2u << 20, &len, why, sizeof(why)));
	assert_string_equal(why, "is larger than 2 MiB");
	buf = read_whole_file(t.path, sizeof(data), &len, why, sizeof(why));
	assert_non_null(buf);
	assert_int_equal(len, sizeof(data));
	assert_memory_equal(buf, data, sizeof(data));
	free(buf);
	tmp_remove(&t);
}

/* A normal file comes back whole, NUL bytes included. */
static void test_read_contents(void **state)
{
	static const char data[] = "line one\n\0binary\xff\x01tail";
	struct tmp t;
	char why[128] = "untouched";
	size_t len = 0;
	char *buf;

	(void)state;
	tmp_make(&t, "normal");
	tmp_write(&t, data, sizeof(data));
	buf = read_whole_file(t.path, 1 << 20, &len, why, sizeof(why));
	assert_non_null(buf);
	assert_int_equal(len, sizeof(data));
	assert_memory_equal(buf, data, sizeof(data));
	assert_string_equal(why, "untouched");
	free(buf);
	tmp_remove(&t);
}

/* A short why buffer gets a truncated, terminated reason. */
static void test_read_short_why(void **state)
{
	struct tmp t;
	char why[8];
	size_t len = 0;

	(void)state;
	memset(why, 'X', sizeof(why));
	tmp_make(&t, "empty");
	tmp_write(&t, "", 0);
	assert_null(read_whole_file(t.path, 1 << 20, &len, why, 4));
	assert_string_equal(why, "is ");
	assert_int_equal(why[4], 'X');
	tmp_remove(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_plain),
		cmocka_unit_test(test_size_units),
		cmocka_unit_test(test_size_malformed),
		cmocka_unit_test(test_size_overflow),
		cmocka_unit_test(test_seconds_valid),
		cmocka_unit_test(test_seconds_invalid),
		cmocka_unit_test(test_ranges_overlap),
		cmocka_unit_test(test_read_missing),
		cmocka_unit_test(test_read_directory),
		cmocka_unit_test(test_read_device),
		cmocka_unit_test(test_read_empty),
		cmocka_unit_test(test_read_max),
		cmocka_unit_test(test_read_contents),
		cmocka_unit_test(test_read_short_why),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
