/* Unit tests for the page-table walker (vmm/inspect/pagewalk.c), with page
 * tables built by hand in a host buffer standing for guest RAM. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../shared/pte.h"
#include "../../vmm/inspect/pagewalk.h"
#include "test_inspect_fixture.h"

#define RAM_SIZE (8ull << 20)

/* Table locations used by every mode. */
#define T1 0x1000ull
#define T2 0x2000ull
#define T3 0x3000ull
#define T4 0x4000ull

#define CR0_PG   (1ull << 31)
#define CR0_PE   1ull
#define CR4_PAE  (1ull << 5)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)

/* Fresh zeroed guest RAM for each test. */
static int ram_setup(void **state)
{
	return fx_state_new(state, RAM_SIZE);
}

/* Release it. */
static int ram_teardown(void **state)
{
	return fx_state_free(state);
}

/* Store a 64-bit entry at slot idx of the table at gpa. */
static void set64(struct guest_mem *gm, uint64_t table, unsigned idx, uint64_t e)
{
	assert_true(gm_write(gm, table + idx * 8ull, &e, 8));
}

/* Store a 32-bit entry at slot idx of the table at gpa. */
static void set32(struct guest_mem *gm, uint64_t table, unsigned idx, uint32_t e)
{
	assert_true(gm_write(gm, table + idx * 4ull, &e, 4));
}

/* The 9-bit table index of va at the level starting at bit shift. */
static unsigned ix(uint64_t va, unsigned shift)
{
	return (unsigned)(va >> shift) & 511;
}

/* Translate expecting PW_OK and return the physical address. */
static uint64_t tr_ok(struct guest_mem *gm, enum pw_mode mode, uint64_t cr3, uint64_t va)
{
	uint64_t pa = 0xdeadbeef;
	enum pw_result r = pw_translate(gm, mode, cr3, va, &pa);

	if (r != PW_OK)
		fail_msg("va %#llx: %s", (unsigned long long)va, pw_result_name(r));
	return pa;
}

/* Translate expecting failure r; the output must stay untouched. */
static void tr_fails(struct guest_mem *gm, enum pw_mode mode, uint64_t cr3, uint64_t va,
		     enum pw_result want)
{
	uint64_t pa = 0xdeadbeef;
	enum pw_result r = pw_translate(gm, mode, cr3, va, &pa);

	if (r != want)
		fail_msg("va %#llx: got '%s', want '%s'", (unsigned long long)va,
			 pw_result_name(r), pw_result_name(want));
	assert_int_equal(pa, 0xdeadbeef);
}

/* Long mode: PML4 at T1 -> PDPT at T2 -> PD at T3 (-> PT at T4) for va. */
static void long_path(struct guest_mem *gm, uint64_t va, unsigned levels)
{
	set64(gm, T1, ix(va, 39), T2 | PTE_P | PTE_W | PTE_U);
	if (levels >= 2)
		set64(gm, T2, ix(va, 30), T3 | PTE_P | PTE_W);
	if (levels >= 3)
		set64(gm, T3, ix(va, 21), T4 | PTE_P | PTE_W);
}

/* A 4 KiB page, in the lower and the upper canonical half. */
static void test_long_4k(void **state)
{
	struct guest_mem *gm = *state;
	uint64_t lo = 0x00007f1234567abcull, hi = 0xffff800000201def;

	long_path(gm, lo, 3);
	set64(gm, T4, ix(lo, 12), 0x123000 | PTE_P | PTE_U | PTE_A | PTE_D | PTE_NX);
	assert_int_equal(tr_ok(gm, PW_LONG4, T1, lo), 0x123abc);
	long_path(gm, hi, 3);
	set64(gm, T4, ix(hi, 12), 0x7ff000 | PTE_P | PTE_COW);
	assert_int_equal(tr_ok(gm, PW_LONG4, T1, hi), 0x7ffdef);
	/* CR3's low flag bits (PWT, PCD) do not move the PML4 */
	assert_int_equal(tr_ok(gm, PW_LONG4, T1 | 0x18, lo), 0x123abc);
}

