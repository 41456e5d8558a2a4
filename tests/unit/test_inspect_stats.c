/* Unit tests for the sharing statistics (vmm/inspect/stats.c, sharing.c,
 * stats_frames.c): a synthetic guest kernel in a host buffer (root,
 * process table, counters, refcounts kept as the kernel keeps them) with
 * processes after fork, vfork and exit, checked to the exact number. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../vmm/inspect/guest_view.h"
#include "../../vmm/inspect/report.h"
#include "../../vmm/inspect/stats.h"
#include "test_inspect_fixture.h"

/* Frames of the scenario (physical addresses). */
#define COW_PA      0x400000ull  /* 256 frames shared copy-on-write */
#define PARENT_PA   0x500000ull  /* 10 private frames of the parent */
#define CHILD_PA    0x600000ull  /* 5 private frames of the child */
#define PINNED_PFN  0x800ull     /* [0x800, 0x810): the "initrd" */
#define PINNED_END  0x810ull
#define FILE_PA     0x803000ull  /* one initrd frame mapped by both */
#define TRAMP_PFN   0x900ull     /* the extra pinned frame, parent only */

#define KIB4 4096ull

/* Each test: a guest with a kernel, a view on it, a snapshot. */
struct t {
	struct fx *f;
	struct guest_view v;
	struct stats_snapshot s;
	uint64_t parent, child;  /* their PML4s */
	uint64_t kpdpt;          /* the kernel half's PDPT, once made */
};

/* A guest with a valid synthetic kernel and no processes yet. */
static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));

	t->f = fx_new(FX_RAM_SIZE);
	assert_non_null(t->f);
	fx_kernel(t->f, FX_RAM_SIZE / 4096);
	*state = t;
	return 0;
}

/* Free the snapshot and the guest. */
static int teardown(void **state)
{
	struct t *t = *state;

	stats_snapshot_free(&t->s);
	fx_free(t->f);
	free(t);
	return 0;
}

/* Open the view and take a snapshot; it must succeed. */
static void snap(struct t *t)
{
	char err[256] = "";

	stats_snapshot_free(&t->s);
	if (introspect_open(&t->v, &t->f->gm, FX_ROOT_VADDR, err, sizeof(err)) != 0)
		fail_msg("introspect_open: %s", err);
	if (stats_snapshot_take(&t->s, &t->v, CV_SNAP_FORK, "after-fork", 1234, err,
				sizeof(err)) != 0)
		fail_msg("stats_snapshot_take: %s", err);
}

/* The process of the snapshot with pid, which must be there. */
static const struct stats_process *proc(struct t *t, uint32_t pid)
{
	for (size_t i = 0; i < t->s.nprocs; i++)
		if (t->s.procs[i].pid == pid)
			return &t->s.procs[i];
	fail_msg("pid %u not in the snapshot", (unsigned)pid);
	return NULL;
}

/* Check every size of a process. */
static void sizes_are(const struct stats_process *p, uint64_t rss, uint64_t pss, uint64_t uss,
		      uint64_t shared, uint64_t cow, uint64_t pw, uint64_t pt)
{
	assert_int_equal(p->rss_pages, rss);
	assert_int_equal(p->pss_bytes, pss);
	assert_int_equal(p->uss_pages, uss);
	assert_int_equal(p->shared_pages, shared);
	assert_int_equal(p->cow_pages, cow);
	assert_int_equal(p->private_writable_pages, pw);
	assert_int_equal(p->pagetable_pages, pt);
}

/* The audit must be clean and the snapshot free of errors. */
static void clean(struct t *t)
{
	for (size_t i = 0; i < t->s.nerrors; i++)
		print_message("error: %s\n", t->s.errors[i]);
	for (size_t i = 0; i < t->s.nmismatches; i++)
		print_message("mismatch: frame 0x%llx guest %u walked %llu\n",
			      (unsigned long long)t->s.mismatches[i].frame,
			      (unsigned)t->s.mismatches[i].guest,
			      (unsigned long long)t->s.mismatches[i].walked);
	assert_int_equal(t->s.nerrors, 0);
	assert_int_equal(t->s.nmismatches, 0);
	assert_true(t->s.audit_ok);
}

