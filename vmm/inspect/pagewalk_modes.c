/* The x86 paging modes (see pagewalk_modes.h). */
#include "pagewalk_modes.h"
#include "pagewalk_bits.h"

#include <stddef.h>

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
