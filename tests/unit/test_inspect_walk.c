/* Unit tests for the page-table enumeration (pw_each_mapping in
 * vmm/inspect/pagewalk_each.c): hand-built IA-32e, PAE and legacy tables,
 * and hostile ones (cycles, aliases, frames beyond RAM, reserved bits,
 * garbage), in a host buffer standing for guest RAM. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../../vmm/inspect/pagewalk.h"
#include "test_inspect_fixture.h"

#define KEEP_PAGES    2048
#define KEEP_PROBLEMS 64

/* What a walk reported: the first pages and problems, and counts. */
struct seen {
	struct pw_mapping page[KEEP_PAGES];
	size_t npages;
	struct pw_problem problem[KEEP_PROBLEMS];
	size_t nproblems;
	size_t stop_after;  /* stop the walk after this many pages; 0: never */
	bool contiguous;    /* every page so far had pa - va of the first */
};

/* Each test: 16 MiB of RAM, a walker and a record. */
struct t {
	struct fx *f;
	struct pw_walker w;
	struct seen *s;
	struct pw_walk_stats st;
};

/* Record a page. */
static int on_page(const struct pw_mapping *m, void *ctx)
{
	struct seen *s = ctx;

	if (s->npages > 0 && m->pa - m->va != s->page[0].pa - s->page[0].va)
		s->contiguous = false;
	if (s->npages < KEEP_PAGES)
		s->page[s->npages] = *m;
	s->npages++;
	return s->stop_after && s->npages == s->stop_after;
}

/* Record a problem. */
static void on_problem(const struct pw_problem *p, void *ctx)
{
	struct seen *s = ctx;

	if (s->nproblems < KEEP_PROBLEMS)
		s->problem[s->nproblems] = *p;
	s->nproblems++;
}

/* Fresh RAM of the given size with a walker over it. */
static struct t *t_new(uint64_t ram)
{
	struct t *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->f = fx_new(ram);
	assert_non_null(t->f);
	t->s = calloc(1, sizeof(*t->s));
	assert_non_null(t->s);
	assert_int_equal(pw_walker_init(&t->w, &t->f->gm), 0);
	return t;
}

/* 16 MiB of RAM for each test. */
static int setup(void **state)
{
	*state = t_new(FX_RAM_SIZE);
	return 0;
}

/* Free the walker, RAM and record. */
static int teardown(void **state)
{
	struct t *t = *state;

	pw_walker_free(&t->w);
	fx_free(t->f);
	free(t->s);
	free(t);
	return 0;
}

/* Walk with the recording visitor; returns pw_each_mapping's result. */
static int walk(struct t *t, enum pw_mode mode, uint64_t cr3, unsigned slots)
{
	struct pw_visitor v = { on_page, on_problem, t->s, NULL };

	memset(t->s, 0, sizeof(*t->s));
	t->s->contiguous = true;
	return pw_each_mapping(&t->w, mode, cr3, slots, &v, &t->st);
}

/* Check page i of the record. */
static void page_is(struct t *t, size_t i, uint64_t va, uint64_t pa, bool w, bool u, bool cow,
		    bool large)
{
	const struct pw_mapping *m = &t->s->page[i];

	assert_true(i < t->s->npages && i < KEEP_PAGES);
	assert_int_equal(m->va, va);
	assert_int_equal(m->pa, pa);
	assert_int_equal(m->writable, w);
	assert_int_equal(m->user, u);
	assert_int_equal(m->cow, cow);
	assert_int_equal(m->large, large);
}

/* Check problem i of the record. */
static void problem_is(struct t *t, size_t i, enum pw_result kind, int level, uint64_t va)
{
	const struct pw_problem *p = &t->s->problem[i];

	assert_true(i < t->s->nproblems);
	if (p->kind != kind)
		fail_msg("problem %zu: '%s', want '%s'", i, pw_result_name(p->kind),
			 pw_result_name(kind));
	assert_int_equal(p->level, level);
	assert_int_equal(p->va, va);
}

/* x86-64's whole user half (256 PML4 slots): pages above 4 GiB and at the
 * top of the lower canonical half are found in address order; the upper
 * half (slot 256, negative addresses) is not user space and is skipped. */