/* A kernel half (PML4 slot 1) shared by every address space, which the
 * statistics must ignore. */
static void kernel_half(struct t *t, uint64_t pml4)
{
	if (t->kpdpt == 0) {
		uint64_t kpd = fx_table(t->f);

		t->kpdpt = fx_table(t->f);
		fx_set64(t->f, t->kpdpt, 0, kpd | PTE_P | PTE_W);
		for (unsigned i = 0; i < 8; i++)
			fx_set64(t->f, kpd, i, (i * (2ull << 20)) | PTE_P | PTE_W | PTE_PS);
	}
	fx_set64(t->f, pml4, 1, t->kpdpt | PTE_P | PTE_W);
}

/* Parent and child after fork: 256 frames shared copy-on-write. */
static void fork_basic(struct t *t)
{
	t->parent = fx_pml4(t->f);
	t->child = fx_pml4(t->f);
	fx_map_n(t->f, t->parent, 0x08048000, COW_PA, 256, PTE_P | PTE_U | PTE_COW);
	fx_map_n(t->f, t->child, 0x08048000, COW_PA, 256, PTE_P | PTE_U | PTE_COW);
	fx_proc(t->f, 0, 1, 0, CV_PROC_SLEEPING, t->parent, "parent");
	fx_proc(t->f, 1, 2, 1, CV_PROC_RUNNING, t->child, "child");
}

/* The full scenario: fork_basic plus private pages, a pinned file frame
 * mapped by both, the trampoline in the parent, a vfork child sharing
 * the parent's space, a zombie, and the kernel half. */
static void fork_full(struct t *t)
{
	struct cv_introspect *r = fx_root(t->f);
	struct cv_counters c = { 3, 1, 2, 1, 7, 5, 2, 0, 0, 0, 0 };

	for (uint64_t pfn = PINNED_PFN; pfn < PINNED_END; pfn++)
		fx_set_ref(t->f, pfn, 1);
	fx_set_ref(t->f, TRAMP_PFN, 1);
	r->pinned_start = PINNED_PFN;
	r->pinned_end = PINNED_END;
	r->pinned_extra = TRAMP_PFN;
	fork_basic(t);
	fx_map_n(t->f, t->parent, 0x08200000, PARENT_PA, 10, PTE_P | PTE_U | PTE_W);
	fx_map_n(t->f, t->child, 0x08200000, CHILD_PA, 5, PTE_P | PTE_U | PTE_W | PTE_D);
	fx_map(t->f, t->parent, 0x40000000, FILE_PA, PTE_P | PTE_U);
	fx_map(t->f, t->child, 0x40000000, FILE_PA, PTE_P | PTE_U);
	fx_map(t->f, t->parent, 0xbfffe000, TRAMP_PFN << 12, PTE_P | PTE_U);
	kernel_half(t, t->parent);
	kernel_half(t, t->child);
	fx_proc(t->f, 3, 3, 1, CV_PROC_SLEEPING, t->parent, "vforked");
	fx_proc(t->f, 4, 4, 1, CV_PROC_ZOMBIE, 0, "zombie");
	memcpy(t->f->gm.base + FX_COUNTERS, &c, sizeof(c));
}

/* 256 shared pages: PSS is half of each page on each side. */
static void test_fork_basic(void **state)
{
	struct t *t = *state;

	fork_basic(t);
	snap(t);
	clean(t);
	assert_int_equal(t->s.nprocs, 2);
	sizes_are(proc(t, 1), 256, 256 * 2048, 0, 256, 256, 0, 4);
	sizes_are(proc(t, 2), 256, 256 * 2048, 0, 256, 256, 0, 4);
	assert_int_equal(t->s.shared_frames, 256);
	assert_int_equal(t->s.saved_bytes, 256 * KIB4);
	assert_int_equal(t->s.nhistogram, 1);
	assert_int_equal(t->s.histogram[0].mapcount, 2);
	assert_int_equal(t->s.histogram[0].frames, 256);
}

