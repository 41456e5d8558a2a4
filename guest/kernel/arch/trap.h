/* Traps: the register frame the entry code saves, and the IDT. */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#define VEC_DIVIDE      0
#define VEC_DEBUG       1
#define VEC_BREAKPOINT  3
#define VEC_INVALID_OP  6
#define VEC_DOUBLE      8
#define VEC_GP          13
#define VEC_PAGE_FAULT  14
#define VEC_TIMER       32
#define VEC_SYSCALL     0x80
#define VEC_SPURIOUS    0xff
#define VEC_BAD_IRET    0x100 /* not a CPU vector: the return to user mode faulted */
#define VEC_SYSCALL64   0x101 /* not a CPU vector: the syscall instruction (syscall_entry) */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct trapframe {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbx, rcx, rdx, rsi, rdi, rbp, rax; /* i386's argument registers in its order */
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};
_Static_assert(sizeof(struct trapframe) == 22 * 8, "trapframe layout (see trap_entry.S)");

/* What the CPU pushes on a trap: the tail of struct trapframe. */
struct iret_frame {
	uint64_t rip, cs, rflags, rsp, ss;
};
_Static_assert(__builtin_offsetof(struct trapframe, rip) + sizeof(struct iret_frame) ==
	       sizeof(struct trapframe), "iret_frame ends trapframe");

/* Fill and load the IDT; call once at boot. */
void idt_init(void);

/* Called by the entry code for every trap and interrupt (the policy:
 * trap/trap.c). */
void trap(struct trapframe *tf);

/* Vector 14's direct path from the entry code: a user page fault goes
 * to the fault handler without trap()'s decisions; anything else to trap()
 * (trap/page_fault.c). */
void trap_page_fault(struct trapframe *tf);



/* The name of an exception vector, e.g. "page fault". */
const char *trap_name(uint64_t vector);

#endif /* __ASSEMBLER__ */
#endif
