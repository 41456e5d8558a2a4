/* Kernel page tables. */
#include "kpt.h"

#include "../../../shared/pte.h"
#include "../arch/x86.h"
#include "layout.h"

#define GIB (1ull << 30)
#define MIB2 (2ull << 20)
#define DIRECT_MAP_SLOT ((CV_DIRECT_MAP_BASE >> 39) & 511)

typedef uint64_t table_t[512] __attribute__((aligned(4096)));

static table_t kpml4, kpdpt;
static table_t kpd[4]; /* one per GiB of the low 4 GiB */

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
	kpml4[DIRECT_MAP_SLOT] = V2P(kpdpt) | PTE_P | PTE_W;
	write_cr3(V2P(kpml4));
}

uint64_t kpt_root(void)
{
	return V2P(kpml4);
}
