/* User address spaces: VMAs, page tables, demand paging, copy-on-write. */
#include "vm.h"

#include "../arch/layout.h"
#include "../arch/x86.h"
#include "../core/counters.h"
#include "../core/limits.h"
#include "../lib/errno.h"
#include "../lib/string.h"
#include "frame.h"
#include "kpt.h"
#include "pt_map.h"
#include "pt_share.h"
#include "shared_anon.h"

#define IDX(va, shift) (((uint64_t)(va) >> (shift)) & 511)
#define TABLE_FLAGS (PTE_P | PTE_W | PTE_U)
#define VMA(mm, i) (&(mm)->vmas.v[i])

static struct mm mm_table[NPROC];
static uint64_t pte_nx; /* PTE_NX when the CPU enforces it, else 0 */

uaddr_t vm_active_end = USER32_END;

/* Give mm the limits of abi. */
static void set_limits(struct mm *mm, enum cv_abi abi)
{
	bool wide = abi == CV_ABI_X86_64;

	mm->user_end = wide ? USER64_END : USER32_END;
	mm->mmap_top = wide ? USER64_MMAP_TOP : USER32_MMAP_TOP;
	mm->stack_top = wide ? USER64_STACK_TOP : USER32_STACK_TOP;
}

struct mm *vm_create(enum cv_abi abi)
{
	struct mm *mm = 0;
	uint64_t *pml4;

	for (int i = 0; i < NPROC && !mm; i++)
		if (mm_table[i].users == 0)
			mm = &mm_table[i];
	if (mm == 0 || (mm->pml4 = frame_alloc_zeroed()) == 0)
		return 0;
	pml4 = P2V(mm->pml4);
	pml4[IDX(CV_DIRECT_MAP_BASE, 39)] =
		((uint64_t *)P2V(kpt_root()))[IDX(CV_DIRECT_MAP_BASE, 39)];
	mm->users = 1;
	vmarr_init(&mm->vmas, (int)(mm - mm_table));
	mm->brk_start = mm->brk = 0;
	mm->auxv = mm->auxv_bytes = 0;
	mm->vdso = 0;
	set_limits(mm, abi);
	mm->free_top = mm->mmap_top;
	mm->free_hole = 0;
	mm->pt_pages = 0;
	mm->fork_advised = false;
	mm->high.n = 0;
	mm->high.full = false;
	memset(mm->low_pd, 0, sizeof(mm->low_pd));
	memset(mm->pt_map, 0, sizeof(mm->pt_map));
	if (pte_nx == 0 && (rdmsr(MSR_EFER) & EFER_NXE))
		pte_nx = PTE_NX;
	return mm;
}

const struct mm *vm_mm_table(void)
{
	return mm_table;
}

void vm_activate(struct mm *mm)
{
	vm_active_end = mm ? mm->user_end : 0;
	write_cr3(mm ? mm->pml4 : kpt_root());
}

/* A new empty table under the absent entry e; NULL when out of frames. */
static __attribute__((noinline)) uint64_t *new_table(struct mm *mm, uint64_t *e)
{
	uint64_t pa = frame_alloc_zeroed();

	if (pa == 0)
		return 0;
	mm->pt_pages++;
	*e = pa | TABLE_FLAGS;
	return P2V(pa);
}

/* The table below entry e, creating it when create is set; NULL if absent
 * or out of frames. */
static inline __attribute__((always_inline)) uint64_t *next_table(struct mm *mm, uint64_t *e, bool create)
{
	if (*e & PTE_P)
		return P2V(*e & PTE_ADDR);
	return create ? new_table(mm, e) : 0; /* the rare case out of line */
}

/* How walk() treats the page table it reaches. */
enum walk_how {
	WALK_OWN = 1,    /* to change a PTE: make the table mm's own (pt_own) */
	WALK_CREATE = 3, /* the same, creating missing tables on the way */
};

/* The PDE for va in the page directory pd, which mm now has. */
static inline __attribute__((always_inline)) uint64_t *pde_in(struct mm *mm, uint64_t *pd, uaddr_t va)
{
	if (va < 1ull << 32)
		mm->low_pd[va >> 30] = pd;
	return &pd[IDX(va, 21)];
}

/* pde_of's path that creates missing directories (out of line: rare). A
 * directory above 4 GiB is listed in mm->high first, so that exit finds
 * it (a full list: exit walks instead). */
static __attribute__((noinline)) uint64_t *pde_create(struct mm *mm, uaddr_t va)
{
	uint64_t *t = P2V(mm->pml4);

	if (va >> 32)
		(void)pt_high_map(&mm->high, va >> 30, true);
	if (!(t = next_table(mm, &t[IDX(va, 39)], true)) || !(t = next_table(mm, &t[IDX(va, 30)], true)))
		return 0;
	return pde_in(mm, t, va);
}

/* The PDE for va, creating the directories above it when create is set;
 * NULL if absent or out of frames. */
static inline __attribute__((always_inline)) uint64_t *pde_of(struct mm *mm, uaddr_t va, bool create)
{
	uint64_t e;

	if (va < 1ull << 32 && mm->low_pd[va >> 30])
		return &mm->low_pd[va >> 30][IDX(va, 21)];
	if (va >= (uint64_t)USER_PML4_SLOTS << 39)
		return 0;
	e = ((uint64_t *)P2V(mm->pml4))[IDX(va, 39)];
	if ((e & PTE_P) && ((e = ((uint64_t *)P2V(e & PTE_ADDR))[IDX(va, 30)]) & PTE_P))
		return pde_in(mm, P2V(e & PTE_ADDR), va);
	return create ? pde_create(mm, va) : 0;
}

/* Record that mm has a new page table for the 2 MiB at va (the maps that
 * free it at the end). */
static void note_table(struct mm *mm, uaddr_t va)
{
	uint64_t *map;

	if (!(va >> 32))
		pt_map_set(mm->pt_map, (unsigned)(va >> 21));
	else if ((map = pt_high_map(&mm->high, va >> 30, false))) /* listed by pde_create */
		pt_map_set(map, (unsigned)IDX(va, 21));
	/* else the list is full: exit walks the directories */
}

/* The entries of the page table for the 2 MiB at va that may be present:
 * [*first, *end), from the spans of the VMAs there. */
static void table_span(struct mm *mm, uaddr_t va, unsigned *first, unsigned *end)
{
	uaddr_t slot = va & ~(uaddr_t)0x1fffff, lo = slot + 0x200000, hi = slot;

	for (int i = vmarr_first_end_above(&mm->vmas, slot);
	     i < mm->vmas.n && mm->vmas.v[i].start < slot + 0x200000; i++) {
		const struct vma *v = &mm->vmas.v[i];
		if (v->hi == 0)
			continue;
		if (v->lo < lo)
			lo = v->lo;
		if (v->hi > hi)
			hi = v->hi;
	}
	*first = lo <= slot ? 0 : lo >= slot + 0x200000 ? 512 : (unsigned)IDX(lo, 12);
	*end = hi >= slot + 0x200000 ? 512 : hi > slot ? (unsigned)IDX(hi, 12) : 0;
	if (*first > *end) /* no VMA has pages here */
		*first = *end;
}