/* A 2 MiB page keeps va's low 21 bits; PAT (bit 12) is not address. */
static void test_long_2m(void **state)
{
	struct guest_mem *gm = *state;
	uint64_t va = 0x40012345ull;

	long_path(gm, va, 2);
	set64(gm, T3, ix(va, 21), 0x400000 | PTE_P | PTE_PS | PTE_W | PTE_NX);
	assert_int_equal(tr_ok(gm, PW_LONG4, T1, va), 0x412345);
	set64(gm, T3, ix(va, 21), 0x400000 | 0x1000 | PTE_P | PTE_PS);
	assert_int_equal(tr_ok(gm, PW_LONG4, T1, va), 0x412345);
	set64(gm, T3, ix(va, 21), 0x600000 | PTE_P | PTE_PS);
	assert_int_equal(tr_ok(gm, PW_LONG4, T1, va + 0x1edcba), 0x7fffff);
}

/* A 1 GiB page at physical 0 maps offsets inside RAM and not beyond. */
static void test_long_1g(void **state)
{
	struct guest_mem *gm = *state;
	uint64_t va = 0x0000004080000000ull; /* PML4 0, PDPT 258 */

	long_path(gm, va, 1);
	set64(gm, T2, ix(va, 30), 0 | PTE_P | PTE_PS | PTE_W);
	assert_int_equal(tr_ok(gm, PW_LONG4, T1, va + 0x345678), 0x345678);
	assert_int_equal(tr_ok(gm, PW_LONG4, T1, va + RAM_SIZE - 1), RAM_SIZE - 1);
	tr_fails(gm, PW_LONG4, T1, va + RAM_SIZE, PW_OUT_OF_RAM);
	tr_fails(gm, PW_LONG4, T1, va + 0x3fffffff, PW_OUT_OF_RAM);
}

/* A 1 GiB entry with address bits 29:13 set is reserved. */
static void test_long_1g_reserved(void **state)
{
	struct guest_mem *gm = *state;
	uint64_t va = 0x40000000ull;

	long_path(gm, va, 1);
	set64(gm, T2, ix(va, 30), 0x200000 | PTE_P | PTE_PS);
	tr_fails(gm, PW_LONG4, T1, va, PW_RESERVED);
	set64(gm, T2, ix(va, 30), 0x2000 | PTE_P | PTE_PS);
	tr_fails(gm, PW_LONG4, T1, va, PW_RESERVED);
	set64(gm, T2, ix(va, 30), 0x1000 | PTE_P | PTE_PS);
	assert_int_equal(tr_ok(gm, PW_LONG4, T1, va + 5), 5);
}

/* A 2 MiB entry with any of bits 20:13 set is reserved. */
static void test_long_2m_reserved(void **state)
{
	struct guest_mem *gm = *state;
	uint64_t va = 0x200000ull;

	long_path(gm, va, 2);
	set64(gm, T3, ix(va, 21), 0x400000 | (1ull << 13) | PTE_P | PTE_PS);
	tr_fails(gm, PW_LONG4, T1, va, PW_RESERVED);
	set64(gm, T3, ix(va, 21), 0x400000 | (1ull << 20) | PTE_P | PTE_PS);
	tr_fails(gm, PW_LONG4, T1, va, PW_RESERVED);
	set64(gm, T3, ix(va, 21), 0x400000 | PTE_P | PTE_PS);
	assert_int_equal(tr_ok(gm, PW_LONG4, T1, va), 0x400000);
}

/* PS in a PML4 entry is reserved. */
static void test_long_pml4_ps(void **state)
{
	struct guest_mem *gm = *state;

	set64(gm, T1, 0, 0 | PTE_P | PTE_PS);
	tr_fails(gm, PW_LONG4, T1, 0x1234, PW_RESERVED);
}

