/* The guest kernel's block operations (guest/kernel/lib/string.c, built
 * here with its names prefixed k_): memcpy, memset and memmove move 8
 * bytes a step and then a byte tail, so every length 0..40 and every
 * alignment is checked against a byte-by-byte reference, including the
 * overlapping moves in both directions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

void *k_memcpy(void *dst, const void *src, size_t n);
void *k_memset(void *dst, int c, size_t n);
void *k_memmove(void *dst, const void *src, size_t n);

#define BUF 96

/* A buffer of distinct bytes. */
static void pattern(uint8_t *b, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(seed + i * 7);
}

static void copies_every_length_and_alignment(void **state)
{
	(void)state;
	for (size_t so = 0; so < 8; so++)
		for (size_t doff = 0; doff < 8; doff++)
			for (size_t n = 0; n <= 40; n++) {
				uint8_t src[BUF], dst[BUF], want[BUF];
				pattern(src, BUF, 1);
				pattern(dst, BUF, 100);
				memcpy(want, dst, BUF);
				for (size_t i = 0; i < n; i++)
					want[doff + i] = src[so + i];
				assert_ptr_equal(k_memcpy(dst + doff, src + so, n), dst + doff);
				assert_memory_equal(dst, want, BUF); /* nothing outside [doff, doff+n) */
			}
}

static void sets_every_length_and_alignment(void **state)
{
	(void)state;
	for (size_t off = 0; off < 8; off++)
		for (size_t n = 0; n <= 40; n++)
			for (int c = 0; c < 256; c += 0x5a) {
				uint8_t dst[BUF], want[BUF];
				pattern(dst, BUF, 3);
				memcpy(want, dst, BUF);
				for (size_t i = 0; i < n; i++)
					want[off + i] = (uint8_t)c;
				assert_ptr_equal(k_memset(dst + off, c, n), dst + off);
				assert_memory_equal(dst, want, BUF);
			}
}

static void moves_overlapping_both_ways(void **state)
{
	(void)state;
	for (size_t from = 0; from < 20; from++)
		for (size_t to = 0; to < 20; to++)
			for (size_t n = 0; n <= 40; n++) {
				uint8_t buf[BUF], want[BUF], tmp[BUF];
				pattern(buf, BUF, 5);
				memcpy(want, buf, BUF);
				for (size_t i = 0; i < n; i++)
					tmp[i] = buf[from + i];
				for (size_t i = 0; i < n; i++)
					want[to + i] = tmp[i];
				assert_ptr_equal(k_memmove(buf + to, buf + from, n), buf + to);
				assert_memory_equal(buf, want, BUF);
			}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(copies_every_length_and_alignment),
		cmocka_unit_test(sets_every_length_and_alignment),
		cmocka_unit_test(moves_overlapping_both_ways),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