static void test_long_user_half(void **state)
{
	struct t *t = *state;
	uint64_t pml4 = fx_table(t->f);

	fx_map(t->f, pml4, 0x00007ffffffff000ull, 0x405000, PTE_P | PTE_U | PTE_W);
	fx_map(t->f, pml4, 0x00007fffffffe000ull, 0x404000, PTE_P | PTE_U | PTE_W);
	fx_map(t->f, pml4, 0x0000555555554000ull, 0x403000, PTE_P | PTE_U);
	fx_map(t->f, pml4, 0x0000000100000000ull, 0x402000, PTE_P | PTE_U | PTE_COW);
	fx_map(t->f, pml4, 0x00000000ffffe000ull, 0x401000, PTE_P | PTE_U);
	fx_map(t->f, pml4, 0x0000000000400000ull, 0x400000, PTE_P | PTE_U);
	fx_map(t->f, pml4, 0xffff800000000000ull, 0x406000, PTE_P | PTE_W); /* kernel */
	assert_int_equal(walk(t, PW_LONG4, pml4, CV_USER_PML4_SLOTS_MAX), 0);
	assert_int_equal(t->s->npages, 6);
	page_is(t, 0, 0x400000, 0x400000, false, true, false, false);
	page_is(t, 1, 0xffffe000, 0x401000, false, true, false, false);
	page_is(t, 2, 0x100000000ull, 0x402000, false, true, true, false);
	page_is(t, 3, 0x555555554000ull, 0x403000, false, true, false, false);
	page_is(t, 4, 0x7fffffffe000ull, 0x404000, true, true, false, false);
	page_is(t, 5, 0x7ffffffff000ull, 0x405000, true, true, false, false);
	/* PML4, then slot 0: PDPT, 3 PDs (0x400000, 0xffffe000, 4 GiB), 3 PTs;
	 * slot 170: PDPT, PD, PT; slot 255: PDPT, PD, PT (the kernel's not) */
	assert_int_equal(t->st.tables, 1 + 7 + 3 + 3);
	assert_int_equal(t->st.problems, 0);
	/* one slot: only the first 512 GiB */
	assert_int_equal(walk(t, PW_LONG4, pml4, 1), 0);
	assert_int_equal(t->s->npages, 3);
	/* all 512 (as the caller may ask): the upper half comes last, sign-extended */
	assert_int_equal(walk(t, PW_LONG4, pml4, 512), 0);
	assert_int_equal(t->s->npages, 7);
	page_is(t, 6, 0xffff800000000000ull, 0x406000, true, false, false, false);
}

/* 4 KiB pages: flags, order, table count; the kernel slot is skipped. */
static void test_long_4k(void **state)
{
	struct t *t = *state;
	uint64_t pml4 = fx_table(t->f), kpdpt = fx_table(t->f), kpd = fx_table(t->f);

	fx_map(t->f, pml4, 0x0804a000, 0x402000, PTE_P | PTE_U | PTE_W);
	fx_map(t->f, pml4, 0x08048000, 0x400000, PTE_P | PTE_U);
	fx_map(t->f, pml4, 0x08049000, 0x401000, PTE_P | PTE_U | PTE_COW | PTE_NX);
	fx_set64(t->f, pml4, 1, kpdpt | PTE_P | PTE_W);
	fx_set64(t->f, kpdpt, 0, kpd | PTE_P | PTE_W);
	fx_set64(t->f, kpd, 1, 0x200000 | PTE_P | PTE_W | PTE_PS);
	assert_int_equal(walk(t, PW_LONG4, pml4, 1), 0);
	assert_int_equal(t->s->npages, 3);
	page_is(t, 0, 0x08048000, 0x400000, false, true, false, false);
	page_is(t, 1, 0x08049000, 0x401000, false, true, true, false);
	page_is(t, 2, 0x0804a000, 0x402000, true, true, false, false);
	assert_int_equal(t->st.pages, 3);
	assert_int_equal(t->st.tables, 4);
	assert_int_equal(t->st.problems, 0);
	assert_false(t->st.truncated || t->st.stopped);
	/* with both slots, the kernel's 2 MiB page shows, not user */
	assert_int_equal(walk(t, PW_LONG4, pml4 | 0x18, 2), 0);
	assert_int_equal(t->s->npages, 3 + 512);
	page_is(t, 3, 0x0000008000200000ull, 0x200000, true, false, false, true);
	assert_int_equal(t->st.tables, 6);
}