/* own_table's work for a shared table (out of line: once per table). */
static __attribute__((noinline)) int own_shared_table(struct mm *mm, uint64_t *pde, uaddr_t va)
{
	unsigned first = 0, end = 0;

	if (frame_refs[frame_index_fast(*pde)] > 1) /* a copy: only the entries that may be present */
		table_span(mm, va, &first, &end);
	return pt_own(mm, pde, va, first, end);
}

/* Make the page table under *pde (for va) mm's own (pt_own), looking only
 * at the entries the VMAs there may have present. */
static inline int own_table(struct mm *mm, uint64_t *pde, uaddr_t va)
{
	return pt_is_shared(*pde) ? own_shared_table(mm, pde, va) : 0;
}

/* The PTE for va, or NULL; how says whether the table is to be changed
 * (then it is mm's own first) and whether missing tables are created. */
static inline __attribute__((always_inline)) uint64_t *walk(struct mm *mm, uaddr_t va, enum walk_how how)
{
	bool create = how == WALK_CREATE;
	uint64_t *pde = pde_of(mm, va, create), *t;
	bool fresh;

	if (pde == 0)
		return 0;
	fresh = !(*pde & PTE_P);
	if ((how & WALK_OWN) && own_table(mm, pde, va) != 0)
		return 0;
	if (!(t = next_table(mm, pde, create)))
		return 0;
	if (fresh && create)
		note_table(mm, va); /* only once it exists: exit drops what the maps say */
	return &t[IDX(va, 12)];
}

/* The PTE for va when every table on the way is there and its PDE has
 * the bits pde_bits (PTE_P: for reading, a shared table is fine; PTE_P |
 * PTE_W: the table is mm's own), else NULL: straight down without a call. */
static inline uint64_t *pte_in_table(const struct mm *mm, uaddr_t va, uint64_t pde_bits)
{
	uint64_t e, *pd = va < 1ull << 32 ? mm->low_pd[va >> 30] : 0;

	if (pd) /* below 4 GiB: the directory known */
		return ((e = pd[IDX(va, 21)]) & pde_bits) == pde_bits ? &((uint64_t *)P2V(e & PTE_ADDR))[IDX(va, 12)] : 0;
	if (va < (uint64_t)USER_PML4_SLOTS << 39 && ((e = ((uint64_t *)P2V(mm->pml4))[IDX(va, 39)]) & PTE_P) &&
	    ((e = ((uint64_t *)P2V(e & PTE_ADDR))[IDX(va, 30)]) & PTE_P) &&
	    ((e = ((uint64_t *)P2V(e & PTE_ADDR))[IDX(va, 21)]) & pde_bits) == pde_bits)
		return &((uint64_t *)P2V(e & PTE_ADDR))[IDX(va, 12)];
	return 0;
}

/* pte_in_table for reading. */
static inline uint64_t *pte_if_tables(const struct mm *mm, uaddr_t va)
{
	return pte_in_table(mm, va, PTE_P);
}

/* Note that va's page of v may now be present. */
static void vma_touch(struct vma *v, uaddr_t va)
{
	uaddr_t page = va & ~(uaddr_t)(PAGE_SIZE - 1);

	if (v->hi == 0) {
		v->lo = page;
		v->hi = page + PAGE_SIZE;
	} else if (page < v->lo) {
		v->lo = page;
	} else if (page >= v->hi) {
		v->hi = page + PAGE_SIZE;
	}
}

/* The part of [start, end) where v may have present pages, in *s, *e;
 * false when there is none. */
static bool vma_span(const struct vma *v, uaddr_t start, uaddr_t end, uaddr_t *s, uaddr_t *e)
{
	*s = start > v->lo ? start : v->lo;
	*e = end < v->hi ? end : v->hi;
	return v->hi != 0 && *s < *e;
}

uint64_t *vm_pte(struct mm *mm, uaddr_t va)
{
	return pte_if_tables(mm, va);
}

/* Forget a translation if mm is the active address space. */
static void flush(struct mm *mm, uaddr_t va)
{
	if (read_cr3() == mm->pml4)
		invlpg(va);
}

/* How each_present treats shared page tables. */
enum each_how {
	EACH_READ,     /* fn only reads */
	EACH_OWN,      /* fn changes PTEs: each table is made mm's own first */
};

/* The PDE for va through *pd, mm's page directory for va's GiB, which is
 * looked up (created with create) when NULL or at a GiB boundary: for
 * loops going up 2 MiB at a time. NULL when there is none. */
static inline __attribute__((always_inline)) uint64_t *pde_next(struct mm *mm, uaddr_t va, uint64_t **pd, bool create)
{
	if (*pd == 0 || IDX(va, 21) == 0) {
		uint64_t *pde = pde_of(mm, va, create);
		*pd = pde ? pde - IDX(va, 21) : 0;
	}
	return *pd ? &(*pd)[IDX(va, 21)] : 0;
}

/* The PTE for va (its PDE pde, may be NULL) as each_present's how wants
 * it; NULL to skip its 2 MiB. */
static uint64_t *each_walk(struct mm *mm, uint64_t *pde, uaddr_t va, enum each_how how)
{
	if (pde == 0 || !(*pde & PTE_P))
		return 0;
	if (how == EACH_OWN && own_table(mm, pde, va) != 0)
		return 0;
	return (uint64_t *)P2V(*pde & PTE_ADDR) + IDX(va, 12);
}

/* Call fn for every present PTE in [start, end), skipping 2 MiB at a time
 * where there is no page table. Stops at fn's first non-zero return. */
static int each_present(struct mm *mm, uaddr_t start, uaddr_t end, enum each_how how,
			int (*fn)(struct mm *mm, uint64_t *pte, uaddr_t va, void *ctx), void *ctx)
{
	uint64_t va = start, *pd = 0;

	while (va < end) {
		uint64_t *pte = each_walk(mm, pde_next(mm, va, &pd, false), va, how);
		int rc;
		if (pte == 0) {
			va = (va | 0x1fffff) + 1;
			continue;
		}
		for (; va < end; va += PAGE_SIZE, pte++) {
			if ((*pte & PTE_P) && (rc = fn(mm, pte, va, ctx)))
				return rc;
			if (((va + PAGE_SIZE) & 0x1fffff) == 0) {
				va += PAGE_SIZE;
				break; /* end of this page table */
			}
		}
	}
	return 0;
}

/* Drop one page's mapping. */
static int unmap_one(struct mm *mm, uint64_t *pte, uaddr_t va, void *ctx)
{
	(void)ctx;
	frame_put(*pte & PTE_ADDR);
	*pte = 0;
	flush(mm, va);
	return 0;
}

/* Unmap every present page of v in [start, end), dropping frame
 * references (each table made mm's own first). */
static void unmap_in(struct mm *mm, struct vma *v, uaddr_t start, uaddr_t end)
{
	uaddr_t s, e;

	if (vma_span(v, start, end, &s, &e))
		each_present(mm, s, e, EACH_OWN, unmap_one, 0);
}

/* drop_one's case of the last holder: the table pa's entries (those
 * the VMAs may have present) lose their frame references, the table is
 * freed. */
static __attribute__((noinline)) void free_last_table(struct mm *mm, uint64_t pa, uaddr_t va)
{
	uint64_t *pt = P2V(pa);
	unsigned first, end;

	table_span(mm, va, &first, &end);
#pragma GCC unroll 4 /* a loop step per 4 entries */
	for (unsigned i = first; i < end; i++) {
		if (!(pt[i] & PTE_P))
			continue;
		frame_put_fast(pt[i] & PTE_ADDR);
	}
	frame_put_fast(pa); /* its entries stay: freeing drops kvm-pvm's shadows of it (frame.c) */
}

