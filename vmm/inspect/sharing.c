/* Walking every address space of a snapshot: per-frame mapcounts and
 * references (pass 1), then per-space sizes (pass 2). */
#include "sharing.h"

#include <stdlib.h>
#include <string.h>

#include "../../shared/layout.h"
#include "../../shared/pte.h"

/* Allocate the per-frame arrays, the spaces and the walker. */
int sharing_init(struct sharing *sh, const struct guest_view *v, struct stats_snapshot *snap)
{
	uint64_t n = v->root.nframes;

	memset(sh, 0, sizeof(*sh));
	sh->v = v;
	sh->snap = snap;
	sh->nframes = n;
	sh->cap = v->root.nprocs;
	sh->mapcount = calloc(n, sizeof(*sh->mapcount));
	sh->last_space = calloc(n, sizeof(*sh->last_space));
	sh->refs = calloc(n, sizeof(*sh->refs));
	sh->holders = calloc(n, sizeof(*sh->holders));
	sh->spaces = calloc(sh->cap ? sh->cap : 1, sizeof(*sh->spaces));
	if (pw_walker_init(&sh->walker, v->gm) != 0 || !sh->mapcount || !sh->last_space ||
	    !sh->refs || !sh->holders || !sh->spaces) {
		sharing_free(sh);
		return -1;
	}
	return 0;
}

/* Find or add the space with root cr3. */
size_t sharing_space_of(struct sharing *sh, uint64_t cr3, uint32_t pid)
{
	uint64_t root = cr3 & PTE_ADDR;

	for (size_t i = 0; i < sh->nspaces; i++)
		if (sh->spaces[i].root == root)
			return i;
	sh->spaces[sh->nspaces].root = root;
	sh->spaces[sh->nspaces].pid = pid;
	return sh->nspaces++;
}

/* Add one reference to frame pfn (below nframes), saturating. */
static void add_ref(struct sharing *sh, uint64_t pfn)
{
	if (sh->refs[pfn] != UINT32_MAX)
		sh->refs[pfn]++;
}

/* Is this the first space to reach the page table at table? (A shared
 * table's PTEs are one reference each, however many spaces hold it.) */
static bool first_holder(const struct sharing *sh, uint64_t table)
{
	uint64_t t = table >> 12;

	return t >= sh->nframes || sh->holders[t] <= 1;
}

/* Pass 1, one page: count the reference, and the space once per frame. */
static int count_page(const struct pw_mapping *m, void *ctx)
{
	struct sharing *sh = ctx;
	uint64_t pfn = m->pa >> CV_PAGE_SHIFT;
	uint16_t tag = (uint16_t)(sh->current + 1);

	if (pfn >= sh->nframes) {
		stats_add_error(sh->snap, "address space 0x%llx (pid %u): va 0x%llx maps frame "
				"0x%llx, beyond the kernel's %llu frames",
				(unsigned long long)sh->spaces[sh->current].root,
				(unsigned)sh->spaces[sh->current].pid, (unsigned long long)m->va,
				(unsigned long long)pfn, (unsigned long long)sh->nframes);
		return 0;
	}
	if (m->large || first_holder(sh, m->table))
		add_ref(sh, pfn);
	if (sh->last_space[pfn] != tag) {
		sh->last_space[pfn] = tag;
		sh->mapcount[pfn]++;
	}
	return 0;
}

/* Pass 1, a table entered: the entry (or CR3) pointing at it is one
 * reference; a page table gains a holder. */
static void count_table(uint64_t pa, int level, void *ctx)
{
	struct sharing *sh = ctx;
	uint64_t pfn = pa >> 12;

	if (pfn >= sh->nframes)
		return; /* the walk refuses tables outside RAM */
	add_ref(sh, pfn);
	if (level == 1 && sh->holders[pfn] != UINT16_MAX)
		sh->holders[pfn]++;
}