/* U and W count only when set at every level. */
static void test_long_permissions(void **state)
{
	struct t *t = *state;
	uint64_t pml4 = fx_table(t->f), pdpt, pd;

	fx_map(t->f, pml4, 0x1000, 0x300000, PTE_P | PTE_U | PTE_W);
	fx_map(t->f, pml4, 0x40001000, 0x301000, PTE_P | PTE_U | PTE_W);
	pdpt = fx_get64(t->f, pml4, 0) & PTE_ADDR;
	pd = fx_get64(t->f, pdpt, 1) & PTE_ADDR;
	fx_set64(t->f, pdpt, 1, pd | PTE_P | PTE_U);          /* W clear above */
	pd = fx_get64(t->f, pdpt, 0) & PTE_ADDR;
	fx_set64(t->f, pd, 0, fx_get64(t->f, pd, 0) & ~PTE_U); /* U clear above */
	assert_int_equal(walk(t, PW_LONG4, pml4, 1), 0);
	assert_int_equal(t->s->npages, 2);
	page_is(t, 0, 0x1000, 0x300000, true, false, false, false);
	page_is(t, 1, 0x40001000, 0x301000, false, true, false, false);
}

/* A 2 MiB page is 512 consecutive 4 KiB pages. */
static void test_long_2m(void **state)
{
	struct t *t = *state;
	uint64_t pml4 = fx_table(t->f), pdpt = fx_table(t->f), pd = fx_table(t->f);

	fx_set64(t->f, pml4, 0, pdpt | FX_TABLE_FLAGS);
	fx_set64(t->f, pdpt, 0, pd | FX_TABLE_FLAGS);
	fx_set64(t->f, pd, 3, 0x600000 | 0x1000 | PTE_P | PTE_PS | PTE_U | PTE_COW);
	assert_int_equal(walk(t, PW_LONG4, pml4, 1), 0);
	assert_int_equal(t->s->npages, 512);
	assert_true(t->s->contiguous);
	page_is(t, 0, 0x600000, 0x600000, false, true, true, true);
	page_is(t, 511, 0x7ff000, 0x7ff000, false, true, true, true);
	assert_int_equal(t->st.tables, 3);
}

/* A 1 GiB page in a 1 GiB guest is 262144 pages. */
static void test_long_1g(void **state)
{
	struct t *t = t_new(1ull << 30);
	uint64_t pml4 = fx_table(t->f), pdpt = fx_table(t->f);

	(void)state;
	fx_set64(t->f, pml4, 0, pdpt | FX_TABLE_FLAGS);
	fx_set64(t->f, pdpt, 1, 0 | PTE_P | PTE_PS | PTE_U | PTE_W);
	assert_int_equal(walk(t, PW_LONG4, pml4, 1), 0);
	assert_int_equal(t->s->npages, 262144);
	assert_true(t->s->contiguous);
	page_is(t, 0, 0x40000000, 0, true, true, false, true);
	assert_int_equal(t->st.tables, 2);
	teardown((void **)&t);
}

/* A 1 GiB page beyond a small RAM is refused whole. */
static void test_long_1g_outside(void **state)
{
	struct t *t = *state;
	uint64_t pml4 = fx_table(t->f), pdpt = fx_table(t->f);

	fx_set64(t->f, pml4, 0, pdpt | FX_TABLE_FLAGS);
	fx_set64(t->f, pdpt, 1, 0 | PTE_P | PTE_PS | PTE_U);
	assert_int_equal(walk(t, PW_LONG4, pml4, 1), -1);
	assert_int_equal(t->s->npages, 0);
	assert_int_equal(t->s->nproblems, 1);
	problem_is(t, 0, PW_OUT_OF_RAM, 3, 0x40000000);
}