/* mm is going away: drop its hold on the page table under PDE *e, for
 * the 2 MiB at va (refs_base: frame_refs). A table others still hold
 * keeps its entries (they are theirs); its last holder drops the frame
 * references of the entries its VMAs may have present, and the table is
 * freed. */
static inline __attribute__((always_inline)) void drop_one(struct mm *mm, uint32_t *refs_base, const uint64_t *e,
							 uaddr_t va)
{
	uint32_t f = frame_index_fast(*e);

	if (__builtin_expect(--refs_base[f] != 0, 1))
		return; /* another address space holds it: the common case after fork */
	refs_base[f] = 1; /* ours was the last: free_last_table drops it */
	free_last_table(mm, *e & PTE_ADDR, va);
}

/* Drop mm's holds on the page tables of one 64-slot word of its table
 * map: bits set for the PDEs pd[0..63], the first for the 2 MiB at va. */
static inline __attribute__((always_inline)) void drop_tables(struct mm *mm, const uint64_t *pd, uint64_t bits,
								uaddr_t va)
{
	uint32_t *refs_base = frame_refs; /* once: the stores below cannot move it */

	if (bits == ~0ull) { /* 128 MiB of tables (a large mapping): no bit scan */
		for (const uint64_t *e = pd; e < pd + 64; e++)
			drop_one(mm, refs_base, e, va + ((uaddr_t)(e - pd) << 21));
		return;
	}
	for (; bits; bits &= bits - 1) {
		unsigned i = (unsigned)__builtin_ctzll(bits);
		drop_one(mm, refs_base, &pd[i], va + ((uaddr_t)i << 21));
	}
}

/* Free the page tables (and directories) mapping above 4 GiB by a walk
 * of the directories: when mm->high could not list them all. */
static void free_high_tables(struct mm *mm)
{
	uint64_t *pml4 = P2V(mm->pml4);

	for (int i = 0; i < USER_PML4_SLOTS; i++) {
		uint64_t *pdpt;
		if (!(pml4[i] & PTE_P))
			continue;
		pdpt = P2V(pml4[i] & PTE_ADDR);
		for (int j = i == 0 ? 4 : 0; j < 512; j++) { /* slot 0's low 4 GiB: pt_map */
			uint64_t *pd;
			if (!(pdpt[j] & PTE_P))
				continue;
			pd = P2V(pdpt[j] & PTE_ADDR);
			for (int k = 0; k < 512; k++)
				if (pd[k] & PTE_P)
					drop_one(mm, frame_refs, &pd[k], (uaddr_t)i << 39 | (uaddr_t)j << 30 | (uaddr_t)k << 21);
			frame_put(pdpt[j] & PTE_ADDR);
			pdpt[j] = 0;
		}
		if (i != 0) {
			frame_put(pml4[i] & PTE_ADDR);
			pml4[i] = 0;
		}
	}
}

/* Free the page tables and directories above 4 GiB that mm->high lists
 * (all there are, when the list is not full). */
static void free_high_listed(struct mm *mm)
{
	uint64_t *pml4 = P2V(mm->pml4);

	for (unsigned k = 0; k < mm->high.n; k++) {
		const struct pt_high_dir *d = &mm->high.pd[k];
		uint64_t l4 = pml4[d->gib >> 9], *pdpte, *pd;
		if (!(l4 & PTE_P) || !(*(pdpte = (uint64_t *)P2V(l4 & PTE_ADDR) + (d->gib & 511)) & PTE_P))
			continue; /* listed before a creation that failed */
		pd = P2V(*pdpte & PTE_ADDR);
		for (unsigned w = 0; w < 512 / 64; w++)
			if (d->map[w])
				drop_tables(mm, pd + w * 64, d->map[w], (uaddr_t)d->gib << 30 | (uaddr_t)w << 27);
		frame_put(*pdpte & PTE_ADDR);
		*pdpte = 0;
	}
	for (unsigned k = 0; k < mm->high.n; k++) { /* then their PDPTs (slot 0's: free_tables) */
		uint64_t i = mm->high.pd[k].gib >> 9;
		if (i != 0 && (pml4[i] & PTE_P)) {
			frame_put(pml4[i] & PTE_ADDR);
			pml4[i] = 0;
		}
	}
}

/* Free the page-table frames of the user half (mm is going away; its
 * VMAs still say which entries may be present): the page tables the map
 * records, then the directories. */
static void free_tables(struct mm *mm)
{
	uint64_t *pml4 = P2V(mm->pml4), *pdpt;

	if (mm->high.full)
		free_high_tables(mm);
	else
		free_high_listed(mm);
	mm->high.n = 0;
	mm->high.full = false;
	if (!(pml4[0] & PTE_P))
		return;
	pdpt = P2V(pml4[0] & PTE_ADDR);
	for (int w = 0; w < USER_PT_SLOTS / 64; w++) {
		uint64_t bits = mm->pt_map[w], *pd; /* 64 slots: in one directory */
		if (bits == 0)
			continue;
		pd = (uint64_t *)P2V(pdpt[w >> 3] & PTE_ADDR) + (w & 7) * 64;
		drop_tables(mm, pd, bits, (uaddr_t)w << 27);
		mm->pt_map[w] = 0;
	}
	for (int i = 0; i < 4; i++)
		if (pdpt[i] & PTE_P)
			frame_put(pdpt[i] & PTE_ADDR);
	memset(mm->low_pd, 0, sizeof(mm->low_pd));
	frame_put(pml4[0] & PTE_ADDR);
	pml4[0] = 0;
	mm->pt_pages = 0;
}

void vm_hold_file(struct vma *v, struct fnode *n)
{
	v->file = fs_get(n);
	n->mappers++;
	if (v->shared && v->maywrite) {
		(void)fs_get_write(n); /* never refused: the mmap's writable fd held it */
		n->shared_maywrite++;
	}
}

/* Let go of what v holds besides its pages: its shared object, its file. */
static void unhold(struct vma *v)
{
	if (v->shm)
		anon_shared_put(v->shm);
	if (v->file) {
		v->file->mappers--;
		if (v->shared && v->maywrite) {
			fs_put_write(v->file);
			v->file->shared_maywrite--;
		}
		fs_put(v->file);
	}
}

/* Unmap all of v's pages and let go of its shared object and file. */
static void drop_vma(struct mm *mm, struct vma *v)
{
	unmap_in(mm, v, v->start, v->end);
	unhold(v);
}

void vm_release(struct mm *mm)
{
	if (--mm->users > 0)
		return;
	if (read_cr3() == mm->pml4)
		vm_activate(0);
	free_tables(mm);
	for (int i = 0; i < mm->vmas.n; i++)
		unhold(VMA(mm, i));
	vmarr_clear(&mm->vmas);
	frame_put(mm->pml4);
	mm->pml4 = 0;
}

struct vma *vm_find(struct mm *mm, uaddr_t va)
{
	return vmarr_holding(&mm->vmas, va);
}

