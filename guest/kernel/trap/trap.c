/* Trap dispatch: the timer, exceptions from user mode (page faults to
 * page_fault.c, #UD to invalid_opcode.c, the rest as signals) and from the
 * kernel. The system calls' and user page faults' direct paths
 * (trap_entry.S) skip trap(): syscall_entry_*() and trap_page_fault(). */
#include "../arch/trap.h"

#include "../arch/extable.h"
#include "../arch/lapic.h"
#include "../arch/syscall64.h"
#include "../arch/x86.h"
#include "../arch/xsave_stub.h"
#include "../core/panic.h"
#include "../proc/compat_fp.h"
#include "../proc/proc.h"
#include "../proc/signal.h"
#include "../proc/user_return.h"
#include "cpuid.h"
#include "invalid_opcode.h"
#include "page_fault.h"

/* The si_code of an x87 (vector 16) or SSE (19) floating-point exception:
 * the first unmasked exception flag, in Linux's order. */
static int fpu_exception_code(uint64_t vector)
{
	uint32_t flags;

	if (vector == 19) {
		uint32_t mxcsr;
		__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
		flags = mxcsr & ~(mxcsr >> 7);
	} else {
		uint16_t sw, cw;
		__asm__ volatile("fnstsw %0; fnstcw %1" : "=m"(sw), "=m"(cw));
		flags = sw & ~(uint32_t)cw;
	}
	return flags & 0x01 ? FPE_FLTINV : flags & 0x04 ? FPE_FLTDIV : flags & 0x08 ? FPE_FLTOVF :
	       flags & 0x12 ? FPE_FLTUND : flags & 0x20 ? FPE_FLTRES : SI_KERNEL;
}

/* si_code and si_addr of the signal a user exception raises. */
static void exception_info(const struct trapframe *tf, int sig, int *code, uint64_t *addr)
{
	*code = tf->vector == 16 || tf->vector == 19 ? fpu_exception_code(tf->vector)
		: sig == SIGILL ? ILL_ILLOPN : signal_code_for_exception(tf->vector);
	/* the instruction, for the codes that name one (not SI_KERNEL, #AC) */
	*addr = *code == SI_KERNEL || tf->vector == 17 ? 0 : tf->rip;
}

uint32_t xcr0;

/* A trap from user mode (illegal: a #UD of an instruction the trampoline
 * ran natively, which the CPU itself does not know; in_tramp: taken in the
 * trampoline, now unwound). */
static void user_trap(struct trapframe *tf, bool illegal, bool in_tramp)
{
	int sig = 0, code;
	uint64_t addr;

	cur->fault.sig = 0;
	if (illegal) {
		sig = SIGILL;
		goto out;
	}
	switch (tf->vector) {
	case VEC_INVALID_OP:
		sig = user_invalid_opcode(tf);
		break;
	case VEC_PAGE_FAULT:
		if (syscall64_fault_is_entry(tf))
			syscall_from_trap(tf, VEC_SYSCALL64); /* kvm-pvm's syscall */
		else if (!(in_tramp && compat_fp_fetch_fault(read_cr2())))
			trap_user_page_fault(tf);
		break;
	case VEC_GP:
		if (!cpuid_user_emulate(tf))
			sig = signal_for_exception(tf->vector);
		break;
	case VEC_BAD_IRET:
		/* the frame held selectors the CPU refused: flat ones instead */
		tf->cs = tf->cs == SEL_USER_CS64 ? SEL_USER_CS64 : SEL_USER_CS32;
		tf->ss = SEL_USER_DS;
		sig = SIGSEGV;
		break;
	default:
		sig = signal_for_exception(tf->vector);
		break;
	}
out:
	if (sig) {
		exception_info(tf, sig, &code, &addr);
		user_fault(tf, sig, code, addr, 0);
	}
}

/* A fault of the kernel at an instruction the exception table lists (a
 * load of a selector the program chose): resume at its fixup. False when
 * the fault is not one of those, a kernel bug. */
static bool kernel_fault_fixup(struct trapframe *tf)
{
	uint64_t fixup = extable_fixup(tf->rip);

	if (fixup == 0)
		return false;
	tf->rip = fixup;
	return true;
}

void trap(struct trapframe *tf)
{
	bool from_user = (tf->cs & 3) == 3 || tf->vector == VEC_BAD_IRET, illegal = false;
	/* An exception in the trampoline belongs to a 32-bit instruction: back
	 * to it first. An interrupt there returns into the trampoline. */
	bool in_tramp = from_user && tf->vector < 32 && compat_fp_in_trampoline(tf);

	if (xstub_running) /* the XSAVE stub faulted: back to its caller */
		xstub_abort(tf->vector);
	if (from_user)
		cputime_trap_entry(cur);
	if (in_tramp)
		illegal = compat_fp_unwind(tf);
	if (tf->vector == VEC_TIMER) {
		lapic_timer_tick();
		sched_tick();
	} else if (tf->vector == VEC_SPURIOUS) {
		return;
	} else if (from_user) {
		user_trap(tf, illegal, in_tramp);
	} else if (!kernel_fault_fixup(tf)) {
		panic_frame(tf, "%s (vector %lu) in kernel mode at rip 0x%lx", trap_name(tf->vector),
			    tf->vector, tf->rip);
	}
	if (from_user)
		return_to_user(tf);
}
