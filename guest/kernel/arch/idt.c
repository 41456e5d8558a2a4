/* The interrupt descriptor table, and the exception vectors' names. */
#include <stddef.h>

#include "segments.h"
#include "trap.h"

#define STUB_SIZE 16
#define GATE_INTERRUPT 0x8e /* present, DPL 0, 64-bit interrupt gate */
#define GATE_USER      0x60 /* DPL 3: reachable with int n from user mode */

struct gate {
	uint16_t off_lo, selector;
	uint8_t ist, type;
	uint16_t off_mid;
	uint32_t off_hi, reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct gate) == 16, "IDT gate layout");

extern char trap_stubs[], int80_entry[], pf_entry[];
static struct gate idt[256] __attribute__((aligned(16)));

/* Vector v's entry: int 0x80 and page faults have direct paths, the
 * others their stubs. */
static uint64_t entry_of(unsigned v)
{
	if (v == VEC_SYSCALL)
		return (uint64_t)(uintptr_t)int80_entry;
	if (v == VEC_PAGE_FAULT)
		return (uint64_t)(uintptr_t)pf_entry;
	return (uint64_t)(uintptr_t)(trap_stubs + v * STUB_SIZE);
}

/* Point vector v at its entry with the given type byte and IST index. */
static void set_gate(unsigned v, uint8_t type, uint8_t ist)
{
	uint64_t off = entry_of(v);

	idt[v] = (struct gate){
		.off_lo = (uint16_t)off, .selector = SEL_KERNEL_CS, .ist = ist, .type = type,
		.off_mid = (uint16_t)(off >> 16), .off_hi = (uint32_t)(off >> 32),
	};
}

void idt_init(void)
{
	struct { uint16_t limit; uint64_t base; } __attribute__((packed)) desc = {
		sizeof(idt) - 1, (uint64_t)(uintptr_t)idt,
	};

	for (unsigned v = 0; v < 256; v++)
		set_gate(v, GATE_INTERRUPT, 0);
	set_gate(VEC_DOUBLE, GATE_INTERRUPT, 1);    /* own stack: survives stack overflow */
	set_gate(VEC_BREAKPOINT, GATE_INTERRUPT | GATE_USER, 0);
	set_gate(4, GATE_INTERRUPT | GATE_USER, 0); /* into */
	set_gate(VEC_SYSCALL, GATE_INTERRUPT | GATE_USER, 0);
	__asm__ volatile("lidt %0" :: "m"(desc));
}

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
	"invalid opcode", "device not available", "double fault", "coprocessor overrun",
	"invalid TSS", "segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 floating point", "alignment check",
	"machine check", "SIMD floating point", "virtualization", "control protection",
};

const char *trap_name(uint64_t vector)
{
	if (vector < 32 && exception_names[vector])
		return exception_names[vector];
	return "interrupt";
}