bool vm_mapped(struct mm *mm, uaddr_t start, uaddr_t end)
{
	uaddr_t covered = start;

	for (int i = vmarr_first_end_above(&mm->vmas, start); i < mm->vmas.n && covered < end; i++) {
		if (VMA(mm, i)->start > covered)
			break; /* a hole */
		covered = VMA(mm, i)->end;
	}
	return covered >= end;
}

void vm_usage(struct mm *mm, uaddr_t skip, uaddr_t skip_end, uint64_t *total, uint64_t *data)
{
	*total = *data = 0;
	for (int i = 0; i < mm->vmas.n; i++) {
		const struct vma *v = VMA(mm, i);
		uint64_t len = v->end - v->start;
		if (v->kind == VMA_TRAMP)
			continue; /* the kernel's, not the program's */
		if (v->start < skip_end && skip < v->end) /* less its part inside [skip, skip_end) */
			len -= (v->end < skip_end ? v->end : skip_end) - (v->start > skip ? v->start : skip);
		*total += len;
		if ((v->prot & VM_WRITE) && !v->shared && v->kind != VMA_STACK) /* Linux's data mapping */
			*data += len;
	}
}

bool vm_range_free(struct mm *mm, uaddr_t start, uaddr_t end)
{
	int i = vmarr_first_end_above(&mm->vmas, start);

	return i == mm->vmas.n || VMA(mm, i)->start >= end;
}

struct vma *vm_add(struct mm *mm, uaddr_t start, uaddr_t end, uint32_t prot,
		   enum vma_kind kind)
{
	struct vma *v = vmarr_insert(&mm->vmas, vmarr_first_end_above(&mm->vmas, start));

	if (v)
		*v = (struct vma){ .start = start, .end = end, .prot = prot, .kind = kind };
	return v;
}

/* Can VMAs a and b (a just below b) become one? */
static bool mergeable(const struct vma *a, const struct vma *b)
{
	return a->end == b->start && a->kind == VMA_ANON && b->kind == VMA_ANON &&
	       a->prot == b->prot && a->shared == b->shared && a->shm == b->shm &&
	       a->fork_advice == b->fork_advice &&
	       (!a->shm || a->file_off + (a->end - a->start) == b->file_off);
}

/* a's may-be-present range grows to cover b's (a below b). */
static void join_spans(struct vma *a, const struct vma *b)
{
	if (b->hi == 0)
		return;
	if (a->hi == 0)
		a->lo = b->lo;
	a->hi = b->hi;
}

/* Join VMA i + 1 into VMA i (mergeable). */
static void join(struct mm *mm, int i)
{
	struct vma *a = VMA(mm, i), *b = VMA(mm, i + 1);

	join_spans(a, b);
	a->end = b->end;
	if (b->shm)
		anon_shared_put(b->shm); /* a holds it too */
	vmarr_delete(&mm->vmas, i + 1, 1);
}

void vm_merge(struct mm *mm, struct vma *v)
{
	int i = (int)(v - mm->vmas.v);

	if (i + 1 < mm->vmas.n && mergeable(VMA(mm, i), VMA(mm, i + 1)))
		join(mm, i);
	if (i > 0 && mergeable(VMA(mm, i - 1), VMA(mm, i)))
		join(mm, i - 1);
}

/* Keep v's may-be-present range inside v. */
static void clip_span(struct vma *v)
{
	if (v->lo < v->start)
		v->lo = v->start;
	if (v->hi > v->end)
		v->hi = v->end;
	if (v->lo >= v->hi)
		v->lo = v->hi = 0;
}

/* Split VMA i at addr (inside it); false at the mapping limit. */
static bool split(struct mm *mm, int i, uaddr_t addr)
{
	struct vma *v, *w;

	if (!vmarr_insert(&mm->vmas, i + 1))
		return false;
	w = VMA(mm, i);
	v = VMA(mm, i + 1);
	*v = *w;
	if (v->shm)
		anon_shared_get(v->shm);
	if (v->file)
		vm_hold_file(v, v->file);
	v->file_off += addr - v->start;
	v->file_bytes = v->file_bytes > addr - v->start ? v->file_bytes - (addr - v->start) : 0;
	v->start = addr;
	w->end = addr;
	if (w->file_bytes > addr - w->start)
		w->file_bytes = addr - w->start;
	clip_span(w);
	clip_span(v);
	return true;
}

/* Split VMAs so that start and end fall on VMA boundaries. */
static int split_at_edges(struct mm *mm, uaddr_t start, uaddr_t end)
{
	int i = vmarr_first_end_above(&mm->vmas, start);

	if (i < mm->vmas.n && VMA(mm, i)->start < start && !split(mm, i, start))
		return -ENOMEM;
	i = vmarr_first_end_above(&mm->vmas, end);
	if (i < mm->vmas.n && VMA(mm, i)->start < end && end < VMA(mm, i)->end &&
	    !split(mm, i, end))
		return -ENOMEM;
	return 0;
}

/* [start, end) became free: keep the mmap hint's promise (mm->free_top)
 * by raising free_top to the top of the gap around it. */
static void note_freed(struct mm *mm, uaddr_t end)
{
	int i = vmarr_first_end_above(&mm->vmas, end);
	uaddr_t top = i < mm->vmas.n ? VMA(mm, i)->start : mm->mmap_top;

	if (top > mm->mmap_top)
		top = mm->mmap_top;
	if (top > mm->free_top)
		mm->free_top = top;
}

int vm_remove(struct mm *mm, uaddr_t start, uaddr_t end)
{
	int rc = split_at_edges(mm, start, end), i, j;

	if (rc)
		return rc;
	i = j = vmarr_first_end_above(&mm->vmas, start);
	for (; j < mm->vmas.n && VMA(mm, j)->start < end; j++)
		drop_vma(mm, VMA(mm, j));
	vmarr_delete(&mm->vmas, i, j - i);
	note_freed(mm, end);
	return 0;
}

/* The PTE bits (besides P and the frame) that a VMA's protection allows;
 * write permission is granted per page (copy-on-write decides). */
static uint64_t prot_bits(uint32_t prot)
{
	return (prot ? PTE_U : 0) | ((prot & VM_EXEC) ? 0 : pte_nx);
}

/* Make the present pages of v in [start, end) follow its protection. */
static void reprotect_pages(struct mm *mm, const struct vma *v, uaddr_t start, uaddr_t end)
{
	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		uint64_t *pte = walk(mm, va, WALK_OWN), e;
		if (pte == 0 || !(*pte & PTE_P))
			continue;
		e = (*pte & ~(PTE_U | PTE_NX)) | prot_bits(v->prot);
		if (!(v->prot & VM_WRITE))
			e &= ~(PTE_W | PTE_COW); /* PTE_COW only where a write may come (vm_fault) */
		else if (v->shared)
			e |= PTE_W; /* shared memory is never copied on write */
		else if (!(e & PTE_W))
			e |= PTE_COW; /* the first write decides: copy or reuse */
		*pte = e;
		flush(mm, va);
	}
}

/* May the VMAs of [start, end) (covering it) take protection prot? 0,
 * -ENOMEM where a part is not mapped, -EACCES for writing to a shared
 * mapping of a file not opened for writing. */