/* PAE: a 32-byte PDPT inside a frame, 4 KiB and 2 MiB pages. */
static void test_pae(void **state)
{
	struct t *t = *state;
	uint64_t pdpt = fx_table(t->f) + 0x20, pd1 = fx_table(t->f), pd3 = fx_table(t->f);
	uint64_t pt = fx_table(t->f);

	fx_set64(t->f, pdpt, 1, pd1 | PTE_P);
	fx_set64(t->f, pdpt, 3, pd3 | PTE_P | PTE_PWT);
	fx_set64(t->f, pd1, 1, 0x400000 | PTE_P | PTE_PS | PTE_U | PTE_W);
	fx_set64(t->f, pd3, 1, pt | PTE_P | PTE_U | PTE_W);
	fx_set64(t->f, pt, 1, 0x555000 | PTE_P | PTE_U | PTE_COW | PTE_NX);
	assert_int_equal(walk(t, PW_PAE, pdpt, 4), 0);
	assert_int_equal(t->s->npages, 513);
	page_is(t, 0, 0x40200000, 0x400000, true, true, false, true);
	page_is(t, 512, 0xc0201000, 0x555000, false, true, true, false);
	assert_int_equal(t->st.tables, 4);
	/* the user part can stop below the kernel's quarter */
	assert_int_equal(walk(t, PW_PAE, pdpt, 3), 0);
	assert_int_equal(t->s->npages, 512);
	/* W (bit 1) is reserved in a PDPTE */
	fx_set64(t->f, pdpt, 3, pd3 | PTE_P | PTE_W);
	assert_int_equal(walk(t, PW_PAE, pdpt, 4), -1);
	problem_is(t, 0, PW_RESERVED, 3, 0xc0000000);
}

/* Legacy 32-bit: 4-byte entries, 4 KiB and 4 MiB pages. */
static void test_legacy(void **state)
{
	struct t *t = *state;
	uint64_t pd = fx_table(t->f), pt = fx_table(t->f);

	fx_set32(t->f, pd, 0x201, (uint32_t)(pt | PTE_P | PTE_U | PTE_W));
	fx_set32(t->f, pt, 1, 0x7ff000 | PTE_P | PTE_U | PTE_COW);
	fx_set32(t->f, pt, 2, 0x7fe000 | PTE_P | PTE_U | PTE_W);
	fx_set32(t->f, pd, 3, 0x400000 | PTE_P | PTE_PS | PTE_U | PTE_W);
	assert_int_equal(walk(t, PW_LEGACY32, pd, 1024), 0);
	assert_int_equal(t->s->npages, 1024 + 2);
	page_is(t, 0, 0x00c00000, 0x400000, true, true, false, true);
	page_is(t, 1023, 0x00fff000, 0x7ff000, true, true, false, true);
	page_is(t, 1024, 0x80401000, 0x7ff000, false, true, true, false);
	page_is(t, 1025, 0x80402000, 0x7fe000, true, true, false, false);
	assert_int_equal(t->st.tables, 2);
	assert_int_equal(walk(t, PW_LEGACY32, pd, 0x201), 0);
	assert_int_equal(t->s->npages, 1024);
}

/* A PML4 entry pointing at the PML4 is refused, not followed. */
static void test_self_reference(void **state)
{
	struct t *t = *state;
	uint64_t pml4 = fx_table(t->f), pdpt = fx_table(t->f);

	fx_set64(t->f, pml4, 0, pml4 | FX_TABLE_FLAGS);
	assert_int_equal(walk(t, PW_LONG4, pml4, 512), -1);
	assert_int_equal(t->s->npages, 0);
	assert_int_equal(t->s->nproblems, 1);
	problem_is(t, 0, PW_TABLE_REVISITED, 4, 0);
	assert_int_equal(t->st.tables, 1);
	/* a two-table cycle: PML4 -> PDPT -> PML4 */
	fx_set64(t->f, pml4, 0, pdpt | FX_TABLE_FLAGS);
	fx_set64(t->f, pdpt, 5, pml4 | FX_TABLE_FLAGS);
	assert_int_equal(walk(t, PW_LONG4, pml4, 512), -1);
	assert_int_equal(t->s->nproblems, 1);
	problem_is(t, 0, PW_TABLE_REVISITED, 3, 5ull << 30);
}

