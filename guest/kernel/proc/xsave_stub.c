/* The user-mode XSAVE stub's address space and its runs (see xsave_stub.h). */
#include "../arch/xsave_stub.h"

#include "../../../shared/pte.h"
#include "../arch/layout.h"
#include "../arch/segments.h"
#include "../arch/x86.h"
#include "../lib/string.h"
#include "../mm/kpt.h"

/* The stub's user addresses: its code, then two windows of two pages each
 * (an area may straddle a page boundary). */
#define CODE_VA  0x1000u
#define SAVE_VA  0x2000u
#define LOAD_VA  0x4000u
#define PT_IDX(va) (((va) >> PAGE_SHIFT) & 511)
#define DIRECT_MAP_SLOT ((CV_DIRECT_MAP_BASE >> 39) & 511)
#define USER_TABLE (PTE_P | PTE_W | PTE_U)

typedef uint64_t table_t[512] __attribute__((aligned(4096)));

static table_t pml4, pdpt, pd, pt;
static uint8_t code_page[4096] __attribute__((aligned(4096)));
static uint8_t trap_stack[512] __attribute__((aligned(16))); /* the stub's traps land here */

extern const uint8_t xstub_code[], xstub_code_end[], xstub_swap[], xstub_load[], xstub_save[],
	xstub_probe[];
uint64_t xstub_enter(uint64_t rip, uint64_t mask, uint64_t save, uint64_t load, uint64_t *rax_out);

void xstub_init(void)
{
	memcpy(code_page, xstub_code, (size_t)(xstub_code_end - xstub_code));
	pt[PT_IDX(CODE_VA)] = V2P(code_page) | PTE_P | PTE_U; /* read-only, executable */
	pd[0] = V2P(pt) | USER_TABLE;
	pdpt[0] = V2P(pd) | USER_TABLE;
	pml4[0] = V2P(pdpt) | USER_TABLE;
	pml4[DIRECT_MAP_SLOT] = ((const uint64_t *)P2V(kpt_root()))[DIRECT_MAP_SLOT];
}

/* Show the area at kernel address area through the window at va (two
 * pages); its user address. */
static uint64_t window(uint64_t va, const void *area)
{
	uint64_t pa = V2P(area), page = PAGE_ROUND_DOWN(pa);

	pt[PT_IDX(va)] = page | PTE_P | PTE_W | PTE_U;
	pt[PT_IDX(va) + 1] = (page + PAGE_SIZE) | PTE_P | PTE_W | PTE_U;
	return va + (pa - page);
}

/* The user address of the stub entry for op. */
static uint64_t entry(enum xstub_op op)
{
	const uint8_t *e = op == XSTUB_SAVE ? xstub_save : op == XSTUB_LOAD ? xstub_load :
			   op == XSTUB_SWAP ? xstub_swap : xstub_probe;

	return CODE_VA + (uint64_t)(e - xstub_code);
}

uint64_t xstub_run(enum xstub_op op, uint64_t mask, void *save, const void *load, uint64_t *xcr0_out)
{
	uint64_t cr3 = read_cr3(), rsp0 = tss_kernel_stack(), rax = 0, rc;
	uint64_t s = save ? window(SAVE_VA, save) : 0, l = load ? window(LOAD_VA, load) : 0;

	tss_set_kernel_stack((uint64_t)(uintptr_t)(trap_stack + sizeof trap_stack));
	write_cr3(V2P(pml4)); /* also drops the windows' old translations */
	rc = xstub_enter(entry(op), mask, s, l, &rax);
	write_cr3(cr3);
	tss_set_kernel_stack(rsp0);
	if (xcr0_out)
		*xcr0_out = rax;
	return rc;
}
