/* The formatter the kernel and cvlibc share (guest/common/freestanding/
 * format.c, built here with vsnprintf and snprintf named k_vsnprintf and
 * k_snprintf): each conversion the kernel's and cvlibc's callers use gives
 * what the host's snprintf gives (C's rules, as glibc follows them), and
 * the return value counts the whole text when the buffer is too small. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

int k_snprintf(char *buf, size_t size, const char *fmt, ...);

/* Format with both and compare text and length (a macro: the host's
 * snprintf checks each format against its arguments at compile time). */
#define SAME_AS_HOST(fmt, ...)                                                          \
	do {                                                                            \
		char mine_[128], host_[128];                                            \
		int n_ = k_snprintf(mine_, sizeof(mine_), fmt, __VA_ARGS__);            \
		int h_ = snprintf(host_, sizeof(host_), fmt, __VA_ARGS__);              \
		assert_string_equal(mine_, host_);                                      \
		assert_int_equal(n_, h_);                                               \
	} while (0)

/* Integers in every base, width, flag and length the callers use. */
static void integers_as_the_host(void **state)
{
	(void)state;
	SAME_AS_HOST("%d %i %u", -42, 0, 4000000000u);
	SAME_AS_HOST("%d %d", INT32_MIN, INT32_MAX);
	SAME_AS_HOST("%ld %lu %lld %llu", -1L, (unsigned long)UINT64_MAX, (long long)INT64_MIN, (unsigned long long)UINT64_MAX);
	SAME_AS_HOST("%x %X %lx %016lx %08lx", 0xbeefu, 0xbeefu, 0x123456789abcUL, 0xfeedUL, 0x1UL);
	SAME_AS_HOST("%02x %02u %05x %06lu %03lu", 7u, 3u, 0xabcu, 42UL, 1234567UL);
	SAME_AS_HOST("%5d|%-5d|%05d", -42, -42, -42);
	SAME_AS_HOST("%+d % d %#x %#o %o", 5, 5, 255u, 8u, 8u);
	SAME_AS_HOST("%.3d %.0d %8.3x", 5, 0, 0xau);
	SAME_AS_HOST("%zu %zx %jd %td", (size_t)UINT64_MAX, (size_t)0xabc, (intmax_t)-7, (ptrdiff_t)-9);
	SAME_AS_HOST("%*d|%-*d|%*d", 6, 1, 6, 2, -6, 3);
}

/* Strings, characters, pointers and the percent sign. */
static void strings_as_the_host(void **state)
{
	(void)state;
	SAME_AS_HOST("%s|%-16s|%8s|%.3s|%.*s", "abc", "left", "right", "abcdef", 2, "xyz");
	SAME_AS_HOST("%c%c%5c%-3c|", 'a', 'b', 'c', 'd');
	SAME_AS_HOST("%p %20p %%", (void *)0x1234, (void *)0xdeadbeef);
}

/* A NULL string prints "(null)", as glibc does. */
static void null_string(void **state)
{
	char buf[32];
	const char *nothing = NULL;

	(void)state;
	assert_int_equal(k_snprintf(buf, sizeof(buf), "[%s]", nothing), 8);
	assert_string_equal(buf, "[(null)]");
}

/* A small buffer: cut, NUL-terminated, and the whole length returned;
 * size 0 writes nothing. */
static void truncation(void **state)
{
	char buf[8] = "xxxxxxx";

	(void)state;
	assert_int_equal(k_snprintf(buf, 5, "%s-%d", "abcdef", 12), 9);
	assert_string_equal(buf, "abcd");
	assert_int_equal(k_snprintf(buf, 0, "%d", 123456), 6);
	assert_string_equal(buf, "abcd");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(integers_as_the_host),
		cmocka_unit_test(strings_as_the_host),
		cmocka_unit_test(null_string),
		cmocka_unit_test(truncation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