/* A table referenced twice is walked once; the second is a problem. */
static void test_table_aliased(void **state)
{
	struct t *t = *state;
	uint64_t pml4 = fx_table(t->f), pdpt, pd;

	fx_map(t->f, pml4, 0x5000, 0x300000, PTE_P | PTE_U);
	pdpt = fx_get64(t->f, pml4, 0) & PTE_ADDR;
	pd = fx_get64(t->f, pdpt, 0) & PTE_ADDR;
	fx_set64(t->f, pdpt, 1, pd | FX_TABLE_FLAGS);
	assert_int_equal(walk(t, PW_LONG4, pml4, 1), -1);
	assert_int_equal(t->s->npages, 1);
	page_is(t, 0, 0x5000, 0x300000, false, true, false, false);
	assert_int_equal(t->s->nproblems, 1);
	problem_is(t, 0, PW_TABLE_REVISITED, 3, 0x40000000);
	assert_int_equal(t->st.tables, 4);
	/* a leaf may map a table frame: that is a page, not a problem */
	fx_map(t->f, pml4, 0x6000, pd, PTE_P | PTE_U);
	fx_set64(t->f, pdpt, 1, 0);
	assert_int_equal(walk(t, PW_LONG4, pml4, 1), 0);
	assert_int_equal(t->s->npages, 2);
}

/* Tables and frames beyond RAM are refused with where they were met. */
static void test_beyond_ram(void **state)
{
	struct t *t = *state;
	uint64_t pml4 = fx_table(t->f), pdpt, pd, pt;

	fx_map(t->f, pml4, 0x1000, FX_RAM_SIZE, PTE_P | PTE_U);
	fx_map(t->f, pml4, 0x2000, 0x000ffffffffff000ull, PTE_P | PTE_U);
	fx_map(t->f, pml4, 0x3000, FX_RAM_SIZE - 4096, PTE_P | PTE_U);
	pdpt = fx_get64(t->f, pml4, 0) & PTE_ADDR;
	pd = fx_get64(t->f, pdpt, 0) & PTE_ADDR;
	pt = fx_get64(t->f, pd, 0) & PTE_ADDR;
	(void)pt;
	fx_set64(t->f, pd, 1, (FX_RAM_SIZE - (2ull << 20)) | PTE_P | PTE_PS | PTE_U);
	fx_set64(t->f, pd, 2, FX_RAM_SIZE | PTE_P | PTE_PS | PTE_U);
	fx_set64(t->f, pd, 3, (FX_RAM_SIZE + 4096) | FX_TABLE_FLAGS);
	fx_set64(t->f, pdpt, 1, 0x000ffffffffff000ull | FX_TABLE_FLAGS);
	fx_set64(t->f, pml4, 3, (1ull << 40) | FX_TABLE_FLAGS);
	assert_int_equal(walk(t, PW_LONG4, pml4, 4), -1);
	assert_int_equal(t->s->npages, 1 + 512);
	page_is(t, 0, 0x3000, FX_RAM_SIZE - 4096, false, true, false, false);
	assert_int_equal(t->s->nproblems, 6);
	problem_is(t, 0, PW_OUT_OF_RAM, 1, 0x1000);
	problem_is(t, 1, PW_OUT_OF_RAM, 1, 0x2000);
	problem_is(t, 2, PW_OUT_OF_RAM, 2, 0x400000);
	problem_is(t, 3, PW_OUT_OF_RAM, 2, 0x600000);
	problem_is(t, 4, PW_OUT_OF_RAM, 3, 0x40000000);
	problem_is(t, 5, PW_OUT_OF_RAM, 4, 3ull << 39);
}