/* Clearing P at any of the four levels makes the address not present. */
static void test_long_not_present(void **state)
{
	struct guest_mem *gm = *state;
	uint64_t va = 0x00000040c0e01234ull;
	uint64_t tables[] = { T1, T2, T3, T4 };
	unsigned shifts[] = { 39, 30, 21, 12 };
	uint64_t e;

	long_path(gm, va, 3);
	set64(gm, T4, ix(va, 12), 0x555000 | PTE_P);
	assert_int_equal(tr_ok(gm, PW_LONG4, T1, va), 0x555234);
	for (int level = 0; level < 4; level++) {
		uint64_t slot = tables[level] + ix(va, shifts[level]) * 8ull;

		assert_true(gm_read(gm, slot, &e, 8));
		set64(gm, slot, 0, e & ~PTE_P);
		tr_fails(gm, PW_LONG4, T1, va, PW_NOT_PRESENT);
		set64(gm, slot, 0, e);
		assert_int_equal(tr_ok(gm, PW_LONG4, T1, va), 0x555234);
	}
	/* an all-zero PML4 maps nothing */
	tr_fails(gm, PW_LONG4, 0x5000, va, PW_NOT_PRESENT);
}

/* Addresses whose bits 63:47 differ are non-canonical. */
static void test_long_noncanonical(void **state)
{
	struct guest_mem *gm = *state;

	tr_fails(gm, PW_LONG4, T1, 0x0000800000000000ull, PW_NONCANONICAL);
	tr_fails(gm, PW_LONG4, T1, 0xffff7fffffffffffull, PW_NONCANONICAL);
	tr_fails(gm, PW_LONG4, T1, 0x8000000000000000ull, PW_NONCANONICAL);
	/* the edges of both halves are canonical, merely unmapped */
	tr_fails(gm, PW_LONG4, T1, 0x00007fffffffffffull, PW_NOT_PRESENT);
	tr_fails(gm, PW_LONG4, T1, 0xffff800000000000ull, PW_NOT_PRESENT);
}

/* A table, CR3 or final frame outside RAM gives PW_OUT_OF_RAM. */
static void test_long_out_of_ram(void **state)
{
	struct guest_mem *gm = *state;
	uint64_t va = 0x1000ull;

	tr_fails(gm, PW_LONG4, RAM_SIZE, va, PW_OUT_OF_RAM);
	tr_fails(gm, PW_LONG4, 0x000ffffffffff000ull, va, PW_OUT_OF_RAM);
	set64(gm, T1, 0, 0x10000000ull | PTE_P);
	tr_fails(gm, PW_LONG4, T1, va, PW_OUT_OF_RAM);
	long_path(gm, va, 2);
	set64(gm, T3, 0, 0x000ffffffffff000ull | PTE_P);
	tr_fails(gm, PW_LONG4, T1, va, PW_OUT_OF_RAM);
	long_path(gm, va, 3);
	set64(gm, T4, 1, RAM_SIZE | PTE_P);
	tr_fails(gm, PW_LONG4, T1, va, PW_OUT_OF_RAM);
	set64(gm, T3, 0, 0x800000 | PTE_P | PTE_PS);
	tr_fails(gm, PW_LONG4, T1, va, PW_OUT_OF_RAM);
}

/* A PML4 entry pointing back at the PML4 ends after four levels. */
static void test_long_self_reference(void **state)
{
	struct guest_mem *gm = *state;

	set64(gm, T1, 0, T1 | PTE_P | PTE_W);
	assert_int_equal(tr_ok(gm, PW_LONG4, T1, 0x123), T1 | 0x123);
	/* a two-table cycle ends as well: T1 -> T2 -> T1 -> T2 -> frame T1 */
	set64(gm, T1, 0, T2 | PTE_P);
	set64(gm, T2, 0, T1 | PTE_P);
	assert_int_equal(tr_ok(gm, PW_LONG4, T1, 0x456), T1 | 0x456);
}

/* PAE: PDPT of 4 entries at a 32-byte aligned CR3, 4 KiB and 2 MiB pages. */
static void test_pae_pages(void **state)
{
	struct guest_mem *gm = *state;
	uint64_t pdpt = T1 + 0x20, va4k = 0xc0201abcull, va2m = 0x40312345ull;

	set64(gm, pdpt, 3, T3 | PTE_P);
	set64(gm, pdpt, 1, T2 | PTE_P);
	set64(gm, T3, ix(va4k, 21), T4 | PTE_P | PTE_W | PTE_U);
	set64(gm, T4, ix(va4k, 12), 0x555000 | PTE_P | PTE_NX);
	assert_int_equal(tr_ok(gm, PW_PAE, pdpt, va4k), 0x555abc);
	assert_int_equal(tr_ok(gm, PW_PAE, pdpt | 0x18, va4k), 0x555abc);
	set64(gm, T2, ix(va2m, 21), 0x600000 | PTE_P | PTE_PS | PTE_W);
	assert_int_equal(tr_ok(gm, PW_PAE, pdpt, va2m), 0x712345);
	/* the same CR3 rounded to the page sees an empty PDPT */
	tr_fails(gm, PW_PAE, T1, va4k, PW_NOT_PRESENT);
}

