/* Page-table walking: enumeration of every mapping of an address space,
 * bounded and safe against hostile tables. */
#include "pagewalk.h"
#include "pagewalk_bits.h"
#include "pagewalk_modes.h"

#include <stdlib.h>
#include <string.h>

/* One walk in progress. */
struct walk {
	struct pw_walker *w;
	const struct mode_fmt *f;
	const struct pw_visitor *v;
	struct pw_walk_stats *st;
	bool halt;
};

/* Permissions accumulated down the levels. */
struct perms {
	bool user, writable;
};

/* Prepare a walker: one stamp per frame of RAM (a partial last page too). */
int pw_walker_init(struct pw_walker *w, const struct guest_mem *gm)
{
	memset(w, 0, sizeof(*w));
	w->gm = gm;
	w->nframes = (gm->size + CV_PAGE_SIZE - 1) >> CV_PAGE_SHIFT;
	w->seen = calloc(w->nframes ? w->nframes : 1, sizeof(*w->seen));
	if (w->seen == NULL)
		return -1;
	w->max_pages = PW_MAX_PAGES;
	w->budget = PW_BUDGET;
	return 0;
}

/* Free the walker's stamps. */
void pw_walker_free(struct pw_walker *w)
{
	free(w->seen);
	w->seen = NULL;
}

/* Tell the visitor about a refused entry. */
static void report(struct walk *k, enum pw_result kind, int level, uint64_t va, uint64_t entry)
{
	struct pw_problem p = { kind, level, va, entry };

	k->st->problems++;
	if (k->v->problem)
		k->v->problem(&p, k->v->ctx);
}

/* Take n units of work from the budget; on exhaustion report and halt. */
static bool spend(struct walk *k, uint64_t n, int level, uint64_t va)
{
	if (k->w->budget >= n) {
		k->w->budget -= n;
		return true;
	}
	k->w->budget = 0;
	k->st->truncated = true;
	k->halt = true;
	report(k, PW_TOO_MANY, level, va, 0);
	return false;
}

/* The table level (1 = leaf tables) of depth d (0 = top). */
static int level_of(const struct walk *k, unsigned depth)
{
	return (int)(k->f->levels - depth);
}

/* Report each 4 KiB page of a leaf mapping [pa, pa+size) at va, whose
 * entry e lies in the table at table. */
static void emit_pages(struct walk *k, unsigned depth, uint64_t va, uint64_t pa, uint64_t size,
		       uint64_t e, struct perms pm, uint64_t table)
{
	struct pw_mapping m = { 0, 0, pm.writable, pm.user, (e & PTE_COW) != 0, (e & PTE_FILE) != 0,
				(e & PTE_SHARED) != 0, size > CV_PAGE_SIZE, (e & PTE_W) != 0, table };

	for (uint64_t off = 0; off < size && !k->halt; off += CV_PAGE_SIZE) {
		if (k->st->pages >= k->w->max_pages) {
			k->st->truncated = true;
			k->halt = true;
			report(k, PW_TOO_MANY, level_of(k, depth), va + off, e);
			return;
		}
		if (!spend(k, 1, level_of(k, depth), va + off))
			return;
		m.va = va + off;
		m.pa = pa + off;
		k->st->pages++;
		if (k->v->page && k->v->page(&m, k->v->ctx)) {
			k->st->stopped = true;
			k->halt = true;
		}
	}
}

/* A leaf entry mapping size bytes (in the table at table): check the
 * frame range, then emit. */
static void leaf(struct walk *k, unsigned depth, uint64_t va, uint64_t e, uint64_t size,
		 struct perms pm, uint64_t table)
{
	uint64_t pa = e & k->f->addr_mask & ~(size - 1);

	if (gm_ptr(k->w->gm, pa, size) == NULL) {
		report(k, PW_OUT_OF_RAM, level_of(k, depth), va, e);
		return;
	}
	emit_pages(k, depth, va, pa, size, e, pm, table);
}

/* Mark the frame of the table at depth as met in this walk (and tell the
 * visitor); false if it already was. */
static bool first_visit(struct walk *k, uint64_t table, unsigned depth)
{
	uint64_t pfn = table >> CV_PAGE_SHIFT;

	if (k->w->seen[pfn] == k->w->walk_id)
		return false;
	k->w->seen[pfn] = k->w->walk_id;
	k->st->tables++;
	if (k->v->table)
		k->v->table(table, level_of(k, depth), k->v->ctx);
	return true;
}