/* A root outside RAM is one problem at level 0. */
static void test_root_outside(void **state)
{
	struct t *t = *state;

	assert_int_equal(walk(t, PW_LONG4, FX_RAM_SIZE, 1), -1);
	problem_is(t, 0, PW_OUT_OF_RAM, 0, 0);
	assert_int_equal(t->s->problem[0].entry, FX_RAM_SIZE);
	assert_int_equal(walk(t, PW_LONG4, UINT64_MAX, 1), -1);
	assert_int_equal(walk(t, PW_PAE, 0xffffffe0ull, 4), -1);
	assert_int_equal(walk(t, PW_LEGACY32, 0xfffff000ull, 4), -1);
	assert_int_equal(t->st.tables, 0);
	/* without paging there is nothing to enumerate */
	assert_int_equal(walk(t, PW_NONE, 0, 1), 0);
	assert_int_equal(t->s->npages, 0);
}

/* PS in a PML4 entry, and large pages with reserved address bits. */
static void test_reserved(void **state)
{
	struct t *t = *state;
	uint64_t pml4 = fx_table(t->f), pdpt = fx_table(t->f), pd = fx_table(t->f);

	fx_set64(t->f, pml4, 1, 0 | PTE_P | PTE_PS | PTE_U);
	fx_set64(t->f, pml4, 0, pdpt | FX_TABLE_FLAGS);
	fx_set64(t->f, pdpt, 0, pd | FX_TABLE_FLAGS);
	fx_set64(t->f, pdpt, 1, 0x2000 | PTE_P | PTE_PS | PTE_U);
	fx_set64(t->f, pd, 0, 0x200000 | (1ull << 13) | PTE_P | PTE_PS | PTE_U);
	fx_set64(t->f, pd, 1, 0x200000 | (1ull << 12) | PTE_P | PTE_PS | PTE_U);
	assert_int_equal(walk(t, PW_LONG4, pml4, 2), -1);
	assert_int_equal(t->s->npages, 512); /* bit 12 is PAT: allowed */
	page_is(t, 0, 0x200000, 0x200000, false, true, false, true);
	assert_int_equal(t->s->nproblems, 3);
	problem_is(t, 0, PW_RESERVED, 2, 0);
	problem_is(t, 1, PW_RESERVED, 3, 0x40000000);
	problem_is(t, 2, PW_RESERVED, 4, 1ull << 39);
}

/* The per-walk page bound stops a walk with one problem. */
static void test_page_bound(void **state)
{
	struct t *t = *state;
	uint64_t pml4 = fx_table(t->f), pdpt = fx_table(t->f), pd = fx_table(t->f);

	fx_set64(t->f, pml4, 0, pdpt | FX_TABLE_FLAGS);
	fx_set64(t->f, pdpt, 0, pd | FX_TABLE_FLAGS);
	for (unsigned i = 0; i < 512; i++)
		fx_set64(t->f, pd, i, 0x200000 | PTE_P | PTE_PS | PTE_U);
	t->w.max_pages = 1000;
	assert_int_equal(walk(t, PW_LONG4, pml4, 1), -1);
	assert_int_equal(t->s->npages, 1000);
	assert_true(t->st.truncated);
	assert_int_equal(t->s->nproblems, 1);
	problem_is(t, 0, PW_TOO_MANY, 2, 0x200000 + 488 * 4096ull);
	/* the default bound allows this table's 256K pages */
	t->w.max_pages = PW_MAX_PAGES;
	assert_int_equal(walk(t, PW_LONG4, pml4, 1), 0);
	assert_int_equal(t->st.pages, 512 * 512);
}

/* The shared budget stops walks until the caller refills it. */
static void test_budget(void **state)
{
	struct t *t = *state;
	uint64_t pml4 = fx_table(t->f);

	fx_map_n(t->f, pml4, 0x10000, 0x300000, 100, PTE_P | PTE_U);
	t->w.budget = 50;
	assert_int_equal(walk(t, PW_LONG4, pml4, 1), -1);
	assert_true(t->st.truncated);
	assert_true(t->s->npages < 50);
	problem_is(t, 0, PW_TOO_MANY, 1, 0x10000 + t->s->npages * 4096);
	assert_int_equal(t->w.budget, 0);
	assert_int_equal(walk(t, PW_LONG4, pml4, 1), -1);
	assert_int_equal(t->s->npages, 0);
	t->w.budget = PW_BUDGET;
	assert_int_equal(walk(t, PW_LONG4, pml4, 1), 0);
	assert_int_equal(t->s->npages, 100);
	assert_int_equal(t->w.budget, PW_BUDGET - 100 - 512 * 4 + 511);
}

