/* Helpers for the inspector tests: guest RAM in a host buffer, page
 * tables built by hand, and a synthetic guest kernel (cv_introspect,
 * process table, counters, totals, refcounts) that keeps reference counts
 * the way the real kernel does. Include after <cmocka.h>. */
#ifndef TEST_INSPECT_FIXTURE_H
#define TEST_INSPECT_FIXTURE_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../../shared/introspect.h"
#include "../../shared/layout.h"
#include "../../shared/pte.h"
#include "../../vmm/guestmem.h"
#include "test_kproc.h"

#define FX_RAM_SIZE   (16ull << 20)
#define FX_ROOT       0x10000ull   /* struct cv_introspect */
#define FX_PROCS      0x11000ull   /* struct fx_kproc[FX_NPROCS] (room for 64) */
#define FX_COUNTERS   0x12000ull
#define FX_TOTALS     0x12100ull
#define FX_PROC_LAYOUT 0x12200ull  /* struct cv_proc_layout */
#define FX_PARENTS    0x13000ull   /* struct fx_kproc[64]: slot i's parent (just its pid) */
#define FX_REFCOUNTS  0x20000ull   /* uint32_t per frame */
#define FX_TABLES     0x100000ull  /* page tables are carved from here */
#define FX_NPROCS     8
#define FX_TABLE_FLAGS (PTE_P | PTE_W | PTE_U)

/* Guest RAM plus a bump allocator for table frames. */
struct fx {
	struct guest_mem gm;
	uint64_t next_table;
	bool track;        /* keep the refcount array like the kernel */
};

/* Guest RAM of size bytes, zeroed; mmap'd so a large one costs nothing. */
static inline struct fx *fx_new(uint64_t size)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return NULL;
	f->gm.base = mmap(NULL, size, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (f->gm.base == MAP_FAILED) {
		free(f);
		return NULL;
	}
	f->gm.size = size;
	f->next_table = FX_TABLES;
	return f;
}

/* Release guest RAM. */
static inline void fx_free(struct fx *f)
{
	munmap(f->gm.base, f->gm.size);
	free(f);
}

/* The fixture whose guest RAM gm is (a cmocka state of fx_state_new). */
static inline struct fx *fx_of(struct guest_mem *gm)
{
	return (struct fx *)((char *)gm - offsetof(struct fx, gm));
}

/* cmocka setup: zeroed guest RAM of size bytes, *state its struct
 * guest_mem; 0, or -1 when it cannot be had. */
static inline int fx_state_new(void **state, uint64_t size)
{
	struct fx *f = fx_new(size);

	if (f == NULL)
		return -1;
	*state = &f->gm;
	return 0;
}

/* cmocka teardown of fx_state_new. */
static inline int fx_state_free(void **state)
{
	fx_free(fx_of(*state));
	return 0;
}

/* A zeroed frame for a table. */
static inline uint64_t fx_table(struct fx *f)
{
	uint64_t t = f->next_table;

	f->next_table += 4096;
	memset(f->gm.base + t, 0, 4096);
	return t;
}

/* Read a 64-bit table entry. */
static inline uint64_t fx_get64(struct fx *f, uint64_t table, unsigned idx)
{
	uint64_t e = 0;

	memcpy(&e, f->gm.base + table + idx * 8ull, 8);
	return e;
}

/* Write a 64-bit table entry. */
static inline void fx_set64(struct fx *f, uint64_t table, unsigned idx, uint64_t e)
{
	memcpy(f->gm.base + table + idx * 8ull, &e, 8);
}

/* Write a 32-bit (legacy) table entry. */
static inline void fx_set32(struct fx *f, uint64_t table, unsigned idx, uint32_t e)
{
	memcpy(f->gm.base + table + idx * 4ull, &e, 4);
}

/* The kernel's reference count of frame pfn (the synthetic array). */
static inline uint32_t fx_ref(struct fx *f, uint64_t pfn)
{
	uint32_t c;

	memcpy(&c, f->gm.base + FX_REFCOUNTS + pfn * 4, 4);
	return c;
}

/* Set the kernel's reference count of frame pfn. */
static inline void fx_set_ref(struct fx *f, uint64_t pfn, uint32_t c)
{
	memcpy(f->gm.base + FX_REFCOUNTS + pfn * 4, &c, 4);
}

