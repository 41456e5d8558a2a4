/* Page-table walking: translation of one address in any x86 paging mode. */
#include "pagewalk.h"
#include "pagewalk_bits.h"
#include "pagewalk_modes.h"

/* Check that the resulting frame is in RAM. */
static enum pw_result finish(const struct guest_mem *gm, uint64_t pa, uint64_t *out)
{
	if (gm_ptr(gm, pa & ~PAGE_OFFSET_MASK, CV_PAGE_SIZE) == NULL)
		return PW_OUT_OF_RAM;
	*out = pa;
	return PW_OK;
}

/* Is va an address of format f: canonical (4-level), else 32-bit? */
static bool va_fits(const struct mode_fmt *f, uint64_t va)
{
	uint64_t top = va >> 47;

	return f->sign_extend ? top == 0 || top == 0x1ffff : va <= 0xffffffffull;
}

/* Walk f's tables from root cr3 down to va's frame: a leaf, or a large
 * page where the level allows one; PS where it does not, or reserved bits
 * set, is PW_RESERVED. */
static enum pw_result walk(const struct guest_mem *gm, const struct mode_fmt *f, uint64_t cr3,
			   uint64_t va, uint64_t *pa)
{
	uint64_t table = cr3 & f->root_mask;

	if (!va_fits(f, va))
		return PW_NONCANONICAL;
	for (unsigned d = 0; d < f->levels; d++) {
		const struct level_fmt *lv = &f->lv[d];
		uint64_t span = 1ull << lv->shift, e = 0; /* 4-byte entries fill the low half */

		if (!gm_read(gm, table + ((va >> lv->shift) & (lv->entries - 1)) * f->esize, &e,
			     f->esize))
			return PW_OUT_OF_RAM;
		if (!(e & PTE_P))
			return PW_NOT_PRESENT;
		if (d + 1 == f->levels)
			return finish(gm, (e & f->addr_mask) | (va & (span - 1)), pa);
		if (e & PTE_PS) {
			if (!lv->large_ok || (e & lv->large_rsvd))
				return PW_RESERVED;
			return finish(gm, (e & f->addr_mask & ~(span - 1)) | (va & (span - 1)), pa);
		}
		if (e & lv->table_rsvd)
			return PW_RESERVED;
		table = e & f->addr_mask;
	}
	return PW_RESERVED;
}

/* Translate one virtual address in the given mode. */
enum pw_result pw_translate(const struct guest_mem *gm, enum pw_mode mode, uint64_t cr3,
			    uint64_t va, uint64_t *pa)
{
	const struct mode_fmt *f = pw_fmt_of(mode);

	return f != NULL ? walk(gm, f, cr3, va, pa) : finish(gm, va, pa);
}

/* The English name of a walk result. */
const char *pw_result_name(enum pw_result r)
{
	switch (r) {
	case PW_OK: return "ok";
	case PW_NOT_PRESENT: return "not mapped";
	case PW_OUT_OF_RAM: return "outside guest RAM";
	case PW_RESERVED: return "reserved bits set";
	case PW_NONCANONICAL: return "non-canonical address";
	case PW_TABLE_REVISITED: return "table already visited (cycle or shared table)";
	case PW_TOO_MANY: return "too many mappings";
	}
	return "?";
}