/* A visitor returning non-zero stops the walk. */
static void test_visitor_stops(void **state)
{
	struct t *t = *state;
	uint64_t pml4 = fx_table(t->f);
	struct pw_visitor v = { on_page, NULL, t->s, NULL };

	fx_map_n(t->f, pml4, 0x10000, 0x300000, 20, PTE_P | PTE_U);
	memset(t->s, 0, sizeof(*t->s));
	t->s->stop_after = 5;
	assert_int_equal(pw_each_mapping(&t->w, PW_LONG4, pml4, 1, &v, &t->st), 0);
	assert_int_equal(t->s->npages, 5);
	assert_true(t->st.stopped);
	/* no visitor and no stats at all is fine too */
	assert_int_equal(pw_each_mapping(&t->w, PW_LONG4, pml4, 1, NULL, NULL), 0);
}

/* Walk ids: the same tables walk the same way again, also across the
 * wrap of the id counter. */
static void test_walker_reuse(void **state)
{
	struct t *t = *state;
	uint64_t pml4 = fx_table(t->f);

	fx_map_n(t->f, pml4, 0x10000, 0x300000, 3, PTE_P | PTE_U);
	for (int i = 0; i < 3; i++) {
		if (i == 1)
			t->w.walk_id = UINT32_MAX;
		assert_int_equal(walk(t, PW_LONG4, pml4, 1), 0);
		assert_int_equal(t->s->npages, 3);
		assert_int_equal(t->st.tables, 4);
	}
	assert_int_equal(t->w.walk_id, 2);
}

/* A cheap deterministic random number generator (xorshift64). */
static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* RAM full of random entries, mostly pointing inside RAM: every walk
 * ends, within its bounds, whatever the mode. */
static void test_garbage(void **state)
{
	struct t *t = *state;
	uint64_t x = 0x9e3779b97f4a7c15ull, *ram = (uint64_t *)t->f->gm.base;
	enum pw_mode modes[] = { PW_LONG4, PW_PAE, PW_LEGACY32 };
	uint64_t tables = 0;

	for (uint64_t i = 0; i < FX_RAM_SIZE / 8; i++) {
		uint64_t r = rnd(&x);

		ram[i] = (r & 7) == 0 ? r : (r & (FX_RAM_SIZE - 1) & ~0xfffull) | (r >> 52);
	}
	for (int i = 0; i < 6; i++) {
		walk(t, modes[i % 3], rnd(&x) & (FX_RAM_SIZE - 1), 512);
		assert_true(t->st.tables <= FX_RAM_SIZE / 4096);
		assert_true(t->st.pages <= PW_MAX_PAGES);
		assert_int_equal(t->st.pages, t->s->npages);
		tables += t->st.tables;
	}
	assert_true(tables > 1000); /* the walks did go deep */
}

/* Every new result has a name. */
static void test_names(void **state)
{
	(void)state;
	assert_string_not_equal(pw_result_name(PW_TABLE_REVISITED), "?");
	assert_string_not_equal(pw_result_name(PW_TOO_MANY), "?");
	assert_string_not_equal(pw_result_name(PW_TOO_MANY),
				pw_result_name(PW_TABLE_REVISITED));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_long_4k),
		T(test_long_permissions),
		T(test_long_2m),
		cmocka_unit_test(test_long_1g),
		T(test_long_user_half),
		T(test_long_1g_outside),
		T(test_pae),
		T(test_legacy),
		T(test_self_reference),
		T(test_table_aliased),
		T(test_beyond_ram),
		T(test_root_outside),
		T(test_reserved),
		T(test_page_bound),
		T(test_budget),
		T(test_visitor_stops),
		T(test_walker_reuse),
		T(test_garbage),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("inspect_walk", tests, NULL, NULL);
}