/* Every figure of the full scenario. */
static void test_fork_full(void **state)
{
	struct t *t = *state;
	const struct stats_process *p;

	fork_full(t);
	snap(t);
	clean(t);
	assert_int_equal(t->s.nprocs, 4);
	assert_int_equal(t->s.procs[0].pid, 1);
	assert_int_equal(t->s.procs[1].pid, 2);
	assert_int_equal(t->s.procs[2].pid, 3);
	assert_int_equal(t->s.procs[3].pid, 4);
	sizes_are(proc(t, 1), 268, 257 * 2048 + 11 * 4096, 11, 257, 256, 10, 9);
	sizes_are(proc(t, 2), 262, 257 * 2048 + 5 * 4096, 5, 257, 256, 5, 7);
	sizes_are(proc(t, 3), 268, 257 * 2048 + 11 * 4096, 11, 257, 256, 10, 9);
	sizes_are(proc(t, 4), 0, 0, 0, 0, 0, 0, 0);
	p = proc(t, 3);
	assert_int_equal(p->ppid, 1);
	assert_int_equal(p->address_space, t->parent);
	assert_string_equal(p->comm, "vforked");
	assert_int_equal(proc(t, 4)->state, CV_PROC_ZOMBIE);
	assert_int_equal(proc(t, 4)->address_space, 0);
	assert_int_equal(t->s.shared_frames, 257);
	assert_int_equal(t->s.saved_bytes, 257 * KIB4);
	assert_int_equal(t->s.nhistogram, 2);
	assert_int_equal(t->s.histogram[0].mapcount, 1);
	assert_int_equal(t->s.histogram[0].frames, 16);
	assert_int_equal(t->s.histogram[1].mapcount, 2);
	assert_int_equal(t->s.histogram[1].frames, 257);
	assert_int_equal(t->s.kernel.forks, 3);
	assert_int_equal(t->s.kernel.cow_reuses, 2);
	assert_int_equal(t->s.frames_total, 4096);
	assert_int_equal(t->s.frames_free, 2048);
	assert_int_equal(t->s.frames_used, 2048);
	assert_string_equal(t->s.label, "after-fork");
	assert_int_equal(t->s.trigger, CV_SNAP_FORK);
	assert_int_equal(t->s.time_ns, 1234);
}

/* A vfork child shares its parent's space: mapcount 1, nothing shared. */
static void test_vfork_one_space(void **state)
{
	struct t *t = *state;

	t->parent = fx_pml4(t->f);
	fx_map_n(t->f, t->parent, 0x08048000, COW_PA, 20, PTE_P | PTE_U | PTE_W);
	fx_proc(t->f, 0, 1, 0, CV_PROC_SLEEPING, t->parent, "parent");
	fx_proc(t->f, 5, 2, 1, CV_PROC_RUNNING, t->parent | 0x18, "child");
	snap(t);
	clean(t);
	sizes_are(proc(t, 1), 20, 20 * 4096, 20, 0, 0, 20, 4);
	sizes_are(proc(t, 2), 20, 20 * 4096, 20, 0, 0, 20, 4);
	assert_int_equal(t->s.shared_frames, 0);
	assert_int_equal(t->s.saved_bytes, 0);
	assert_int_equal(t->s.nhistogram, 1);
	assert_int_equal(t->s.histogram[0].frames, 20);
}

/* A frame mapped twice in one space: 2 references, mapcount 1. */
static void test_double_mapping(void **state)
{
	struct t *t = *state;

	t->parent = fx_pml4(t->f);
	fx_map(t->f, t->parent, 0x1000, COW_PA, PTE_P | PTE_U | PTE_W);
	fx_map(t->f, t->parent, 0x2000, COW_PA, PTE_P | PTE_U | PTE_W);
	fx_proc(t->f, 0, 1, 0, CV_PROC_RUNNING, t->parent, "twice");
	assert_int_equal(fx_ref(t->f, COW_PA >> 12), 2);
	snap(t);
	clean(t);
	sizes_are(proc(t, 1), 2, 8192, 2, 0, 0, 2, 4);
	assert_int_equal(t->s.histogram[0].mapcount, 1);
	assert_int_equal(t->s.histogram[0].frames, 1);
}

