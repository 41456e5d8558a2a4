/* Page-table walking: translation of one address in any x86 paging mode. */
#include "pagewalk.h"
#include "pagewalk_bits.h"
#include "pagewalk_modes.h"

/* The paging mode of the control registers (CR0.PG, EFER.LMA, CR4.PAE). */
enum pw_mode pw_mode_of(uint64_t cr0, uint64_t cr4, uint64_t efer)
{
	if (!(cr0 & (1ull << 31)))
		return PW_NONE;
	if (efer & (1ull << 10)) /* LMA */
		return PW_LONG4;
	if (cr4 & (1ull << 5))   /* PAE */
		return PW_PAE;
	return PW_LEGACY32;
}

/* Check that the resulting frame is in RAM. */
static enum pw_result finish(const struct guest_mem *gm, uint64_t pa, uint64_t *out)
{
	if (gm_ptr(gm, pa & ~PAGE_OFFSET_MASK, CV_PAGE_SIZE) == NULL)
		return PW_OUT_OF_RAM;
	*out = pa;
	return PW_OK;
}

/* IA-32e 4-level: 4 KiB, 2 MiB and 1 GiB pages; PS in a PML4E is reserved. */
static const struct mode_fmt fmt_long = {
	8, 4, PTE_ADDR, PTE_ADDR, CV_PAGE_SIZE, true, {
		{ 39, 512, false, true, 0, 0 },
		{ 30, 512, true, true, LARGE_1G_RSVD, 0 },
		{ 21, 512, true, true, LARGE_2M_RSVD, 0 },
		{ 12, 512, false, true, 0, 0 },
	}
};

/* PAE: four PDPTEs (32-byte aligned, no U/W), 4 KiB and 2 MiB pages. */
static const struct mode_fmt fmt_pae = {
	8, 3, PTE_ADDR, PAE_CR3_MASK, 32, false, {
		{ 30, 4, false, false, 0, PAE_PDPTE_RSVD | PTE_NX },
		{ 21, 512, true, true, LARGE_2M_RSVD, 0 },
		{ 12, 512, false, true, 0, 0 },
	}
};

/* Legacy 32-bit: 4-byte entries, 4 KiB and 4 MiB pages. */
static const struct mode_fmt fmt_legacy = {
	4, 2, ADDR_MASK32, ADDR_MASK32, CV_PAGE_SIZE, false, {
		{ 22, 1024, true, true, 0, 0 },
		{ 12, 1024, false, true, 0, 0 },
	}
};

const struct mode_fmt *pw_fmt_of(enum pw_mode mode)
{
	switch (mode) {
	case PW_LONG4: return &fmt_long;
	case PW_PAE: return &fmt_pae;
	case PW_LEGACY32: return &fmt_legacy;
	case PW_NONE: break;
	}
	return NULL;
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
