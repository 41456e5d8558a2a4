/* #UD from user mode: int n as kvm-pvm delivers it, xgetbv, and the FPU
 * instructions of 32-bit programs for the trampoline. */
#include "invalid_opcode.h"

#include "../arch/layout.h"
#include "../arch/x86.h"
#include "../mm/uaccess.h"
#include "../proc/compat_fp.h"
#include "../proc/proc.h"
#include "../proc/signal.h"
#include "../sys/syscall.h"

/* kvm-pvm raises #UD for xgetbv in user mode although CPUID says OSXSAVE:
 * answer it as the CPU would (XCR0 is x87|SSE). True when it was xgetbv. */
static bool emulate_xgetbv(struct trapframe *tf, const uint8_t first[2])
{
	uint8_t insn[3];

	if (xcr0 == 0 || first[0] != 0x0f || first[1] != 0x01 || /* no copy on the FPU hot path */
	    copy_from_user(cur->mm, insn, tf->rip, 3) || insn[2] != 0xd0 ||
	    (uint32_t)tf->rcx != 0)
		return false;
	tf->rax = xcr0;
	tf->rdx = 0;
	tf->rip += 3;
	return true;
}

void syscall_from_trap(struct trapframe *tf, uint64_t vector)
{
	tf->vector = vector;
	tf->error = tf->rax;
	if (vector == VEC_SYSCALL)
		syscall_dispatch(tf);
	else
		syscall_dispatch64(tf);
}

int user_invalid_opcode(struct trapframe *tf)
{
	uint8_t insn[2] = { 0, 0 };

	/* The CPU has just decoded the bytes at rip: their page is mapped,
	 * and the current address space is the process's. Read them directly
	 * (the hot path of every system call on kvm-pvm) unless they could
	 * straddle into the next page. */
	if ((tf->rip & (PAGE_SIZE - 1)) != PAGE_SIZE - 1) {
		uint16_t both = *(volatile const uint16_t *)(uintptr_t)tf->rip;
		insn[0] = (uint8_t)both;
		insn[1] = (uint8_t)(both >> 8);
	} else if (copy_from_user(cur->mm, insn, tf->rip, 2) != 0 &&
		   copy_from_user(cur->mm, insn, tf->rip, 1) != 0) {
		return SIGSEGV;
	}
	if (insn[0] == 0xcd && insn[1] == VEC_SYSCALL) {
		tf->rip += 2;
		syscall_from_trap(tf, VEC_SYSCALL);
		return 0;
	}
	if (insn[0] == 0xcc) { /* int3: a trap after the instruction */
		tf->rip += 1;
		tf->vector = VEC_BREAKPOINT;
		return SIGTRAP;
	}
	if (insn[0] == 0xcd && insn[1] == VEC_BREAKPOINT) {
		tf->rip += 2;
		tf->vector = VEC_BREAKPOINT;
		return SIGTRAP;
	}
	if (insn[0] == 0xcd) {
		tf->vector = VEC_GP; /* int n through a kernel-only gate: #GP */
		tf->error = (uint64_t)insn[1] << 3 | 2; /* the IDT entry, as the CPU reports it */
		return SIGSEGV;
	}
	if (emulate_xgetbv(tf, insn) || compat_fp_redirect(tf))
		return 0;
	return SIGILL;
}