/* PSS uses Linux's 12-bit fixed point: six pages shared by three give
 * 6 * ((4096 << 12) / 3) >> 12 = 8191 bytes each (exact: 8192; rounding
 * every page to whole bytes would give 6 * 1365 = 8190). */
static void test_pss_fixed_point(void **state)
{
	struct t *t = *state;
	uint64_t pml4[3];

	for (int i = 0; i < 3; i++) {
		pml4[i] = fx_pml4(t->f);
		fx_map_n(t->f, pml4[i], 0x1000, COW_PA, 6, PTE_P | PTE_U);
		fx_proc(t->f, (unsigned)i, (uint32_t)i + 1, 0, CV_PROC_RUNNING, pml4[i], "three");
	}
	snap(t);
	clean(t);
	assert_int_equal(proc(t, 1)->pss_bytes, 8191);
	assert_int_equal(proc(t, 3)->pss_bytes, 8191);
	assert_int_equal(t->s.saved_bytes, 6 * 2 * KIB4);
	assert_int_equal(t->s.histogram[0].mapcount, 3);
}

/* A wrong kernel count is reported with frame, guest and walked. */
static void test_audit_mismatch(void **state)
{
	struct t *t = *state;

	fork_full(t);
	fx_set_ref(t->f, (COW_PA >> 12) + 7, 3);
	fx_set_ref(t->f, PINNED_PFN + 9, 0);
	snap(t);
	assert_false(t->s.audit_ok);
	assert_int_equal(t->s.nerrors, 0);
	assert_int_equal(t->s.nmismatches, 2);
	assert_int_equal(t->s.mismatches[0].frame, (COW_PA >> 12) + 7);
	assert_int_equal(t->s.mismatches[0].guest, 3);
	assert_int_equal(t->s.mismatches[0].walked, 2);
	assert_int_equal(t->s.mismatches[1].frame, PINNED_PFN + 9);
	assert_int_equal(t->s.mismatches[1].guest, 0);
	assert_int_equal(t->s.mismatches[1].walked, 1);
	/* the sizes do not depend on the kernel's counts */
	sizes_are(proc(t, 2), 262, 257 * 2048 + 5 * 4096, 5, 257, 256, 5, 7);
}

/* On-demand fork: the parent's page table for the 2 MiB at COW_PA's
 * addresses, its 256 writable PTEs untouched, held read-only by the PDEs
 * of both spaces (refcount 2); the data frames keep one reference each.
 * Returns the table's physical address. */
static uint64_t fork_shared_table(struct t *t)
{
	uint64_t va = 0x400000, pd_p, pd_c, pt;

	t->parent = fx_pml4(t->f);
	t->child = fx_pml4(t->f);
	fx_map_n(t->f, t->parent, va, COW_PA, 256, PTE_P | PTE_W | PTE_U);
	pd_p = fx_next(t->f, fx_next(t->f, t->parent, 0), 0);
	pd_c = fx_next(t->f, fx_next(t->f, t->child, 0), 0);
	pt = fx_get64(t->f, pd_p, 2) & PTE_ADDR;
	fx_set64(t->f, pd_p, 2, pt | PTE_P | PTE_U); /* write bit cleared in both */
	fx_set64(t->f, pd_c, 2, pt | PTE_P | PTE_U);
	fx_set_ref(t->f, pt >> 12, 2);
	fx_proc(t->f, 0, 1, 0, CV_PROC_SLEEPING, t->parent, "parent");
	fx_proc(t->f, 1, 2, 1, CV_PROC_RUNNING, t->child, "child");
	return pt;
}

/* A table shared by two spaces: mapcount 2 for its frames, copy-on-write
 * pages in both, one shared table, and the audit counts the frames once
 * (one PTE each) and the table twice (two PDEs). */
