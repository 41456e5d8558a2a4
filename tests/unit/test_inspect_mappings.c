/* Unit tests for the regions read from the kernel's VMA tables
 * (vmm/inspect/mappings.c) and the page runs (page_runs.c) a snapshot
 * takes with them: a synthetic kernel whose address-space table and VMA
 * array (in kernel virtual memory, on two scattered frames) are built by
 * hand with a layout of the test's own choosing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../vmm/inspect/mappings.h"
#include "../../vmm/inspect/page_runs.h"
#include "../../vmm/inspect/report.h"
#include "../../vmm/inspect/stats.h"
#include "test_inspect_fixture.h"
#include "test_mm_fixture.h"

#define LAYOUT_PA  0x31000ull  /* struct cv_mm_layout */
#define MMS_PA     0x32000ull  /* 2 address-space records of FX_MM_SIZE */
#define VMA_PA0    0x33000ull  /* the VMA array's first page ... */
#define VMA_PA1    0x35000ull  /* ... and its second, not adjacent */
#define KVA        (CV_DIRECT_MAP_BASE + (256ull << 30))  /* the array's window */
#define ARR_VA     (KVA + 4096 - 60)  /* record 1 straddles the two pages */
#define VMA_SIZE   FX_VMA_SIZE
#define USER_PA    0x400000ull
#define FILE_ID    0xffff800000123440ull /* a file node's kernel address */

struct t {
	struct fx *f;
	uint64_t pml4;
	struct guest_view v;
};

/* Address-space record i (test_mm_fixture.h's layout). */
static void put_mm(struct t *t, unsigned i, uint64_t pml4, int32_t users, uint64_t vmas,
		   int32_t n)
{
	fx_put_mm(t->f, MMS_PA, i, pml4, users, vmas, n);
}

/* Host pointer of byte off of the VMA array (through its two frames). */
static uint8_t *arr_byte(struct t *t, uint64_t off)
{
	uint64_t va = ARR_VA + off;

	return t->f->gm.base + (va < KVA + 4096 ? VMA_PA0 + (va - KVA) : VMA_PA1 + (va - KVA - 4096));
}

/* VMA record i (byte by byte: it may straddle the pages). */
static void put_vma_map(struct t *t, unsigned i, const struct inspect_mapping *m)
{
	uint8_t rec[VMA_SIZE];

	fx_vma_record(rec, m);
	for (unsigned b = 0; b < VMA_SIZE; b++)
		*arr_byte(t, i * VMA_SIZE + b) = rec[b];
}

/* VMA record i without a file. */
static void put_vma(struct t *t, unsigned i, uint32_t start, uint32_t end, uint32_t prot,
		    uint32_t kind, uint8_t shared, uint8_t whole)
{
	struct inspect_mapping m = { start, end, prot, (enum cv_vma_kind)kind, shared, whole, 0, 0 };

	put_vma_map(t, i, &m);
}

/* A kernel with one process (pid 1) whose address space has three
 * regions and 3 + 2 present user pages. */
static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));

	t->f = fx_new(FX_RAM_SIZE);
	assert_non_null(t->f);
	fx_kernel(t->f, FX_RAM_SIZE / 4096);
	fx_mm_layout(t->f, LAYOUT_PA, MMS_PA, 2, 100);
	t->pml4 = fx_pml4(t->f);
	fx_map(t->f, t->pml4, KVA, VMA_PA0, PTE_P | PTE_W);
	fx_map(t->f, t->pml4, KVA + 4096, VMA_PA1, PTE_P | PTE_W);
	put_mm(t, 0, 0x1234000, 0, 0, 0);           /* unused record */
	put_mm(t, 1, t->pml4, 1, ARR_VA, 3);
	put_vma_map(t, 0, &(struct inspect_mapping){ 0x8048000, 0x804b000, 5, CV_VMA_FILE, false,
						   false, FILE_ID, 0x3000 });
	put_vma_map(t, 1, &(struct inspect_mapping){ 0x804b000, 0x804d000, 3, CV_VMA_HEAP, false,
						   false, 0, 0x5000 }); /* file_off: not a file's */
	put_vma(t, 2, 0xff7fe000, 0xffffe000, 3, CV_VMA_STACK, 0, 0);
	fx_map_n(t->f, t->pml4, 0x8048000, USER_PA, 3, PTE_P | PTE_U);
	fx_map_n(t->f, t->pml4, 0xffffc000, USER_PA + 0x10000, 2, PTE_P | PTE_U | PTE_W);
	fx_proc(t->f, 0, 1, 0, CV_PROC_RUNNING, t->pml4, "init");
	*state = t;
	return 0;
}

/* Free the guest. */
static int teardown(void **state)
{
	struct t *t = *state;

	fx_free(t->f);
	free(t);
	return 0;
}

/* Open the view on the guest; it must be valid. */
static void view(struct t *t)
{
	char err[256] = "";

	if (introspect_open(&t->v, &t->f->gm, FX_ROOT_VADDR, err, sizeof(err)) != 0)
		fail_msg("introspect_open: %s", err);
}

