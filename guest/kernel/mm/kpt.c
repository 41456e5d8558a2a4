/* Kernel page tables. */
#include "kpt.h"

#include "../../../shared/pte.h"
#include "../arch/layout.h"
#include "../arch/x86.h"
#include "../lib/errno.h"
#include "frame.h"

#define GIB (1ull << 30)
#define MIB2 (2ull << 20)
#define DIRECT_MAP_SLOT ((CV_DIRECT_MAP_BASE >> 39) & 511)

typedef uint64_t table_t[512] __attribute__((aligned(4096)));

static table_t kpml4, kpdpt;
static table_t kpd[4]; /* one per GiB of the low 4 GiB */
#define WIN_GIBS (KPT_WINDOWS_SIZE / GIB)
static table_t kwin_pd[WIN_GIBS]; /* the windows area, page tables on demand */

#define WIN_PDPT_IDX ((KPT_WINDOWS_BASE >> 30) & 511)
_Static_assert(KPT_WINDOWS_SIZE % GIB == 0, "the windows area is whole page directories");

void kpt_init(uint64_t ram_end)
{
	uint64_t n2m = (ram_end + MIB2 - 1) / MIB2;
	uint64_t apic = CV_LAPIC_PADDR & ~(MIB2 - 1);

	for (uint64_t i = 0; i < n2m; i++)
		kpd[i / 512][i % 512] = (i * MIB2) | PTE_P | PTE_W | PTE_PS;
	/* The 2 MiB around the xAPIC (also the IOAPIC): uncached. */
	kpd[apic / GIB][(apic / MIB2) % 512] = apic | PTE_P | PTE_W | PTE_PS | PTE_PCD | PTE_PWT;
	for (int g = 0; g < 4; g++)
		kpdpt[g] = V2P(kpd[g]) | PTE_P | PTE_W;
	for (uint64_t g = 0; g < WIN_GIBS; g++)
		kpdpt[WIN_PDPT_IDX + g] = V2P(kwin_pd[g]) | PTE_P | PTE_W;
	kpml4[DIRECT_MAP_SLOT] = V2P(kpdpt) | PTE_P | PTE_W;
	write_cr3(V2P(kpml4));
}

uint64_t kpt_root(void)
{
	return V2P(kpml4);
}

/* The page-directory entry for va in the windows area. */
static uint64_t *win_pde(uint64_t va)
{
	uint64_t off = va - KPT_WINDOWS_BASE;

	return &kwin_pd[off >> 30][(off >> 21) & 511];
}

int kpt_map(uint64_t va, uint64_t pa)
{
	uint64_t *pde = win_pde(va), pt;

	if (!(*pde & PTE_P)) {
		if ((pt = frame_alloc_zeroed()) == 0)
			return -ENOMEM;
		*pde = pt | PTE_P | PTE_W;
	}
	((uint64_t *)P2V(*pde & PTE_ADDR))[(va >> 12) & 511] = pa | PTE_P | PTE_W;
	return 0;
}

uint64_t kpt_unmap(uint64_t va)
{
	uint64_t *pte = &((uint64_t *)P2V(*win_pde(va) & PTE_ADDR))[(va >> 12) & 511];
	uint64_t pa = *pte & PTE_ADDR;

	*pte = 0;
	invlpg(va);
	return pa;
}

void kpt_free_table(uint64_t va)
{
	uint64_t *pde = win_pde(va);

	if (*pde & PTE_P)
		frame_put(*pde & PTE_ADDR);
	*pde = 0;
	invlpg(va); /* drops the cached directory entry too */
}