/* Pass 1, a refused entry: one error message. */
static void count_problem(const struct pw_problem *p, void *ctx)
{
	struct sharing *sh = ctx;
	const struct space *s = &sh->spaces[sh->current];

	if (p->level == 0)
		stats_add_error(sh->snap, "address space 0x%llx (pid %u): %s",
				(unsigned long long)s->root, (unsigned)s->pid,
				pw_result_name(p->kind));
	else
		stats_add_error(sh->snap, "address space 0x%llx (pid %u): level %d entry "
				"0x%016llx for va 0x%llx: %s", (unsigned long long)s->root,
				(unsigned)s->pid, p->level, (unsigned long long)p->entry,
				(unsigned long long)p->va, pw_result_name(p->kind));
}

/* Walk every space with visitor fn; a fresh budget per pass keeps both
 * passes seeing the same mappings. */
static void walk_all(struct sharing *sh, const struct pw_visitor *vis, bool keep_tables)
{
	unsigned slots = (unsigned)sh->v->root.user_pml4_slots;

	sh->walker.budget = PW_BUDGET;
	for (sh->current = 0; sh->current < sh->nspaces; sh->current++) {
		struct pw_walk_stats st;
		struct space *s = &sh->spaces[sh->current];

		pw_each_mapping(&sh->walker, PW_LONG4, s->root, slots, vis, &st);
		if (keep_tables)
			s->tables = st.tables;
	}
}

/* Pass 1 over all spaces. */
void sharing_count(struct sharing *sh)
{
	struct pw_visitor vis = { count_page, count_problem, sh, count_table };

	walk_all(sh, &vis, true);
}

/* Is the page copy-on-write: read-only with PTE_COW, or private and
 * writable in its PTE but read-only above it (a shared page table)? */
static bool page_is_cow(const struct pw_mapping *m)
{
	return !m->writable && (m->cow || (m->leaf_writable && !m->mapshared));
}

/* The page-run flags of a mapping. */
static uint8_t page_flags(const struct pw_mapping *m)
{
	return (uint8_t)((m->writable ? PAGE_WRITABLE : 0) | (page_is_cow(m) ? PAGE_COW : 0) |
			 (m->file ? PAGE_FILE : 0) | (m->mapshared ? PAGE_MAP_SHARED : 0));
}

/* Pass 2, one page: add it to its space's sizes. */
static int measure_page(const struct pw_mapping *m, void *ctx)
{
	struct sharing *sh = ctx;
	struct space *s = &sh->spaces[sh->current];
	uint64_t pfn = m->pa >> CV_PAGE_SHIFT;
	unsigned mc;

	if (pfn >= sh->nframes || (mc = sh->mapcount[pfn]) == 0)
		return 0;
	s->rss++;
	s->pss_fx += ((uint64_t)CV_PAGE_SIZE << PSS_FX_SHIFT) / mc;
	if (mc == 1) {
		s->uss++;
		s->private_writable += m->writable;
	} else {
		s->shared++;
	}
	if (page_is_cow(m))
		s->cow++;
	s->file += m->file;
	s->mapshared += m->mapshared;
	if (sh->want_pages && page_runs_add(&s->runs, m->va, pfn, (uint16_t)mc,
					    page_flags(m)) != 0)
		sh->pages_failed = true;
	return 0;
}

/* Pass 2, a table entered: count a page table others hold too. */
static void measure_table(uint64_t pa, int level, void *ctx)
{
	struct sharing *sh = ctx;
	uint64_t pfn = pa >> 12;

	if (level == 1 && pfn < sh->nframes && sh->holders[pfn] >= 2)
		sh->spaces[sh->current].pt_shared++;
}

/* Pass 2 over all spaces. */
void sharing_measure(struct sharing *sh)
{
	struct pw_visitor vis = { measure_page, NULL, sh, measure_table };

	walk_all(sh, &vis, false);
}

/* Free everything sharing_init allocated. */
void sharing_free(struct sharing *sh)
{
	pw_walker_free(&sh->walker);
	for (size_t i = 0; sh->spaces && i < sh->nspaces; i++)
		page_runs_free(&sh->spaces[i].runs);
	free(sh->mapcount);
	free(sh->last_space);
	free(sh->refs);
	free(sh->holders);
	free(sh->spaces);
	sh->mapcount = sh->last_space = NULL;
	sh->refs = NULL;
	sh->holders = NULL;
	sh->spaces = NULL;
}
