/* Page-table walking: translation of one address in any x86 paging mode. */
#include "pagewalk.h"
#include "pagewalk_bits.h"

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

/* Read a 64-bit table entry. */
static enum pw_result read_entry64(const struct guest_mem *gm, uint64_t table, unsigned idx,
				   uint64_t *e)
{
	if (!gm_read(gm, table + (uint64_t)idx * 8, e, 8))
		return PW_OUT_OF_RAM;
	return (*e & PTE_P) ? PW_OK : PW_NOT_PRESENT;
}

/* Check that the resulting frame is in RAM. */
static enum pw_result finish(const struct guest_mem *gm, uint64_t pa, uint64_t *out)
{
	if (gm_ptr(gm, pa & ~PAGE_OFFSET_MASK, CV_PAGE_SIZE) == NULL)
		return PW_OUT_OF_RAM;
	*out = pa;
	return PW_OK;
}

/* IA-32e 4-level walk. */
static enum pw_result walk_long(const struct guest_mem *gm, uint64_t cr3, uint64_t va, uint64_t *pa)
{
	uint64_t e, top = va >> 47;
	enum pw_result r;

	if (top != 0 && top != 0x1ffff)
		return PW_NONCANONICAL;
	if ((r = read_entry64(gm, cr3 & PTE_ADDR, (va >> 39) & 511, &e)))
		return r;
	if (e & PTE_PS)
		return PW_RESERVED;
	if ((r = read_entry64(gm, e & PTE_ADDR, (va >> 30) & 511, &e)))
		return r;
	if (e & PTE_PS)
		return (e & LARGE_1G_RSVD) ? PW_RESERVED
			: finish(gm, (e & PTE_ADDR & ~0x3fffffffull) | (va & 0x3fffffff), pa);
	if ((r = read_entry64(gm, e & PTE_ADDR, (va >> 21) & 511, &e)))
		return r;
	if (e & PTE_PS)
		return (e & LARGE_2M_RSVD) ? PW_RESERVED
			: finish(gm, (e & PTE_ADDR & ~0x1fffffull) | (va & 0x1fffff), pa);
	if ((r = read_entry64(gm, e & PTE_ADDR, (va >> CV_PAGE_SHIFT) & 511, &e)))
		return r;
	return finish(gm, (e & PTE_ADDR) | (va & PAGE_OFFSET_MASK), pa);
}

/* PAE 3-level walk (32-bit virtual addresses). */
static enum pw_result walk_pae(const struct guest_mem *gm, uint64_t cr3, uint64_t va, uint64_t *pa)
{
	uint64_t e;
	enum pw_result r;

	if (va > 0xffffffffull)
		return PW_NONCANONICAL;
	if ((r = read_entry64(gm, cr3 & 0xffffffe0ull, (va >> 30) & 3, &e)))
		return r;
	if (e & (PAE_PDPTE_RSVD | PTE_NX))
		return PW_RESERVED;
	if ((r = read_entry64(gm, e & PTE_ADDR, (va >> 21) & 511, &e)))
		return r;
	if (e & PTE_PS)
		return (e & LARGE_2M_RSVD) ? PW_RESERVED
			: finish(gm, (e & PTE_ADDR & ~0x1fffffull) | (va & 0x1fffff), pa);
	if ((r = read_entry64(gm, e & PTE_ADDR, (va >> CV_PAGE_SHIFT) & 511, &e)))
		return r;
	return finish(gm, (e & PTE_ADDR) | (va & PAGE_OFFSET_MASK), pa);
}

/* Legacy 2-level walk with 4-byte entries (4 MiB pages when PS is set). */
static enum pw_result walk_legacy(const struct guest_mem *gm, uint64_t cr3, uint64_t va, uint64_t *pa)
{
	uint32_t e;

	if (va > 0xffffffffull)
		return PW_NONCANONICAL;
	if (!gm_read(gm, (cr3 & 0xfffff000ull) + ((va >> 22) & 1023) * 4, &e, 4))
		return PW_OUT_OF_RAM;
	if (!(e & PTE_P))
		return PW_NOT_PRESENT;
	if (e & PTE_PS)
		return finish(gm, (e & 0xffc00000ull) | (va & 0x3fffff), pa);
	if (!gm_read(gm, (e & ADDR_MASK32) + ((va >> CV_PAGE_SHIFT) & 1023) * 4, &e, 4))
		return PW_OUT_OF_RAM;
	if (!(e & PTE_P))
		return PW_NOT_PRESENT;
	return finish(gm, (e & ADDR_MASK32) | (va & PAGE_OFFSET_MASK), pa);
}

/* Translate one virtual address in the given mode. */
enum pw_result pw_translate(const struct guest_mem *gm, enum pw_mode mode, uint64_t cr3,
			    uint64_t va, uint64_t *pa)
{
	switch (mode) {
	case PW_NONE: return finish(gm, va, pa);
	case PW_LEGACY32: return walk_legacy(gm, cr3, va, pa);
	case PW_PAE: return walk_pae(gm, cr3, va, pa);
	case PW_LONG4: return walk_long(gm, cr3, va, pa);
	}
	return PW_RESERVED;
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