/* The regions come back in order with their kinds, through both pages. */
static void test_regions_read(void **state)
{
	struct t *t = *state;
	struct inspect_mapping *m;
	char err[256] = "", prot[4];
	size_t n;

	view(t);
	assert_int_equal(inspect_mappings(&t->v, t->pml4 | 0x18, &m, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 3);
	assert_int_equal(m[0].start, 0x8048000);
	assert_int_equal(m[0].end, 0x804b000);
	assert_string_equal(inspect_mapping_kind(&m[0]), "text");
	assert_string_equal(inspect_prot_string(m[0].prot, prot), "r-x");
	assert_true(inspect_mapping_has_file(&m[0]));
	assert_true(m[0].file == FILE_ID && m[0].file_off == 0x3000);
	assert_int_equal(m[1].start, 0x804b000); /* the record across the page boundary */
	assert_string_equal(inspect_mapping_kind(&m[1]), "heap");
	assert_false(inspect_mapping_has_file(&m[1]));
	assert_int_equal(m[1].file_off, 0);      /* only a file's offset is one */
	assert_string_equal(inspect_mapping_kind(&m[2]), "stack");
	assert_string_equal(inspect_prot_string(m[2].prot, prot), "rw-");
	free(m);
}

/* The names of every kind, from the kernel's kind and flags. */
static void test_kind_names(void **state)
{
	struct inspect_mapping m = { .kind = CV_VMA_FILE, .prot = 1 };

	(void)state;
	assert_string_equal(inspect_mapping_kind(&m), "rodata");
	m.prot = 3;
	assert_string_equal(inspect_mapping_kind(&m), "data");
	m.file_whole = true;
	assert_string_equal(inspect_mapping_kind(&m), "file");
	m = (struct inspect_mapping){ .kind = CV_VMA_ANON };
	assert_string_equal(inspect_mapping_kind(&m), "mmap");
	m.shared = true;
	assert_string_equal(inspect_mapping_kind(&m), "shm");
	m.kind = CV_VMA_TRAMP;
	assert_string_equal(inspect_mapping_kind(&m), "trampoline");
	m.kind = CV_VMA_NKINDS;
	assert_string_equal(inspect_mapping_kind(&m), "unknown");
}

/* Expect inspect_mappings to fail with why in the message. */
static void expect_error(struct t *t, uint64_t cr3, const char *why)
{
	struct inspect_mapping *m = (void *)1;
	char err[256] = "";
	size_t n = 7;

	view(t);
	assert_int_equal(inspect_mappings(&t->v, cr3, &m, &n, err, sizeof(err)), -1);
	assert_null(m);
	assert_int_equal(n, 0);
	if (strstr(err, why) == NULL)
		fail_msg("error '%s' does not say '%s'", err, why);
}

/* Bad tables are reported, never followed. */
static void test_bad_tables(void **state)
{
	struct t *t = *state;
	struct cv_mm_layout *l = (void *)(t->f->gm.base + LAYOUT_PA);

	expect_error(t, 0x777000, "no address space with PML4 0x777000");
	put_vma(t, 1, 0x8040000, 0x804d000, 3, CV_VMA_HEAP, 0, 0); /* overlaps region 0 */
	expect_error(t, t->pml4, "unsorted");
	put_vma(t, 1, 0x804b000, 0x804b800, 3, CV_VMA_HEAP, 0, 0); /* not page aligned */
	expect_error(t, t->pml4, "region [0x804b000, 0x804b800) is empty, unaligned");
	put_vma(t, 1, 0x804b000, 0x804b000, 3, CV_VMA_HEAP, 0, 0); /* empty */
	expect_error(t, t->pml4, "region [0x804b000, 0x804b000) is empty");
	put_vma(t, 1, 0x804b000, 0x804d000, 3, 99, 0, 0);
	expect_error(t, t->pml4, "kind 99");
	put_vma(t, 1, 0x804b000, 0x804d000, 3, CV_VMA_HEAP, 0, 0);
	put_mm(t, 1, t->pml4, 1, ARR_VA, 101);
	expect_error(t, t->pml4, "claims 101 regions");
	put_mm(t, 1, t->pml4, 1, KVA + 8 * 4096, 3);   /* array not mapped */
	expect_error(t, t->pml4, "not mapped in the kernel");
	put_mm(t, 1, t->pml4, 1, ARR_VA, 3);
	l->vma_kind = VMA_SIZE - 2;                     /* field beyond the record */
	expect_error(t, t->pml4, "VMA records of 48 bytes are inconsistent");
	l->vma_kind = 20;
	l->nmms = (FX_RAM_SIZE - MMS_PA) / FX_MM_SIZE + 1; /* table beyond RAM */
	expect_error(t, t->pml4, "inconsistent");
	l->nmms = 2;
	l->magic = 0;
	expect_error(t, t->pml4, "magic");
	fx_root(t->f)->mm_layout = FX_RAM_SIZE - 8;
	expect_error(t, t->pml4, "outside guest RAM");
}

/* Without published tables there is nothing to read, and no error. */
static void test_no_layout(void **state)
{
	struct t *t = *state;
	struct inspect_mapping *m;
	char err[256] = "";
	size_t n;

	fx_root(t->f)->mm_layout = 0;
	view(t);
	assert_int_equal(inspect_mappings(&t->v, t->pml4, &m, &n, err, sizeof(err)), 1);
	assert_null(m);
	assert_int_equal(n, 0);
}

/* Runs grow over consecutive pages on consecutive frames of the same
 * sharing, and break anywhere else. */
static void test_page_runs(void **state)
{
	struct page_runs l = { 0 }, c;

	(void)state;
	assert_int_equal(page_runs_add(&l, 0x1000, 10, 1, PAGE_WRITABLE), 0);
	assert_int_equal(page_runs_add(&l, 0x2000, 11, 1, PAGE_WRITABLE), 0);
	assert_int_equal(page_runs_add(&l, 0x3000, 13, 1, PAGE_WRITABLE), 0); /* frame gap */
	assert_int_equal(page_runs_add(&l, 0x4000, 14, 2, PAGE_WRITABLE), 0); /* mapcount */
	assert_int_equal(page_runs_add(&l, 0x5000, 15, 2, PAGE_COW), 0);      /* flags */
	assert_int_equal(page_runs_add(&l, 0x7000, 16, 2, PAGE_COW), 0);      /* va gap */
	for (uint64_t i = 0; i < 40; i++)
		assert_int_equal(page_runs_add(&l, 0x100000 + i * 4096, 100 + i, 3, 0), 0);
	assert_int_equal(l.n, 6);
	assert_int_equal(l.pages, 46);
	assert_int_equal(l.r[0].n, 2);
	assert_int_equal(l.r[0].pfn, 10);
	assert_int_equal(l.r[5].n, 40);
	assert_int_equal(l.r[5].mapcount, 3);
	assert_int_equal(page_runs_copy(&c, &l), 0);
	assert_int_equal(c.n, 6);
	assert_memory_equal(c.r, l.r, 6 * sizeof(*l.r));
	page_runs_free(&l);
	page_runs_free(&c);
	assert_int_equal(l.n, 0);
	assert_null(l.r);
}

/* A snapshot with pages: each process's regions, and runs that add up to
 * its rss; the JSON carries both, the pages only when asked. */
static void test_snapshot_pages(void **state)
{
	struct t *t = *state;
	struct stats_snapshot s;
	char err[256] = "", *doc = NULL;
	size_t len = 0;
	FILE *out;

	view(t);
	assert_int_equal(stats_snapshot_take_opt(&s, &t->v, CV_SNAP_GUEST, "p", 1, true, err,
						 sizeof(err)), 0);
	assert_int_equal(s.nprocs, 1);
	assert_int_equal(s.procs[0].rss_pages, 5);
	assert_int_equal(s.procs[0].nmaps, 3);
	assert_int_equal(s.procs[0].pages.pages, 5);
	assert_int_equal(s.procs[0].pages.n, 2);
	assert_int_equal(s.procs[0].pages.r[1].va, 0xffffc000);
	assert_int_equal(s.procs[0].pages.r[1].flags, PAGE_WRITABLE);
	assert_true(s.audit_ok);
	out = open_memstream(&doc, &len);
	report_json_snapshot_opt(out, &s, true, false);
	fclose(out);
	assert_non_null(strstr(doc, "\"kind\": \"text\""));
	assert_non_null(strstr(doc, "\"origin\": \"boot\", \"execs\": 0, \"abi\": \"i386\""));
	assert_null(strstr(doc, "\"pages\""));
	free(doc);
	out = open_memstream(&doc, &len);
	report_json_snapshot(out, &s, true);
	fclose(out);
	assert_non_null(strstr(doc, "\"pages\": [[134512640,3,1024,1,0],[4294950912,2,1040,1,1]]"));
	free(doc);
	stats_snapshot_free(&s);
}

/* Unreadable regions make the snapshot's audit fail with the reason. */
static void test_snapshot_bad_regions(void **state)
{
	struct t *t = *state;
	struct stats_snapshot s;
	char err[256] = "";

	put_mm(t, 1, t->pml4, 1, ARR_VA, 101);
	view(t);
	assert_int_equal(stats_snapshot_take(&s, &t->v, CV_SNAP_GUEST, "p", 1, err, sizeof(err)), 0);
	assert_false(s.audit_ok);
	assert_int_equal(s.nerrors, 1);
	assert_non_null(strstr(s.errors[0], "process 1: its regions"));
	stats_snapshot_free(&s);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_regions_read),
		T(test_kind_names),
		T(test_bad_tables),
		T(test_no_layout),
		T(test_page_runs),
		T(test_snapshot_pages),
		T(test_snapshot_bad_regions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