/* PAE: reserved PDPTE bits, a reserved 2 MiB PDE, and absent entries. */
static void test_pae_faults(void **state)
{
	struct guest_mem *gm = *state;
	uint64_t va = 0x00201000ull;

	set64(gm, T1, 0, T2 | PTE_P | PTE_W);
	tr_fails(gm, PW_PAE, T1, va, PW_RESERVED);
	set64(gm, T1, 0, T2 | PTE_P | PTE_PS);
	tr_fails(gm, PW_PAE, T1, va, PW_RESERVED);
	set64(gm, T1, 0, T2 | PTE_P | PTE_NX);
	tr_fails(gm, PW_PAE, T1, va, PW_RESERVED);
	set64(gm, T1, 0, T2 | PTE_W);
	tr_fails(gm, PW_PAE, T1, va, PW_NOT_PRESENT);
	/* PWT and PCD are allowed in a PDPTE */
	set64(gm, T1, 0, T2 | PTE_P | PTE_PWT | PTE_PCD);
	tr_fails(gm, PW_PAE, T1, va, PW_NOT_PRESENT);
	set64(gm, T2, 1, T3 | PTE_P);
	tr_fails(gm, PW_PAE, T1, va, PW_NOT_PRESENT);
	set64(gm, T3, 1, 0x300000 | PTE_P);
	assert_int_equal(tr_ok(gm, PW_PAE, T1, va + 0x10), 0x300010);
	set64(gm, T2, 1, 0x400000 | (1ull << 16) | PTE_P | PTE_PS);
	tr_fails(gm, PW_PAE, T1, va, PW_RESERVED);
	set64(gm, T2, 1, 0x10000000ull | PTE_P);
	tr_fails(gm, PW_PAE, T1, va, PW_OUT_OF_RAM);
	tr_fails(gm, PW_PAE, T1, 0x100000000ull, PW_NONCANONICAL);
}

/* Legacy 32-bit: 4-byte entries, 4 KiB pages through a page table. */
static void test_legacy_4k(void **state)
{
	struct guest_mem *gm = *state;
	uint64_t va = 0x80401abcull; /* PDE 0x201, PTE 0x001 */

	set32(gm, T1, 0x201, (uint32_t)(T2 | PTE_P | PTE_W));
	set32(gm, T2, 0x001, 0x7ff000 | PTE_P);
	/* a decoy where 8-byte indexing of the page table would look */
	set32(gm, T2, 0x002, 0x111000 | PTE_P);
	assert_int_equal(tr_ok(gm, PW_LEGACY32, T1 | 0x18, va), 0x7ffabc);
	set32(gm, T2, 0x001, 0x7ff000);
	tr_fails(gm, PW_LEGACY32, T1, va, PW_NOT_PRESENT);
	set32(gm, T1, 0x201, (uint32_t)T2);
	tr_fails(gm, PW_LEGACY32, T1, va, PW_NOT_PRESENT);
	set32(gm, T1, 0x201, 0x10000000u | PTE_P);
	tr_fails(gm, PW_LEGACY32, T1, va, PW_OUT_OF_RAM);
	tr_fails(gm, PW_LEGACY32, RAM_SIZE, va, PW_OUT_OF_RAM);
	tr_fails(gm, PW_LEGACY32, T1, 0x100000000ull, PW_NONCANONICAL);
}