static int protect_check(struct mm *mm, uaddr_t start, uaddr_t end, uint32_t prot)
{
	uaddr_t covered = start;

	for (int i = vmarr_first_end_above(&mm->vmas, start); i < mm->vmas.n && covered < end; i++) {
		const struct vma *v = VMA(mm, i);
		if (v->start > covered)
			break;
		if ((prot & VM_WRITE) && v->kind == VMA_FILE && v->shared && !v->maywrite)
			return -EACCES;
		covered = v->end;
	}
	return covered < end ? -ENOMEM : 0;
}

int vm_protect(struct mm *mm, uaddr_t start, uaddr_t end, uint32_t prot)
{
	int rc;

	if ((rc = protect_check(mm, start, end, prot)) || (rc = split_at_edges(mm, start, end)))
		return rc;
	for (int i = vmarr_first_end_above(&mm->vmas, start); i < mm->vmas.n && VMA(mm, i)->start < end; i++) {
		struct vma *v = VMA(mm, i);
		uaddr_t s0, e0;
		v->prot = prot;
		if (vma_span(v, v->start, v->end, &s0, &e0))
			reprotect_pages(mm, v, s0, e0);
	}
	return 0;
}

int vm_fork_advise(struct mm *mm, uaddr_t start, uaddr_t end, enum vm_fork_advice advice)
{
	int rc = split_at_edges(mm, start, end), i;

	if (rc)
		return rc;
	for (i = vmarr_first_end_above(&mm->vmas, start); i < mm->vmas.n && VMA(mm, i)->start < end; i++) {
		struct vma *v = VMA(mm, i);
		if (v->kind == VMA_TRAMP)
			continue; /* the kernel's: every process has it */
		if (advice == VM_WIPEONFORK && (v->shared || v->kind == VMA_FILE || v->kind == VMA_VDSO))
			return -EINVAL; /* private anonymous memory only (the ones before keep the advice) */
		mm->fork_advised = true;
		if (advice == VM_DONTFORK || advice == VM_WIPEONFORK)
			v->fork_advice |= advice == VM_DONTFORK ? VMA_DONTFORK : VMA_WIPEONFORK;
		else
			v->fork_advice &= advice == VM_DOFORK ? ~VMA_DONTFORK : ~VMA_WIPEONFORK;
	}
	return vm_mapped(mm, start, end) ? 0 : -ENOMEM;
}

/* Is the page at va of VMA v resident (mincore)? Mapped, or where a fault
 * would find it: the shared object's page, the file's page (every file
 * lives in memory; a hole of a sparse file does not). */
static bool resident(struct mm *mm, struct vma *v, uaddr_t va)
{
	uint64_t *pte = pte_if_tables(mm, va), off = va - v->start;

	if (pte && (*pte & PTE_P))
		return true;
	if (v->shm)
		return anon_shared_has(v->shm, (uint32_t)((v->file_off + off) / PAGE_SIZE));
	if (v->kind == VMA_FILE && (v->file_whole || off < v->file_bytes))
		return v->file_off + off < v->file->size &&
		       fs_pages_get(&v->file->pages, (v->file_off + off) / FS_PAGE_SIZE) != 0;
	return false;
}

uint32_t vm_mincore(struct mm *mm, uaddr_t start, uint32_t n, uint8_t *out)
{
	struct vma *v = 0;

	for (uint32_t i = 0; i < n; i++) {
		uaddr_t va = start + (uaddr_t)i * PAGE_SIZE;
		if ((v == 0 || va >= v->end) && (v = vm_find(mm, va)) == 0)
			return i; /* a hole */
		out[i] = resident(mm, v, va);
	}
	return n;
}

int vm_drop_pages(struct mm *mm, uaddr_t start, uaddr_t end)
{
	bool mapped = vm_mapped(mm, start, end); /* a hole: reported, the rest still dropped */

	for (int i = vmarr_first_end_above(&mm->vmas, start); i < mm->vmas.n && VMA(mm, i)->start < end; i++) {
		struct vma *v = VMA(mm, i);
		unmap_in(mm, v, v->start > start ? v->start : start, v->end < end ? v->end : end);
	}
	return mapped ? 0 : -ENOMEM;
}

/* The index of the highest VMA starting below top, or -1. */
static int last_below(struct mm *mm, uaddr_t top)
{
	int i = vmarr_first_end_above(&mm->vmas, top - 1);

	return i < mm->vmas.n && VMA(mm, i)->start < top ? i : i - 1;
}

uaddr_t vm_find_free(struct mm *mm, uaddr_t len)
{
	uaddr_t top;

	if (len <= mm->free_hole) { /* may fit above: all over */
		mm->free_top = mm->mmap_top;
		mm->free_hole = 0;
	}
	top = mm->free_top;
	for (int i = last_below(mm, top); i >= 0; i--) {
		struct vma *v = VMA(mm, i);
		if (v->end <= top && top - v->end >= len)
			return mm->free_top = top - len;
		if (v->end <= top && top - v->end > mm->free_hole)
			mm->free_hole = top - v->end;
		top = v->start;
	}
	if (top >= USER_MIN_ADDR && top - USER_MIN_ADDR >= len)
		return mm->free_top = top - len;
	if (mm->free_top != mm->mmap_top) { /* a hole above may be left by a failed add */
		mm->free_top = mm->mmap_top;
		mm->free_hole = 0;
		return vm_find_free(mm, len);
	}
	return 0;
}

/* fs_read's copier into a frame (ctx: where it is). */
static int copy_to_frame(void *ctx, uint64_t done, void *kbuf, uint32_t n)
{
	memcpy((uint8_t *)ctx + done, kbuf, n);
	return 0;
}

/* Copy-on-write: give the faulting page a frame of its own, or keep the
 * frame when nobody else holds it. */
static inline __attribute__((always_inline)) int break_cow(struct mm *mm, uint64_t *pte, uaddr_t va)
{
	uint64_t old = *pte & PTE_ADDR, copy;
	bool copied;

	cv_counters.cow_faults++;
	if ((copy = frame_cow(old, &copied)) == 0)
		return -ENOMEM;
	if (!copied) {
		cv_counters.cow_reuses++;
		*pte = (*pte | PTE_W) & ~(PTE_COW | PTE_FILE);
	} else {
		cv_counters.cow_copies++;
		*pte = (*pte & ~(PTE_ADDR | PTE_COW | PTE_FILE)) | copy | PTE_W; /* now anonymous */
	}
	flush(mm, va);
	return 0;
}

/* The frame for the page at offset off (page aligned) of file VMA v: the
 * file's own page (one more reference; *shared set), or for the partial
 * last page of an ELF segment a private copy of its bytes with zeros
 * after. 0 when out of frames; -EIO past the end of the file. */
static int64_t file_frame(struct vma *v, uint64_t off, bool *shared)
{
	uint64_t at = v->file_off + off, pa;
	struct fnode *n = v->file;

	if (at >= PAGE_ROUND_UP(n->size))
		return -EIO;
	*shared = v->file_whole || v->file_bytes - off >= PAGE_SIZE;
	if (*shared) {
		if ((pa = fs_data_page(n, at)) == 0)
			return -EIO; /* no page for a hole: SIGBUS, as tmpfs out of space */
		frame_get(pa);
		return (int64_t)pa;
	}
	if ((pa = frame_alloc_zeroed()) != 0) /* an ELF segment's last page: its bytes only */
		fs_read(n, at, v->file_bytes - off, copy_to_frame, P2V(pa));
	return (int64_t)pa;
}

