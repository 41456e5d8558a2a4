/* Unit tests for the held-frame bitmap (cv_introspect.held_map): frames
 * of shared anonymous memory carry one reference of the kernel object
 * that owns them, which the audit counts like a pin. view_held
 * (vmm/inspect/guest_view.c), the bitmap's bounds check and the audit
 * (stats_frames.c) on a synthetic guest. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../vmm/inspect/guest_view.h"
#include "../../vmm/inspect/stats.h"
#include "test_inspect_fixture.h"

#define HELD_MAP  0x30000ull   /* the bitmap: FX_RAM_SIZE / 4096 bits */
#define SHM_PA    0x400000ull  /* 4 frames of shared memory */

/* Each test: a valid synthetic kernel with the bitmap. */
static int setup(void **state)
{
	struct fx *f = fx_new(FX_RAM_SIZE);

	if (f == NULL)
		return -1;
	fx_kernel(f, FX_RAM_SIZE / 4096);
	fx_root(f)->held_map = HELD_MAP;
	*state = f;
	return 0;
}

/* Free the guest. */
static int teardown(void **state)
{
	fx_free(*state);
	return 0;
}

/* Mark frame pfn held, and give it the object's reference. */
static void hold(struct fx *f, uint64_t pfn)
{
	f->gm.base[HELD_MAP + pfn / 8] |= (uint8_t)(1u << (pfn % 8));
	fx_set_ref(f, pfn, fx_ref(f, pfn) + 1);
}

/* view_held reads the bit of each frame, and nothing past nframes. */
static void test_view_held(void **state)
{
	struct fx *f = *state;
	struct guest_view v;
	char err[256] = "";

	hold(f, 9);
	hold(f, 4095);
	assert_int_equal(introspect_open(&v, &f->gm, FX_ROOT_VADDR, err, sizeof(err)), 0);
	assert_false(view_held(&v, 8));
	assert_true(view_held(&v, 9));
	assert_false(view_held(&v, 10));
	assert_true(view_held(&v, 4095));
	assert_false(view_held(&v, 4096));
	fx_root(f)->held_map = 0; /* none */
	assert_int_equal(introspect_open(&v, &f->gm, FX_ROOT_VADDR, err, sizeof(err)), 0);
	assert_false(view_held(&v, 9));
}

/* A bitmap that does not fit in RAM is refused. */
static void test_held_map_outside_ram(void **state)
{
	struct fx *f = *state;
	struct guest_view v;
	char err[256] = "";

	fx_root(f)->held_map = FX_RAM_SIZE - 100; /* needs 512 bytes */
	assert_int_equal(introspect_open(&v, &f->gm, FX_ROOT_VADDR, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "held-frame bitmap"));
}

/* Shared memory mapped by two processes: each frame has two PTEs and
 * the object's reference; the audit holds with the bit and reports
 * walked 2 against the kernel's 3 without it. */
static void test_audit_counts_held(void **state)
{
	struct fx *f = *state;
	uint64_t a = fx_pml4(f), b = fx_pml4(f);
	struct guest_view v;
	struct stats_snapshot s;
	char err[256] = "";

	fx_map_n(f, a, 0x40000000, SHM_PA, 4, PTE_P | PTE_U | PTE_W);
	fx_map_n(f, b, 0x40000000, SHM_PA, 4, PTE_P | PTE_U | PTE_W);
	for (uint64_t i = 0; i < 4; i++)
		hold(f, (SHM_PA >> 12) + i);
	fx_proc(f, 0, 1, 0, CV_PROC_SLEEPING, a, "parent");
	fx_proc(f, 1, 2, 1, CV_PROC_RUNNING, b, "child");
	assert_int_equal(introspect_open(&v, &f->gm, FX_ROOT_VADDR, err, sizeof(err)), 0);
	memset(&s, 0, sizeof(s));
	assert_int_equal(stats_snapshot_take(&s, &v, CV_SNAP_GUEST, "shm", 1, err, sizeof(err)), 0);
	assert_true(s.audit_ok);
	assert_int_equal(s.nmismatches, 0);
	assert_int_equal(s.shared_frames, 4);
	stats_snapshot_free(&s);

	f->gm.base[HELD_MAP + ((SHM_PA >> 12) + 2) / 8] &= (uint8_t)~(1u << (((SHM_PA >> 12) + 2) % 8));
	assert_int_equal(stats_snapshot_take(&s, &v, CV_SNAP_GUEST, "shm", 1, err, sizeof(err)), 0);
	assert_false(s.audit_ok);
	assert_int_equal(s.nmismatches, 1);
	assert_int_equal(s.mismatches[0].frame, (SHM_PA >> 12) + 2);
	assert_int_equal(s.mismatches[0].guest, 3);
	assert_int_equal(s.mismatches[0].walked, 2);
	stats_snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_view_held, setup, teardown),
		cmocka_unit_test_setup_teardown(test_held_map_outside_ram, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_counts_held, setup, teardown),
	};

	return cmocka_run_group_tests_name("inspect_held", tests, NULL, NULL);
}
