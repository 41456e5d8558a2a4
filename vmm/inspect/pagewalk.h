/* x86 page-table walking over guest memory seen from the host: IA-32e
 * 4-level (4 KiB, 2 MiB, 1 GiB pages), PAE and legacy 32-bit paging.
 * Every table read goes through the checked guest-memory accessor. */
#ifndef VMM_INSPECT_PAGEWALK_H
#define VMM_INSPECT_PAGEWALK_H

#include <stdbool.h>
#include <stdint.h>

#include "../guestmem.h"
#include "pagewalk_modes.h"

enum pw_result {
	PW_OK = 0,
	PW_NOT_PRESENT,  /* some level's entry has P clear */
	PW_OUT_OF_RAM,   /* a table or the page lies outside guest RAM */
	PW_RESERVED,     /* reserved bits set in an entry */
	PW_NONCANONICAL, /* a 64-bit address that is not canonical */
	/* Only from pw_each_mapping: */
	PW_TABLE_REVISITED, /* a table met twice in one walk (cycle or alias) */
	PW_TOO_MANY,        /* the mapping bound or the work budget ran out */
};

/* Translate virtual address va to a guest-physical address under root
 * (CR3) in the given mode. */
enum pw_result pw_translate(const struct guest_mem *gm, enum pw_mode mode, uint64_t cr3,
			    uint64_t va, uint64_t *pa);

/* A short English name of a result, for messages. */
const char *pw_result_name(enum pw_result r);

/* ---- Enumeration of every mapping of an address space ---- */

#define PW_MAX_PAGES  (4ull << 20)   /* 4 KiB mappings per walk (16 GiB) */
#define PW_BUDGET     (128ull << 20) /* entries read + pages reported, per budget */

/* One present 4 KiB page. Large pages are reported as their 4 KiB frames,
 * one call each, so every count is per 4 KiB page. */
struct pw_mapping {
	uint64_t va;    /* virtual address of the page */
	uint64_t pa;    /* guest-physical address of its frame */
	bool writable;  /* W set at every level */
	bool user;      /* U set at every level */
	bool cow;       /* the leaf carries the software PTE_COW bit */
	bool file;      /* ... PTE_FILE: a file's own frame (file-backed) */
	bool mapshared; /* ... PTE_SHARED: a page of a MAP_SHARED mapping */
	bool large;     /* part of a 2 MiB, 4 MiB or 1 GiB page */
	bool leaf_writable; /* W set in the leaf entry (an upper level may clear
	                       it: a page table shared read-only, on-demand fork) */
	uint64_t table; /* guest-physical address of the table holding the
	                   leaf entry */
};

/* An entry the walk refused to follow. Levels count up from the leaf
 * tables: 1 = page table, 2 = page directory, 3 = PDPT, 4 = PML4. */
struct pw_problem {
	enum pw_result kind;  /* PW_OUT_OF_RAM, PW_RESERVED, PW_TABLE_REVISITED
	                         or PW_TOO_MANY */
	int level;            /* level of the table holding the entry (0: CR3) */
	uint64_t va;          /* first virtual address the entry maps */
	uint64_t entry;       /* the entry (CR3 itself for level 0) */
};

/* What a walk calls: page() for every 4 KiB page (non-zero stops the
 * walk), problem() for every refused entry, table() for every table
 * entered (the root too: level 4 for it in long mode, 1 for page tables)
 * before its entries; any may be NULL. */
struct pw_visitor {
	int (*page)(const struct pw_mapping *m, void *ctx);
	void (*problem)(const struct pw_problem *p, void *ctx);
	void *ctx;
	void (*table)(uint64_t pa, int level, void *ctx);
};

/* What one walk saw. */
struct pw_walk_stats {
	uint64_t pages;     /* 4 KiB pages reported */
	uint64_t tables;    /* table frames visited, the root included */
	uint64_t problems;  /* entries refused */
	bool stopped;       /* the visitor stopped it */
	bool truncated;     /* the page bound or the budget stopped it */
};

/* State reused across walks: which frames the current walk has used as
 * tables, and the bounds that keep hostile tables from costing too much. */
struct pw_walker {
	const struct guest_mem *gm;
	uint32_t *seen;      /* per frame of RAM: id of the walk that met it */
	uint64_t nframes;    /* frames of RAM */
	uint32_t walk_id;
	uint64_t max_pages;  /* per walk; PW_MAX_PAGES after init */
	uint64_t budget;     /* work left for all walks; PW_BUDGET after init */
};

/* Prepare a walker over gm; -1 when memory runs out. */
int pw_walker_init(struct pw_walker *w, const struct guest_mem *gm);

/* Release a walker's memory. */
void pw_walker_free(struct pw_walker *w);

/* Visit every present leaf mapping under the root cr3 whose top-level
 * index is below user_slots (the user part; the rest is skipped), in
 * mode. Tables are followed at most once per walk; entries pointing
 * outside RAM, with reserved bits set, at a table already met, or past
 * the page bound or budget are reported to v->problem and not followed.
 * st (may be NULL) receives the walk's totals. Returns 0 when the walk
 * was complete and without problems, -1 otherwise. */
int pw_each_mapping(struct pw_walker *w, enum pw_mode mode, uint64_t cr3,
		    unsigned user_slots, const struct pw_visitor *v,
		    struct pw_walk_stats *st);

#endif
