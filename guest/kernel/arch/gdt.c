/* GDT and TSS. */
#include "segments.h"

#include <stddef.h>

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss64) == 104, "TSS layout");

#define DF_STACK_SIZE 8192

static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(16)));
static uint8_t df_stack[DF_STACK_SIZE] __attribute__((aligned(16)));

/* A code or data descriptor: flat, with the given access byte and flags. */
static uint64_t segment(uint8_t access, uint8_t flags)
{
	return 0xffffull | ((uint64_t)access << 40) | ((uint64_t)(flags | 0xf) << 48);
}

/* The 16-byte available-TSS descriptor at index SEL_TSS/8. */
static void set_tss_descriptor(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&tss, limit = sizeof(tss) - 1;

	gdt[SEL_TSS / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
			   (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[SEL_TSS / 8 + 1] = base >> 32;
}

void gdt_init(void)
{
	struct { uint16_t limit; uint64_t base; } __attribute__((packed)) desc = {
		sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt,
	};

	gdt[SEL_KERNEL_CS32 / 8] = segment(0x9a, 0xc0);
	gdt[SEL_KERNEL_CS / 8] = segment(0x9a, 0xa0);
	gdt[SEL_KERNEL_DS / 8] = segment(0x92, 0xc0);
	gdt[SEL_USER_CS32 / 8] = segment(0xfa, 0xc0);
	gdt[SEL_USER_DS / 8] = segment(0xf2, 0xc0);
	gdt[SEL_USER_CS64 / 8] = segment(0xfa, 0xa0);
	tss.ist[0] = (uint64_t)(uintptr_t)(df_stack + DF_STACK_SIZE);
	tss.iomap_base = sizeof(tss); /* no I/O permission bitmap */
	set_tss_descriptor();
	__asm__ volatile(
		"lgdt %0\n\t"
		"pushq %1\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"mov %2, %%eax\n\t"
		"mov %%eax, %%ds\n\t"
		"mov %%eax, %%es\n\t"
		"mov %%eax, %%ss\n\t"
		"ltr %w3"
		:: "m"(desc), "i"(SEL_KERNEL_CS), "i"(SEL_KERNEL_DS), "r"(SEL_TSS)
		: "rax", "memory");
}

uint64_t syscall_kernel_rsp, syscall_user_rsp;

void tss_set_kernel_stack(uint64_t rsp0)
{
	tss.rsp[0] = rsp0;
	syscall_kernel_rsp = rsp0; /* syscall_entry's stack: the CPU does not switch */
}

uint64_t tss_kernel_stack(void)
{
	return tss.rsp[0];
}

void gdt_set_tls(const uint64_t tls[GDT_TLS_COUNT])
{
	for (int i = 0; i < GDT_TLS_COUNT; i++)
		gdt[GDT_TLS_FIRST + i] = tls[i];
}

#define DESC_RW    (1ull << 41) /* data: writable; code: readable */
#define DESC_CODE  (1ull << 43)
#define DESC_S     (1ull << 44) /* code or data, not a system descriptor */
#define DESC_P     (1ull << 47)
#define DESC_DPL(d) (((d) >> 45) & 3)

/* A GDT user selector (RPL 3) for a present DPL 3 code or data
 * descriptor: the descriptor, else 0. */
static uint64_t user_descriptor(uint16_t sel)
{
	unsigned idx = sel >> 3;
	uint64_t d;

	if ((sel & 4) || (sel & 3) != 3 || idx == 0 || idx >= GDT_ENTRIES)
		return 0; /* LDT, not user privilege, null, or past the GDT */
	d = gdt[idx];
	return (d & DESC_P) && (d & DESC_S) && DESC_DPL(d) == 3 ? d : 0;
}

int gdt_selector_usable(uint16_t sel)
{
	uint64_t d;

	if ((sel & ~3u) == 0)
		return 1;
	d = user_descriptor(sel);
	return d && (!(d & DESC_CODE) || (d & DESC_RW)); /* data, or readable code */
}

int gdt_stack_selector_usable(uint16_t sel)
{
	uint64_t d = user_descriptor(sel);

	return d && !(d & DESC_CODE) && (d & DESC_RW);
}
