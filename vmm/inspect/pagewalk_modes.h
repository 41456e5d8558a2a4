/* The x86 paging modes: which one the control registers select, and each
 * one's tables as data, once for both walkers (pw_translate in pagewalk.c,
 * pw_each_mapping in pagewalk_each.c): each level's index bits, entry
 * count, large pages and reserved bits (the tables are internal to the
 * walkers). */
#ifndef VMM_INSPECT_PAGEWALK_MODES_H
#define VMM_INSPECT_PAGEWALK_MODES_H

#include <stdbool.h>
#include <stdint.h>

enum pw_mode { PW_NONE, PW_LEGACY32, PW_PAE, PW_LONG4 };

/* The paging mode implied by CR0, CR4 and EFER. */
enum pw_mode pw_mode_of(uint64_t cr0, uint64_t cr4, uint64_t efer);

/* How one level of a paging mode's tables looks. */
struct level_fmt {
	unsigned shift;      /* the level's index starts at this address bit */
	unsigned entries;    /* entries in one table */
	bool large_ok;       /* PS makes a large page here (else PS is reserved) */
	bool has_uw;         /* the entry carries U and W (PAE PDPTEs do not) */
	uint64_t large_rsvd; /* reserved bits of a large-page entry */
	uint64_t table_rsvd; /* reserved bits of an entry pointing to a table */
};

/* How a paging mode's tables look, top level first. */
struct mode_fmt {
	unsigned esize;      /* bytes per entry */
	unsigned levels;
	uint64_t addr_mask;  /* address bits of an entry */
	uint64_t root_mask;  /* address bits of CR3 */
	uint64_t root_len;   /* bytes of the top-level table */
	bool sign_extend;    /* virtual bit 47 extends upward (4-level) */
	struct level_fmt lv[4];
};

/* The table format of a paging mode; NULL without paging. */
const struct mode_fmt *pw_fmt_of(enum pw_mode mode);

#endif