static void test_shared_page_table(void **state)
{
	struct t *t = *state;

	fork_shared_table(t);
	snap(t);
	clean(t);
	assert_int_equal(t->s.shared_frames, 256);
	assert_int_equal(t->s.saved_bytes, 256 * KIB4);
	assert_int_equal(t->s.page_tables_shared, 1);
	sizes_are(proc(t, 1), 256, 256 * 2048, 0, 256, 256, 0, 4);
	sizes_are(proc(t, 2), 256, 256 * 2048, 0, 256, 256, 0, 4);
	assert_int_equal(proc(t, 1)->pt_shared, 1);
	assert_int_equal(proc(t, 2)->pt_shared, 1);
}

/* Wrong counts of a shared table and of a frame under it are both found. */
static void test_shared_page_table_audit(void **state)
{
	struct t *t = *state;
	uint64_t pt = fork_shared_table(t);

	fx_set_ref(t->f, pt >> 12, 1);
	fx_set_ref(t->f, (COW_PA >> 12) + 3, 2); /* as if counted per space */
	snap(t);
	assert_false(t->s.audit_ok);
	assert_int_equal(t->s.nmismatches, 2);
	assert_int_equal(t->s.mismatches[0].frame, pt >> 12);
	assert_int_equal(t->s.mismatches[0].guest, 1);
	assert_int_equal(t->s.mismatches[0].walked, 2);
	assert_int_equal(t->s.mismatches[1].frame, (COW_PA >> 12) + 3);
	assert_int_equal(t->s.mismatches[1].guest, 2);
	assert_int_equal(t->s.mismatches[1].walked, 1);
}

/* Beyond STATS_MAX_MISMATCHES, mismatches are counted, not listed. */
static void test_audit_many(void **state)
{
	struct t *t = *state;

	fork_basic(t);
	for (uint64_t i = 0; i < 100; i++)
		fx_set_ref(t->f, (COW_PA >> 12) + i, 1);
	snap(t);
	assert_false(t->s.audit_ok);
	assert_int_equal(t->s.nmismatches, STATS_MAX_MISMATCHES);
	assert_int_equal(t->s.mismatches_omitted, 100 - STATS_MAX_MISMATCHES);
}

/* Broken tables give errors and a failed audit, and the rest is still
 * measured. */
static void test_hostile_tables(void **state)
{
	struct t *t = *state;
	uint64_t pdpt;

	fork_basic(t);
	pdpt = fx_get64(t->f, t->parent, 0) & PTE_ADDR;
	fx_set64(t->f, pdpt, 7, t->parent | FX_TABLE_FLAGS);          /* a cycle */
	fx_set64(t->f, pdpt, 8, (64ull << 30) | PTE_P | PTE_PS | PTE_U); /* beyond RAM */
	fx_proc(t->f, 2, 3, 1, CV_PROC_RUNNING, 0x7ff000000ull, "lost");  /* root beyond RAM */
	snap(t);
	assert_false(t->s.audit_ok);
	assert_int_equal(t->s.nerrors, 3);
	assert_non_null(strstr(t->s.errors[0], "pid 1"));
	assert_non_null(strstr(t->s.errors[0], "cycle"));
	assert_non_null(strstr(t->s.errors[1], "outside guest RAM"));
	assert_non_null(strstr(t->s.errors[2], "pid 3"));
	assert_int_equal(t->s.nmismatches, 0);
	sizes_are(proc(t, 1), 256, 256 * 2048, 0, 256, 256, 0, 4);
	sizes_are(proc(t, 3), 0, 0, 0, 0, 0, 0, 0);
}

/* Error messages beyond STATS_MAX_ERRORS are counted. */
static void test_errors_capped(void **state)
{
	struct t *t = *state;

	t->parent = fx_pml4(t->f);
	t->f->track = false;
	fx_map_n(t->f, t->parent, 0x1000, FX_RAM_SIZE, 100, PTE_P | PTE_U);
	fx_proc(t->f, 0, 1, 0, CV_PROC_RUNNING, t->parent, "wild");
	snap(t);
	assert_false(t->s.audit_ok);
	assert_int_equal(t->s.nerrors, STATS_MAX_ERRORS);
	assert_int_equal(t->s.errors_omitted, 100 - STATS_MAX_ERRORS);
	assert_int_equal(proc(t, 1)->rss_pages, 0);
}

