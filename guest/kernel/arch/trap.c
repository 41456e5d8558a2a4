/* Trap dispatch: system calls (int 0x80 through its gate, or as #UD on
 * kvm-pvm), page faults, exceptions, the timer. */
#include "trap.h"

#include "../lib/errno.h"
#include "../lib/printk.h"
#include "../mm/layout.h"
#include "../mm/uaccess.h"
#include "../mm/vm.h"
#include "../panic.h"
#include "../proc/proc.h"
#include "../proc/signal.h"
#include "../sys/syscall.h"
#include "compat_fp.h"
#include "lapic.h"
#include "x86.h"

#define PF_WRITE 0x2
#define PF_FETCH 0x10

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

/* A user page fault: fill the page, or signal the process. */
static void user_page_fault(struct trapframe *tf)
{
	uint32_t access = (tf->error & PF_WRITE) ? VM_WRITE : (tf->error & PF_FETCH) ? VM_EXEC : VM_READ;
	uint64_t addr = read_cr2();
	int rc = addr >> 32 ? -EFAULT : vm_fault(cur->mm, (uint32_t)addr, access);

	if (rc == 0)
		return;
	if (rc == -ENOMEM) {
		printk("cowvisor kernel: out of memory: killing pid %d (%s)\n", cur->pid, cur->comm);
		cur->killed_by_kernel = true;
		return;
	}
	cur->fault.addr = (uint32_t)addr;
	signal_send(cur, SIGSEGV);
}

uint32_t xcr0;

/* kvm-pvm raises #UD for xgetbv in user mode although CPUID says OSXSAVE:
 * answer it as the CPU would (XCR0 is x87|SSE). True when it was xgetbv. */
static bool emulate_xgetbv(struct trapframe *tf)
{
	uint8_t insn[3];

	if (xcr0 == 0 || copy_from_user(cur->mm, insn, (uint32_t)tf->rip, 3) ||
	    insn[0] != 0x0f || insn[1] != 0x01 || insn[2] != 0xd0 || (uint32_t)tf->rcx != 0)
		return false;
	tf->rax = xcr0;
	tf->rdx = 0;
	tf->rip += 3;
	return true;
}

/* kvm-pvm delivers int n from user mode as #UD at the instruction: decode
 * it and do what the IDT gate would (system call, or the #GP/#BP that a
 * real CPU raises). Returns the signal to send, or 0. */
static int user_invalid_opcode(struct trapframe *tf)
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
	} else if (copy_from_user(cur->mm, insn, (uint32_t)tf->rip, 2) != 0 &&
		   copy_from_user(cur->mm, insn, (uint32_t)tf->rip, 1) != 0) {
		return SIGSEGV;
	}
	if (insn[0] == 0xcd && insn[1] == VEC_SYSCALL) {
		tf->rip += 2;
		syscall_dispatch(tf);
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
		return SIGSEGV;
	}
	if (emulate_xgetbv(tf) || compat_fp_redirect(tf))
		return 0;
	return SIGILL;
}

/* A trap from user mode (illegal: a #UD of an instruction the trampoline
 * ran natively, which the CPU itself does not know). */
static void user_trap(struct trapframe *tf, bool illegal)
{
	int sig = 0;

	if (illegal) {
		sig = SIGILL;
		goto out;
	}
	switch (tf->vector) {
	case VEC_SYSCALL:
		syscall_dispatch(tf);
		break;
	case VEC_INVALID_OP:
		sig = user_invalid_opcode(tf);
		break;
	case VEC_PAGE_FAULT:
		user_page_fault(tf);
		break;
	default:
		sig = signal_for_exception(tf->vector);
		break;
	}
out:
	if (sig) {
		cur->fault.vector = (uint32_t)tf->vector;
		cur->fault.eip = (uint32_t)tf->rip;
		signal_send(cur, sig);
	}
	if (tf->vector == VEC_PAGE_FAULT && (cur->sigpending & SIGBIT(SIGSEGV))) {
		cur->fault.vector = VEC_PAGE_FAULT;
		cur->fault.eip = (uint32_t)tf->rip;
		sig = SIGSEGV;
	}
	cur->fault.sig = sig;
}

void trap(struct trapframe *tf)
{
	bool from_user = (tf->cs & 3) == 3, illegal = false;

	if (from_user && compat_fp_in_trampoline(tf))
		illegal = compat_fp_unwind(tf); /* back to the 32-bit code first */
	if (tf->vector == VEC_TIMER) {
		lapic_timer_tick();
		sched_tick();
	} else if (tf->vector == VEC_SPURIOUS) {
		return;
	} else if (from_user) {
		user_trap(tf, illegal);
	} else {
		panic_frame(tf, "%s (vector %lu) in kernel mode at rip 0x%lx", trap_name(tf->vector),
			    tf->vector, tf->rip);
	}
	/* Slices end on the way back to user mode; not on the way into the
	 * trampoline, which another process's redirect would overwrite. */
	if (from_user && sched_preempt_due() && !compat_fp_in_trampoline(tf))
		sched_preempt_point();
	if (from_user && (cur->sigpending || cur->killed_by_kernel || cur->restore_sigmask))
		signal_deliver(tf);
}