/* Legacy 32-bit: a PDE with PS maps a 4 MiB page. */
static void test_legacy_4m(void **state)
{
	struct guest_mem *gm = *state;

	set32(gm, T1, 3, 0x400000 | PTE_P | PTE_PS | PTE_W);
	assert_int_equal(tr_ok(gm, PW_LEGACY32, T1, 0x00c12345), 0x412345);
	assert_int_equal(tr_ok(gm, PW_LEGACY32, T1, 0x00ffffff), 0x7fffff);
	set32(gm, T1, 4, 0x800000 | PTE_P | PTE_PS);
	tr_fails(gm, PW_LEGACY32, T1, 0x01000000, PW_OUT_OF_RAM);
}

/* Without paging, addresses are physical and must lie in RAM. */
static void test_none(void **state)
{
	struct guest_mem *gm = *state;

	assert_int_equal(tr_ok(gm, PW_NONE, 0, 0x123456), 0x123456);
	assert_int_equal(tr_ok(gm, PW_NONE, 0xfff000, 0), 0);
	assert_int_equal(tr_ok(gm, PW_NONE, 0, RAM_SIZE - 1), RAM_SIZE - 1);
	tr_fails(gm, PW_NONE, 0, RAM_SIZE, PW_OUT_OF_RAM);
	tr_fails(gm, PW_NONE, 0, UINT64_MAX, PW_OUT_OF_RAM);
}

/* The mode follows CR0.PG, then EFER.LMA, then CR4.PAE. */
static void test_mode_of(void **state)
{
	(void)state;
	assert_int_equal(pw_mode_of(0, 0, 0), PW_NONE);
	assert_int_equal(pw_mode_of(CR0_PE, CR4_PAE, EFER_LME | EFER_LMA), PW_NONE);
	assert_int_equal(pw_mode_of(CR0_PE | CR0_PG, 0, 0), PW_LEGACY32);
	assert_int_equal(pw_mode_of(CR0_PG, 0, EFER_LME), PW_LEGACY32);
	assert_int_equal(pw_mode_of(CR0_PG, CR4_PAE, 0), PW_PAE);
	assert_int_equal(pw_mode_of(CR0_PG, CR4_PAE, EFER_LME), PW_PAE);
	assert_int_equal(pw_mode_of(CR0_PE | CR0_PG, CR4_PAE, EFER_LME | EFER_LMA), PW_LONG4);
	assert_int_equal(pw_mode_of(CR0_PG, 0, EFER_LMA), PW_LONG4);
	assert_int_equal(pw_mode_of(~CR0_PG, ~0ull, ~0ull), PW_NONE);
	assert_int_equal(pw_mode_of(CR0_PG, ~CR4_PAE, ~EFER_LMA), PW_LEGACY32);
}

/* Every result has a distinct, non-empty name. */
static void test_result_names(void **state)
{
	enum pw_result all[] = { PW_OK, PW_NOT_PRESENT, PW_OUT_OF_RAM, PW_RESERVED,
				 PW_NONCANONICAL };
	size_t n = sizeof(all) / sizeof(all[0]);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		const char *name = pw_result_name(all[i]);

		assert_non_null(name);
		assert_true(strlen(name) > 0);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(name, pw_result_name(all[j]));
	}
	assert_non_null(pw_result_name((enum pw_result)99));
}

#define RAM_TEST(f) cmocka_unit_test_setup_teardown(f, ram_setup, ram_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		RAM_TEST(test_long_4k),
		RAM_TEST(test_long_2m),
		RAM_TEST(test_long_1g),
		RAM_TEST(test_long_1g_reserved),
		RAM_TEST(test_long_2m_reserved),
		RAM_TEST(test_long_pml4_ps),
		RAM_TEST(test_long_not_present),
		RAM_TEST(test_long_noncanonical),
		RAM_TEST(test_long_out_of_ram),
		RAM_TEST(test_long_self_reference),
		RAM_TEST(test_pae_pages),
		RAM_TEST(test_pae_faults),
		RAM_TEST(test_legacy_4k),
		RAM_TEST(test_legacy_4m),
		RAM_TEST(test_none),
		cmocka_unit_test(test_mode_of),
		cmocka_unit_test(test_result_names),
	};

	return cmocka_run_group_tests_name("pagewalk", tests, NULL, NULL);
}