/* The table below entry idx of table, created (P|W|U) when absent. */
static inline uint64_t fx_next(struct fx *f, uint64_t table, unsigned idx)
{
	uint64_t e = fx_get64(f, table, idx);

	if (!(e & PTE_P)) {
		e = fx_table(f) | FX_TABLE_FLAGS;
		fx_set64(f, table, idx, e);
		if (f->track)
			fx_set_ref(f, (e & PTE_ADDR) >> 12, 1);
	}
	return e & PTE_ADDR;
}

/* A new, empty PML4 (its frame counted once, like any kernel frame). */
static inline uint64_t fx_pml4(struct fx *f)
{
	uint64_t t = fx_table(f);

	if (f->track)
		fx_set_ref(f, t >> 12, 1);
	return t;
}

/* Map the 4 KiB page va to pa in the 4-level tables at pml4; flags must
 * include PTE_P. With tracking, the frame gains a reference. */
static inline void fx_map(struct fx *f, uint64_t pml4, uint64_t va, uint64_t pa, uint64_t flags)
{
	uint64_t t = fx_next(f, pml4, (va >> 39) & 511);

	t = fx_next(f, t, (va >> 30) & 511);
	t = fx_next(f, t, (va >> 21) & 511);
	fx_set64(f, t, (va >> 12) & 511, pa | flags);
	if (f->track)
		fx_set_ref(f, pa >> 12, fx_ref(f, pa >> 12) + 1);
}

/* Map n consecutive pages from va to consecutive frames from pa. */
static inline void fx_map_n(struct fx *f, uint64_t pml4, uint64_t va, uint64_t pa, uint64_t n,
			    uint64_t flags)
{
	for (uint64_t i = 0; i < n; i++)
		fx_map(f, pml4, va + i * 4096, pa + i * 4096, flags);
}

/* Write the root, an empty process table, counters and totals for a
 * kernel with nframes frames; tracking starts. */
static inline void fx_kernel(struct fx *f, uint64_t nframes)
{
	struct cv_introspect r = {
		.magic = CV_INTROSPECT_MAGIC, .version = CV_INTROSPECT_VERSION,
		.proc_layout_size = sizeof(struct cv_proc_layout), .nprocs = FX_NPROCS,
		.proc_layout = FX_PROC_LAYOUT, .counters = FX_COUNTERS, .totals = FX_TOTALS,
		.refcounts = FX_REFCOUNTS, .nframes = nframes,
		.pinned_start = 0, .pinned_end = 0, .pinned_extra = UINT64_MAX,
		.user_pml4_slots = 1,
	};
	struct cv_proc_layout l = fx_kproc_layout(FX_PROCS);
	struct cv_frame_totals t = { nframes, nframes / 2, 1 };

	memcpy(f->gm.base + FX_ROOT, &r, sizeof(r));
	memcpy(f->gm.base + FX_PROC_LAYOUT, &l, sizeof(l));
	memcpy(f->gm.base + FX_TOTALS, &t, sizeof(t));
	f->track = true;
}

/* The root in guest RAM, to adjust. */
static inline struct cv_introspect *fx_root(struct fx *f)
{
	return (struct cv_introspect *)(f->gm.base + FX_ROOT);
}

/* The process layout in guest RAM, to adjust. */
static inline struct cv_proc_layout *fx_proc_layout(struct fx *f)
{
	return (struct cv_proc_layout *)(f->gm.base + FX_PROC_LAYOUT);
}

/* Process slot i's record in guest RAM. */
static inline struct fx_kproc *fx_kproc(struct fx *f, unsigned i)
{
	return (struct fx_kproc *)(f->gm.base + FX_PROCS) + i;
}

/* Fill process slot i (i < 64): its parent a record of its own holding
 * ppid (none for 0), its address space one with PML4 cr3 (none for 0). */
static inline void fx_proc(struct fx *f, unsigned i, uint32_t pid, uint32_t ppid, uint32_t state,
			   uint64_t cr3, const char *comm)
{
	uint64_t parent = FX_PARENTS + i * sizeof(struct fx_kproc);
	struct fx_kproc pp = { .pid = (int32_t)ppid };

	*fx_kproc(f, i) = fx_kproc_make(pid, state, cr3, comm, FX_PROCS + i * sizeof(pp),
					ppid ? parent : 0);
	memcpy(f->gm.base + parent, &pp, sizeof(pp));
}

/* The kernel virtual address of the root, as kernel.elf would give it. */
#define FX_ROOT_VADDR (CV_DIRECT_MAP_BASE + FX_ROOT)

#endif