/* A frame in RAM but beyond the kernel's frame count is an error. */
static void test_frame_beyond_nframes(void **state)
{
	struct t *t = *state;

	fx_root(t->f)->nframes = 0x500;
	t->parent = fx_pml4(t->f);
	fx_map(t->f, t->parent, 0x1000, CHILD_PA, PTE_P | PTE_U);
	fx_map(t->f, t->parent, 0x2000, COW_PA, PTE_P | PTE_U);
	fx_proc(t->f, 0, 1, 0, CV_PROC_RUNNING, t->parent, "far");
	snap(t);
	assert_int_equal(t->s.nerrors, 1);
	assert_non_null(strstr(t->s.errors[0], "beyond the kernel's 1280 frames"));
	assert_false(t->s.audit_ok);
	assert_int_equal(proc(t, 1)->rss_pages, 1);
}

/* An unknown process state and impossible totals are errors. */
static void test_bad_fields(void **state)
{
	struct t *t = *state;
	struct cv_frame_totals tot = { 10, 11, 0 };

	fx_proc(t->f, 0, 1, 0, 9, 0, "odd");
	memcpy(t->f->gm.base + FX_TOTALS, &tot, sizeof(tot));
	snap(t);
	assert_int_equal(t->s.nerrors, 2);
	assert_non_null(strstr(t->s.errors[0], "11 free frames of 10"));
	assert_non_null(strstr(t->s.errors[1], "unknown state 9"));
	assert_int_equal(t->s.frames_used, 0);
	assert_string_equal(stats_state_name(proc(t, 1)->state), "unknown");
}

/* A full comm (16 bytes, no NUL) stays 16 bytes. */
static void test_comm_unterminated(void **state)
{
	struct t *t = *state;

	fx_proc(t->f, 0, 1, 0, CV_PROC_RUNNING, 0, "0123456789abcdefXYZ");
	snap(t);
	assert_string_equal(proc(t, 1)->comm, "0123456789abcdef");
}

/* Set the ABI of process slot i. */
static void set_abi(struct t *t, unsigned i, uint32_t abi)
{
	fx_kproc(t->f, i)->abi = abi;
}

/* x86-64 parent and child over the whole user half (256 PML4 slots): COW
 * pages above 4 GiB, private stacks at its top (0x7ffffffff000 the last
 * page), a kernel mapping in the upper half shared by both (ignored). */
static void fork_x86_64(struct t *t)
{
	uint64_t kpdpt = fx_table(t->f);

	fx_root(t->f)->user_pml4_slots = CV_USER_PML4_SLOTS_MAX;
	t->parent = fx_pml4(t->f);
	t->child = fx_pml4(t->f);
	fx_map_n(t->f, t->parent, 0x555555554000ull, COW_PA, 4, PTE_P | PTE_U | PTE_COW);
	fx_map_n(t->f, t->child, 0x555555554000ull, COW_PA, 4, PTE_P | PTE_U | PTE_COW);
	fx_map_n(t->f, t->parent, 0x100000000ull, COW_PA + 4 * KIB4, 2, PTE_P | PTE_U | PTE_COW);
	fx_map_n(t->f, t->child, 0x100000000ull, COW_PA + 4 * KIB4, 2, PTE_P | PTE_U | PTE_COW);
	fx_map_n(t->f, t->parent, 0x7fffffffc000ull, PARENT_PA, 4, PTE_P | PTE_U | PTE_W);
	fx_map_n(t->f, t->child, 0x7fffffffe000ull, CHILD_PA, 2, PTE_P | PTE_U | PTE_W);
	fx_set64(t->f, kpdpt, 0, 0x200000 | PTE_P | PTE_W | PTE_PS); /* a 1 GiB kernel page */
	fx_set64(t->f, t->parent, 256, kpdpt | PTE_P | PTE_W);
	fx_set64(t->f, t->child, 256, kpdpt | PTE_P | PTE_W);
	fx_proc(t->f, 0, 1, 0, CV_PROC_SLEEPING, t->parent, "parent64");
	fx_proc(t->f, 1, 2, 1, CV_PROC_RUNNING, t->child, "child64");
	set_abi(t, 0, CV_ABI_X86_64);
	set_abi(t, 1, CV_ABI_X86_64);
}