/* Fill the missing page at va of VMA v. */
static int fill(struct mm *mm, struct vma *v, uint64_t *pte, uaddr_t va, bool write)
{
	uint64_t off = (va & ~(uint64_t)(PAGE_SIZE - 1)) - v->start;
	uint64_t flags = PTE_P | prot_bits(v->prot);
	int64_t pa;
	bool shared = false;

	if (v->shm) {
		if ((pa = (int64_t)anon_shared_frame(v->shm, (uint32_t)((v->file_off + off) / PAGE_SIZE))))
			frame_get((uint64_t)pa); /* the object keeps its own reference */
		shared = true;
	} else if (v->kind == VMA_FILE && (v->file_whole || off < v->file_bytes)) {
		if ((pa = file_frame(v, off, &shared)) < 0)
			return (int)pa;
	} else if (v->kind == VMA_TRAMP || v->kind == VMA_VDSO) {
		pa = (int64_t)v->file_off; /* the kernel's frame: never written (COW if made writable) */
		frame_get((uint64_t)pa);
		shared = true;
	} else {
		pa = (int64_t)frame_alloc_zeroed();
	}
	if (pa == 0)
		return -ENOMEM;
	vma_touch(v, va);
	if ((v->kind == VMA_FILE || v->kind == VMA_VDSO) && shared)
		flags |= PTE_FILE; /* the file's own frame (or the vDSO's, as Linux counts it):
		                      file-backed for the statistics */
	if (v->shared)
		flags |= PTE_SHARED;
	if (v->shared && (v->prot & VM_WRITE))
		flags |= PTE_W; /* written in place, seen by every sharer */
	else if (shared && (v->prot & VM_WRITE))
		flags |= PTE_COW; /* the file's frame is never written */
	else if (v->prot & VM_WRITE)
		flags |= PTE_W;
	*pte = (uint64_t)pa | flags;
	if (shared && write && !v->shared)
		return break_cow(mm, pte, va);
	return 0;
}

/* Does the present PTE already allow this access? */
static bool pte_allows(uint64_t pte, uint32_t access)
{
	if (!(pte & PTE_U) || ((access & VM_WRITE) && !(pte & PTE_W)))
		return false;
	return !((access & VM_EXEC) && (pte & PTE_NX));
}

/* The accesses protection prot allows: on x86 write and execute imply read. */
static uint32_t allowed(uint32_t prot)
{
	return prot & (VM_WRITE | VM_EXEC) ? prot | VM_READ : prot;
}

/* vm_fault's full path; pte: va's PTE in a table mm owns, or NULL (then
 * it is looked up, the table created or made mm's own). */
static __attribute__((noinline)) int fault_slow(struct mm *mm, uaddr_t va, uint32_t access, uint64_t *pte)
{
	struct vma *v = vm_find(mm, va);
	bool write = access & VM_WRITE;

	if (v == 0 || (allowed(v->prot) & access) != access || v->prot == 0)
		return -EFAULT;
	if (pte == 0 && (pte = walk(mm, va, WALK_CREATE)) == 0) /* the table mm's own: the PTE may change */
		return -ENOMEM;
	if (!(*pte & PTE_P))
		return fill(mm, v, pte, va, write);
	if (write && !(*pte & PTE_W) && (*pte & PTE_COW))
		return break_cow(mm, pte, va);
	if (write && !(*pte & PTE_W) && v->shared) {
		*pte |= PTE_W; /* shared memory: writable where the VMA is */
		flush(mm, va);
		return 0;
	}
	if (!pte_allows(*pte, access))
		return -EFAULT;
	flush(mm, va); /* a stale translation: retry */
	return 0;
}

int vm_fault(struct mm *mm, uaddr_t va, uint32_t access)
{
	uint64_t *pte = pte_in_table(mm, va, PTE_P | PTE_W); /* in a table mm owns */

	/* The common fault first, in a few instructions: a write to a
	 * copy-on-write page in a page table mm owns (PTE_COW is set only in
	 * writable private VMAs: fill, fork, pt_own, reprotect_pages). The
	 * rest as fault_slow says. */
	if (pte && (access & VM_WRITE) && (*pte & (PTE_P | PTE_U | PTE_W | PTE_COW)) == (PTE_P | PTE_U | PTE_COW))
		return break_cow(mm, pte, va);
	return fault_slow(mm, va, access, pte);
}

int64_t vm_resolve(struct mm *mm, uaddr_t va, bool write)
{
	/* A kernel write owns a shared table first; a read may look through it. */
	uint64_t *pte = write ? walk(mm, va, WALK_OWN) : pte_if_tables(mm, va);
	int rc;

	if (pte && (*pte & PTE_P) && (*pte & PTE_U) && (!write || (*pte & PTE_W)))
		return (int64_t)((*pte & PTE_ADDR) | (va & (PAGE_SIZE - 1)));
	if ((rc = vm_fault(mm, va, write ? VM_WRITE : VM_READ)) != 0)
		return rc == -EIO ? -EFAULT : rc;
	pte = pte_if_tables(mm, va);
	return (int64_t)((*pte & PTE_ADDR) | (va & (PAGE_SIZE - 1)));
}

/* What fork_one needs: the child, the mode, the VMA being copied, and the
 * child's page table for the current 2 MiB (cslot). */
struct fork_ctx {
	struct mm *child;
	bool cow;         /* VM_FORK_COW; else VM_FORK_EAGER */
	const struct vma *vma;
	uint64_t *cpt;
	uaddr_t cslot;
	bool any_shared;  /* the parent has a VMA that forks_by_entry() */
};

/* Must fork look at v's pages one by one (MAP_SHARED: they stay writable)
 * or leave them out (MADV_DONTFORK, MADV_WIPEONFORK), so that a page
 * table with some of them cannot be shared whole? */
static bool forks_by_entry(const struct vma *v)
{
	return v->shared | v->fork_advice;
}

/* Share or copy one parent page into the child (ctx) at fork. */
static int fork_one(struct mm *parent, uint64_t *pte, uaddr_t va, void *ctx)
{
	struct fork_ctx *f = ctx;
	uint64_t *cpte, copy;

	(void)parent;
	if (f->cpt == 0 || (va >> 21) != f->cslot) { /* a new page table */
		if ((cpte = walk(f->child, va, WALK_CREATE)) == 0)
			return -ENOMEM;
		f->cpt = cpte - IDX(va, 12);
		f->cslot = va >> 21;
	}
	cpte = &f->cpt[IDX(va, 12)];
	if (!(*pte & (PTE_W | PTE_COW)) || f->vma->shared) {
		frame_get(*pte & PTE_ADDR); /* read-only or shared memory: shared */
		cv_counters.fork_frame_refs++;
		*cpte = *pte;
	} else if (f->cow) {
		*pte = (*pte & ~PTE_W) | PTE_COW;
		frame_get(*pte & PTE_ADDR);
		cv_counters.fork_frame_refs++;
		*cpte = *pte;
	} else {
		if ((copy = frame_alloc()) == 0)
			return -ENOMEM;
		frame_copy(copy, *pte & PTE_ADDR);
		*cpte = (*pte & ~(PTE_ADDR | PTE_COW | PTE_FILE)) | copy | PTE_W;
	}
	return 0;
}