/* (defined below: tables and entries recurse into each other) */
static void walk_table(struct walk *k, unsigned depth, const uint8_t *t, unsigned nent,
		       uint64_t va_base, struct perms pm, uint64_t table);

/* Follow an entry to the table of the next level, once per walk. */
static void enter_table(struct walk *k, unsigned depth, uint64_t va, uint64_t e, struct perms pm)
{
	uint64_t table = e & k->f->addr_mask;
	const uint8_t *t = gm_ptr(k->w->gm, table, CV_PAGE_SIZE);

	if (t == NULL) {
		report(k, PW_OUT_OF_RAM, level_of(k, depth), va, e);
		return;
	}
	if (!first_visit(k, table, depth + 1)) {
		report(k, PW_TABLE_REVISITED, level_of(k, depth), va, e);
		return;
	}
	walk_table(k, depth + 1, t, k->f->lv[depth + 1].entries, va, pm, table);
}

/* The virtual address of entry idx of a table at depth under va_base. */
static uint64_t entry_va(const struct walk *k, unsigned depth, uint64_t va_base, unsigned idx)
{
	uint64_t va = va_base | ((uint64_t)idx << k->f->lv[depth].shift);

	if (k->f->sign_extend && (va & (1ull << 47)))
		va |= 0xffff000000000000ull;
	return va;
}

/* Handle one present entry at depth (of the table at table): leaf, large
 * page or next table. */
static void visit_entry(struct walk *k, unsigned depth, uint64_t va, uint64_t e, struct perms pm,
			uint64_t table)
{
	const struct level_fmt *lv = &k->f->lv[depth];

	if (lv->has_uw) {
		pm.user = pm.user && (e & PTE_U);
		pm.writable = pm.writable && (e & PTE_W);
	}
	if (depth + 1 == k->f->levels)
		leaf(k, depth, va, e, CV_PAGE_SIZE, pm, table);
	else if ((e & PTE_PS) && lv->large_ok && !(e & lv->large_rsvd))
		leaf(k, depth, va, e, 1ull << lv->shift, pm, table);
	else if ((e & PTE_PS) || (e & lv->table_rsvd))
		report(k, PW_RESERVED, level_of(k, depth), va, e);
	else
		enter_table(k, depth, va, e, pm);
}

/* Visit the present entries [0, nent) of table t (at guest-physical
 * table) at depth. */
static void walk_table(struct walk *k, unsigned depth, const uint8_t *t, unsigned nent,
		       uint64_t va_base, struct perms pm, uint64_t table)
{
	for (unsigned idx = 0; idx < nent && !k->halt; idx++) {
		uint64_t e = 0, va = entry_va(k, depth, va_base, idx);

		if (!spend(k, 1, level_of(k, depth), va))
			return;
		memcpy(&e, t + (size_t)idx * k->f->esize, k->f->esize);
		if (e & PTE_P)
			visit_entry(k, depth, va, e, pm, table);
	}
}

/* Start a new walk id; the stamps are cleared when the ids wrap. */
static void next_walk_id(struct pw_walker *w)
{
	if (++w->walk_id == 0) {
		memset(w->seen, 0, w->nframes * sizeof(*w->seen));
		w->walk_id = 1;
	}
}

/* Enumerate the user part of the address space at cr3. */
int pw_each_mapping(struct pw_walker *w, enum pw_mode mode, uint64_t cr3,
		    unsigned user_slots, const struct pw_visitor *v,
		    struct pw_walk_stats *st)
{
	static const struct pw_visitor none = { NULL, NULL, NULL, NULL };
	struct pw_walk_stats local;
	struct walk k = { w, pw_fmt_of(mode), v ? v : &none, st ? st : &local, false };
	const uint8_t *root;
	uint64_t table;

	memset(k.st, 0, sizeof(*k.st));
	if (k.f == NULL)
		return 0;
	next_walk_id(w);
	table = cr3 & k.f->root_mask;
	root = gm_ptr(w->gm, table, k.f->root_len);
	if (root == NULL) {
		report(&k, PW_OUT_OF_RAM, 0, 0, cr3);
		return -1;
	}
	first_visit(&k, table, 0);
	if (user_slots > k.f->lv[0].entries)
		user_slots = k.f->lv[0].entries;
	walk_table(&k, 0, root, user_slots, 0, (struct perms){ true, true }, table);
	return k.st->problems || k.st->truncated ? -1 : 0;
}