/* Every figure of the x86-64 scenario: the pages above 4 GiB and at the
 * top of user space are counted, shared and audited like any other. */
static void test_x86_64_user_half(void **state)
{
	struct t *t = *state;
	const struct stats_process *p, *c;
	char err[256];

	fork_x86_64(t);
	assert_int_equal(introspect_open(&t->v, &t->f->gm, FX_ROOT_VADDR, err, sizeof(err)), 0);
	assert_int_equal(stats_snapshot_take_opt(&t->s, &t->v, CV_SNAP_FORK, "x", 1, true, err,
						 sizeof(err)), 0);
	clean(t);
	p = proc(t, 1);
	c = proc(t, 2);
	/* tables: PML4; slot 0 (4 GiB): PDPT PD PT; slot 170: PDPT PD PT; slot 255: PDPT PD PT */
	sizes_are(p, 10, 6 * 2048 + 4 * KIB4, 4, 6, 6, 4, 10);
	sizes_are(c, 8, 6 * 2048 + 2 * KIB4, 2, 6, 6, 2, 10);
	assert_int_equal(t->s.shared_frames, 6);
	assert_int_equal(t->s.saved_bytes, 6 * KIB4);
	assert_string_equal(stats_abi_name(p->abi), "x86_64");
	/* page runs in address order, the last one ending at 2^47 - 4096 */
	assert_int_equal(p->pages.pages, 10);
	assert_int_equal(p->pages.n, 3);
	assert_int_equal(p->pages.r[0].va, 0x100000000ull);
	assert_int_equal(p->pages.r[1].va, 0x555555554000ull);
	assert_int_equal(p->pages.r[2].va, 0x7fffffffc000ull);
	assert_int_equal(p->pages.r[2].va + p->pages.r[2].n * KIB4, 0x800000000000ull);
	assert_int_equal(c->pages.r[2].va, 0x7fffffffe000ull);
	assert_int_equal(c->pages.r[2].n, 2);
}

/* A process's ABI goes to the JSON; an unknown one is an error. */
static void test_abi_json(void **state)
{
	struct t *t = *state;
	char *doc = NULL;
	size_t len = 0;
	FILE *out;

	fork_basic(t);
	set_abi(t, 1, CV_ABI_X86_64);
	snap(t);
	clean(t);
	out = open_memstream(&doc, &len);
	report_json_snapshot(out, &t->s, true);
	fclose(out);
	assert_non_null(strstr(doc, "\"comm\": \"parent\""));
	assert_non_null(strstr(strstr(doc, "\"comm\": \"parent\""), "\"abi\": \"i386\""));
	assert_non_null(strstr(strstr(doc, "\"comm\": \"child\""), "\"abi\": \"x86_64\""));
	free(doc);
	set_abi(t, 1, 7);
	snap(t);
	assert_int_equal(t->s.nerrors, 1);
	assert_non_null(strstr(t->s.errors[0], "process 2 has unknown ABI 7"));
	assert_string_equal(stats_abi_name(proc(t, 2)->abi), "unknown");
}