/* Does a VMA of mm that forks_by_entry() lie in the 2 MiB at slot (aligned)? */
static bool slot_has_shared(struct mm *mm, uaddr_t slot)
{
	for (int i = vmarr_first_end_above(&mm->vmas, slot);
	     i < mm->vmas.n && VMA(mm, i)->start < slot + 0x200000; i++)
		if (forks_by_entry(VMA(mm, i)))
			return true;
	return false;
}

/* The child now holds the parent's tables for the n 2 MiB slots from va
 * (above 4 GiB, in one GiB): its directory's map gains the parent's bits
 * there (a directory either list lacks: the child's exit walks). */
static void share_high_map(struct mm *parent, struct mm *child, uaddr_t va, unsigned n)
{
	uint64_t *from = pt_high_map(&parent->high, va >> 30, false);
	uint64_t *to = pt_high_map(&child->high, va >> 30, false);

	if (from && to)
		pt_map_or_range(to, from, (unsigned)IDX(va, 21), (unsigned)IDX(va, 21) + n);
	else
		child->high.full = true;
}

/* Share the present tables under the n parent PDEs ppde (the 2 MiB slots
 * from va up, in one page directory) with the child's PDEs cpde, where
 * the child has none yet (another VMA in the slot may have shared it;
 * fresh: the caller knows these slots are new to the child). The loop of
 * on-demand fork: a few instructions per table. */
static inline __attribute__((always_inline)) void share_run(struct mm *parent, struct mm *child, uint64_t *ppde,
							    uint64_t *cpde, unsigned n, uaddr_t va, bool fresh)
{
	unsigned shared = 0;

#pragma GCC unroll 4 /* a loop step per 4 tables */
	for (unsigned i = 0; i < n; i++) {
		if (!(ppde[i] & PTE_P) || (!fresh && (cpde[i] & PTE_P)))
			continue;
		pt_share(&ppde[i], &cpde[i]);
		shared++;
	}
	if (va >= 1ull << 32)
		share_high_map(parent, child, va, n);
	else /* note_table's map: the child has a table where the parent has (or had one already) */
		pt_map_or_range(child->pt_map, parent->pt_map, (unsigned)(va >> 21), (unsigned)(va >> 21) + n);
	child->pt_pages += shared;
	cv_counters.pt_shares += shared;
}

/* Share the parent's tables for the 2 MiB slots in [va, end) (aligned)
 * with the child, a page directory (GiB) at a time (fresh: as share_run
 * says). 0 or -ENOMEM. */
static int share_range(struct mm *parent, struct mm *child, uaddr_t va, uaddr_t end, bool fresh)
{
	while (va < end) {
		uaddr_t gib_end = (va | 0x3fffffff) + 1, stop = end < gib_end ? end : gib_end;
		unsigned n = (unsigned)((stop - va) >> 21), i = 0;
		uint64_t *ppde = pde_of(parent, va, false), *cpde;
		while (ppde && i < n && !(ppde[i] & PTE_P))
			i++; /* the child gets a directory only where it gets a table */
		if (ppde && i < n) {
			if ((cpde = pde_of(child, va + ((uaddr_t)i << 21), true)) == 0)
				return -ENOMEM;
			if (fresh) /* two loops: the common one without the child's check */
				share_run(parent, child, ppde + i, cpde, n - i, va + ((uaddr_t)i << 21), true);
			else
				share_run(parent, child, ppde + i, cpde, n - i, va + ((uaddr_t)i << 21), false);
		}
		va = stop;
	}
	return 0;
}

/* Copy VMA ctx->vma's part [s, e) of the parent's table for the 2 MiB at
 * slot as fork=copy does (a table that maps MAP_SHARED memory: its pages
 * stay writable in both). */
static int copy_slot(struct mm *parent, struct fork_ctx *ctx, uaddr_t slot, uaddr_t s, uaddr_t e)
{
	return each_present(parent, slot > s ? slot : s, slot + 0x200000 < e ? slot + 0x200000 : e,
			    EACH_OWN, fork_one, ctx);
}

/* Share the parent's page tables under [s, e) of VMA ctx->vma with the
 * child (on-demand fork); a table met before (another VMA in its 2 MiB)
 * is shared once. A table that maps MAP_SHARED memory is copied instead
 * (copy_slot): all of a shared VMA's, and the edge tables of others
 * where a shared VMA lies too. 0 or -ENOMEM. */
static int share_tables(struct mm *parent, struct fork_ctx *ctx, uaddr_t s, uaddr_t e)
{
	uaddr_t first = s & ~(uaddr_t)0x1fffff, end = ((e - 1) | 0x1fffff) + 1;
	int rc;

	if (ctx->vma->shared)
		return each_present(parent, s, e, EACH_OWN, fork_one, ctx);
	if (ctx->any_shared && slot_has_shared(parent, first)) {
		if ((rc = copy_slot(parent, ctx, first, s, e)))
			return rc;
		first += 0x200000;
	}
	if (ctx->any_shared && end > first && slot_has_shared(parent, end - 0x200000)) {
		if ((rc = copy_slot(parent, ctx, end - 0x200000, s, e)))
			return rc;
		end -= 0x200000;
	}
	return share_range(parent, ctx->child, first, end, false);
}

/* Give the child parent's pages in [s, e) of VMA ctx->vma as mode says. */
static int fork_range(struct mm *parent, struct fork_ctx *ctx, enum vm_fork_mode mode,
		      uaddr_t s, uaddr_t e)
{
	if (mode == VM_FORK_SHARE_TABLES)
		return share_tables(parent, ctx, s, e);
	return each_present(parent, s, e, ctx->cow ? EACH_OWN : EACH_READ, fork_one, ctx);
}

/* The 2 MiB slots [start, end) whose tables on-demand fork shares next. */
struct slot_run {
	uaddr_t start, end;
};

/* fork_range for VMA ctx->vma's span [s, e), where the tables of VMAs
 * next to each other (their spans' slots in a row) are shared in one run
 * (*run: one directory lookup for them all), when no MAP_SHARED VMA
 * makes a table be copied instead. */
static inline __attribute__((always_inline)) int fork_vma_span(struct mm *parent, struct fork_ctx *ctx,
							    enum vm_fork_mode mode, uaddr_t s, uaddr_t e,
							    struct slot_run *run)
{
	uaddr_t first = s & ~(uaddr_t)0x1fffff, end = ((e - 1) | 0x1fffff) + 1;
	int rc = 0;

	if (mode != VM_FORK_SHARE_TABLES || ctx->any_shared)
		return fork_range(parent, ctx, mode, s, e);
	if (run->end && first <= run->end) { /* the same slot, or the next: one run */
		if (end > run->end)
			run->end = end;
		return 0;
	}
	if (run->end)
		rc = share_range(parent, ctx->child, run->start, run->end, true); /* runs never overlap */
	run->start = first;
	run->end = end;
	return rc;
}

/* Give the child (ctx) its share of every parent VMA's pages as mode
 * says, and the objects they hold; advised: some VMA may have fork advice
 * (its pages are left out). 0 or -ENOMEM. */
static inline __attribute__((always_inline)) int fork_vmas(struct mm *parent, struct fork_ctx *ctx,
							 enum vm_fork_mode mode, struct slot_run *run, bool advised)
{
	struct mm *child = ctx->child;
	int rc = 0;