/* Seconds on the monotonic clock. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* 64 processes sharing 64 MiB: exact figures, well under a second. */
static void test_sixty_four_sharers(void **state)
{
	struct t *t = *state;
	uint64_t ram = 128ull << 20, pages = (64ull << 20) / 4096, data = 16ull << 20;
	double t0, dt;
	char err[256];

	fx_free(t->f);
	t->f = fx_new(ram);
	assert_non_null(t->f);
	fx_kernel(t->f, ram / 4096);
	for (unsigned i = 0; i < 64; i++) {
		uint64_t pml4 = fx_pml4(t->f);

		fx_map_n(t->f, pml4, 0x08000000, data, pages, PTE_P | PTE_U | PTE_COW);
		fx_root(t->f)->nprocs = 64;
		fx_proc(t->f, i, i + 1, 1, CV_PROC_SLEEPING, pml4, "sharer");
	}
	assert_int_equal(introspect_open(&t->v, &t->f->gm, FX_ROOT_VADDR, err, sizeof(err)), 0);
	t0 = now();
	assert_int_equal(stats_snapshot_take(&t->s, &t->v, CV_SNAP_SAMPLE, "", 0, err,
					     sizeof(err)), 0);
	dt = now() - t0;
	print_message("64 x 64 MiB: %.3f s\n", dt);
	clean(t);
	assert_int_equal(t->s.nprocs, 64);
	sizes_are(proc(t, 64), pages, pages * 4096 / 64, 0, pages, pages, 0, 3 + pages / 512);
	assert_int_equal(t->s.saved_bytes, pages * 63 * 4096);
	assert_int_equal(t->s.histogram[0].mapcount, 64);
	/* How fast is for make bench to say, not for a test to assert. */
}

/* A run numbers its snapshots from 0 and keeps only the latest. */
static void test_run(void **state)
{
	struct t *t = *state;
	struct stats_run run;
	char err[256];

	fork_basic(t);
	assert_int_equal(introspect_open(&t->v, &t->f->gm, FX_ROOT_VADDR, err, sizeof(err)), 0);
	stats_run_init(&run);
	assert_null(stats_run_last(&run));
	for (int i = 0; i < 20; i++)
		assert_int_equal(stats_run_take(&run, &t->v, CV_SNAP_SAMPLE, "s", (uint64_t)i, err,
						sizeof(err)), i);
	assert_int_equal(run.n, 20);
	assert_int_equal(stats_run_last(&run)->seq, 19);
	assert_int_equal(stats_run_last(&run)->time_ns, 19);
	assert_string_equal(stats_run_last(&run)->label, "s");
	assert_int_equal(stats_run_take(&run, &t->v, CV_SNAP_FINAL, "end", 99, err, sizeof(err)),
			 20);
	assert_ptr_equal(stats_run_last(&run), &run.last);
	assert_string_equal(run.last.label, "end");
	assert_int_equal(run.last.trigger, CV_SNAP_FINAL);
	stats_run_free(&run);
	assert_int_equal(run.n, 0);
}

/* Names of states and triggers, as the JSON schema spells them. */
static void test_names(void **state)
{
	const char *want[] = { "guest", "fork", "vfork", "exec", "exit", "sample", "final" };

	(void)state;
	for (int i = 0; i <= CV_SNAP_FINAL; i++)
		assert_string_equal(stats_trigger_name((enum cv_snapshot_trigger)i), want[i]);
	assert_string_equal(stats_trigger_name((enum cv_snapshot_trigger)42), "unknown");
	assert_string_equal(stats_state_name(CV_PROC_RUNNING), "running");
	assert_string_equal(stats_state_name(CV_PROC_SLEEPING), "sleeping");
	assert_string_equal(stats_state_name(CV_PROC_ZOMBIE), "zombie");
	assert_string_equal(stats_state_name(CV_PROC_FREE), "unknown");
	assert_string_equal(stats_abi_name(CV_ABI_I386), "i386");
	assert_string_equal(stats_abi_name(CV_ABI_X86_64), "x86_64");
	assert_string_equal(stats_abi_name(CV_ABI_COUNT), "unknown");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_fork_basic),
		T(test_fork_full),
		T(test_vfork_one_space),
		T(test_double_mapping),
		T(test_pss_fixed_point),
		T(test_audit_mismatch),
		T(test_audit_many),
		T(test_shared_page_table),
		T(test_shared_page_table_audit),
		T(test_hostile_tables),
		T(test_errors_capped),
		T(test_frame_beyond_nframes),
		T(test_bad_fields),
		T(test_comm_unterminated),
		T(test_x86_64_user_half),
		T(test_abi_json),
		T(test_sixty_four_sharers),
		T(test_run),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("inspect_stats", tests, NULL, NULL);
}