	for (int i = 0; i < parent->vmas.n; i++)
		ctx->any_shared |= advised ? forks_by_entry(VMA(parent, i)) : VMA(parent, i)->shared;
	for (int i = 0; i < parent->vmas.n; i++) { /* all: the child's VMAs hold their objects */
		uaddr_t s, e;
		ctx->vma = VMA(parent, i);
		if (ctx->vma->shm)
			anon_shared_get(ctx->vma->shm);
		if (ctx->vma->file)
			vm_hold_file(VMA(child, i), ctx->vma->file);
		if (advised && ctx->vma->fork_advice)
			VMA(child, i)->lo = VMA(child, i)->hi = 0; /* none of its pages go over */
		else if (rc == 0 && vma_span(ctx->vma, ctx->vma->start, ctx->vma->end, &s, &e))
			rc = fork_vma_span(parent, ctx, mode, s, e, run);
	}
	return rc;
}

struct mm *vm_fork(struct mm *parent, enum vm_fork_mode mode)
{
	struct fork_ctx ctx = { vm_create(CV_ABI_I386), mode != VM_FORK_EAGER, 0, 0, 0, false };
	struct mm *child = ctx.child;
	struct slot_run run = { 0, 0 };
	bool advised = parent->fork_advised; /* else no VMA has fork advice: no looking */
	int rc = 0;

	if (child == 0)
		return 0;
	if (vmarr_copy(&child->vmas, &parent->vmas)) {
		vm_release(child);
		return 0;
	}
	child->brk_start = parent->brk_start;
	child->brk = parent->brk;
	child->start_stack = parent->start_stack;
	child->arg_start = parent->arg_start;
	child->arg_end = parent->arg_end;
	child->env_start = parent->env_start;
	child->env_end = parent->env_end;
	child->vdso = parent->vdso;
	child->auxv = parent->auxv;
	child->auxv_bytes = parent->auxv_bytes;
	child->user_end = parent->user_end;
	child->mmap_top = parent->mmap_top;
	child->stack_top = parent->stack_top;
	child->free_top = parent->free_top;
	child->free_hole = parent->free_hole;
	child->fork_advised = advised; /* WIPEONFORK VMAs are inherited */
	if (advised) /* two loops: the usual one without the advice's tests */
		rc = fork_vmas(parent, &ctx, mode, &run, true);
	else
		rc = fork_vmas(parent, &ctx, mode, &run, false);
	if (rc == 0 && run.end) /* the last run of tables */
		rc = share_range(parent, child, run.start, run.end, true);
	for (int i = child->vmas.n - 1; rc == 0 && advised && i >= 0; i--)
		if (VMA(child, i)->fork_advice & VMA_DONTFORK) /* Linux's VM_DONTCOPY: not in the child at all */
			rc = vm_remove(child, VMA(child, i)->start, VMA(child, i)->end);
	if (read_cr3() == parent->pml4)
		write_cr3(parent->pml4); /* parent pages (or tables) became read-only */
	if (rc) {
		vm_release(child);
		return 0;
	}
	return child;
}

int vm_move_end(struct mm *mm, uaddr_t old_end, uaddr_t new_end)
{
	int i = old_end ? vmarr_first_end_above(&mm->vmas, old_end - 1) : mm->vmas.n;
	struct vma *v = VMA(mm, i);

	if (i == mm->vmas.n || v->end != old_end)
		return -ENOMEM;
	if (new_end > old_end && !vm_range_free(mm, old_end, new_end))
		return -ENOMEM;
	if (new_end < old_end) {
		unmap_in(mm, v, new_end, old_end);
		if (v->hi > new_end)
			v->hi = new_end > v->lo ? new_end : 0;
	}
	v->end = new_end;
	if (v->end == v->start) { /* empty: drop it */
		unhold(v);
		vmarr_delete(&mm->vmas, i, 1);
	}
	if (new_end < old_end)
		note_freed(mm, old_end);
	return 0;
}

/* What move_one needs: the distance moved, the destination VMA. */
struct move_ctx {
	uaddr_t delta;
	int dst; /* its index */
};

/* Move the present entry pte of va to va + delta, its frame reference
 * with it (the destination's table exists and is mm's own). */
static int move_one(struct mm *mm, uint64_t *pte, uaddr_t va, void *ctx)
{
	const struct move_ctx *m = ctx;
	uint64_t *dst = walk(mm, va + m->delta, WALK_OWN);

	if (dst == 0)
		return -ENOMEM; /* not reached: vm_move made the tables first */
	*dst = *pte;
	*pte = 0;
	flush(mm, va);
	vma_touch(VMA(mm, m->dst), va + m->delta);
	return 0;
}

int vm_move(struct mm *mm, uaddr_t old, uaddr_t len, uaddr_t to, uaddr_t new_len, bool keep_old)
{
	struct move_ctx m = { to - old, 0 };
	struct vma *v, *nv;
	uaddr_t s, e;
	bool any;

	if (split_at_edges(mm, old, old + len)) /* now, so the removal below cannot fail */
		return -ENOMEM;
	v = vm_find(mm, old);
	any = vma_span(v, old, old + len, &s, &e);
	if ((nv = vm_add(mm, to, to + new_len, v->prot, VMA_ANON)) == 0)
		return -ENOMEM;
	m.dst = (int)(nv - VMA(mm, 0));
	/* every destination table first, so the move below cannot fail */
	for (uaddr_t va = s + m.delta; any && va < e + m.delta; va = (va | 0x1fffff) + 1) {
		if (walk(mm, va, WALK_CREATE) == 0) {
			vm_remove(mm, to, to + new_len);
			return -ENOMEM;
		}
	}
	if (any)
		each_present(mm, s, e, EACH_OWN, move_one, &m);
	if (!keep_old)
		vm_remove(mm, old, old + len); /* nothing left to unmap: only the VMA goes */
	vm_merge(mm, vm_find(mm, to));
	return 0;
}

void vm_file_truncated(struct fnode *n, uint64_t size)
{
	uint64_t keep = PAGE_ROUND_UP(size); /* file offsets below stay mapped */

	for (int m = 0; m < NPROC; m++) {
		struct mm *mm = &mm_table[m];
		for (int i = 0; mm->users > 0 && i < mm->vmas.n; i++) {
			struct vma *v = VMA(mm, i);
			uint64_t from = keep > v->file_off ? keep - v->file_off : 0;
			if (v->file == n && v->kind == VMA_FILE && from < v->end - v->start)
				unmap_in(mm, v, v->start + from, v->end);
		}
	}
}

int vm_add_kernel_page(struct mm *mm, uaddr_t va, uint64_t frame, enum vma_kind kind)
{
	struct vma *v = vm_add(mm, va, va + PAGE_SIZE, VM_READ | VM_EXEC, kind);

	if (v == 0)
		return -ENOMEM;
	v->file_off = frame;
	return 0;
}

int vm_map_trampoline(struct mm *mm, uint64_t frame)
{
	int rc;

	if (vm_find(mm, USER_TRAMP_VA))
		return 0;
	if ((rc = vm_add_kernel_page(mm, USER_TRAMP_VA, frame, VMA_TRAMP)))
		return rc;
	return vm_fault(mm, USER_TRAMP_VA, VM_EXEC);
}
