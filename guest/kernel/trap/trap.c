/* Trap dispatch: page faults, exceptions, the timer, and the system calls
 * that arrive as other traps (int 0x80 from 64-bit code on kvm-pvm). The
 * system calls' and user page faults' direct paths (trap_entry.S) skip
 * trap(): syscall_entry_*() and trap_page_fault(). */
#include "../arch/trap.h"

#include "../arch/extable.h"
#include "../arch/lapic.h"
#include "../arch/layout.h"
#include "../arch/syscall64.h"
#include "../arch/x86.h"
#include "../arch/xsave_stub.h"
#include "../core/panic.h"
#include "../lib/errno.h"
#include "../lib/printk.h"
#include "../mm/uaccess.h"
#include "../mm/vm.h"
#include "../proc/compat_fp.h"
#include "../proc/proc.h"
#include "../proc/signal.h"
#include "../proc/user_return.h"
#include "../sys/syscall.h"
#include "cpuid.h"

#define PF_WRITE 0x2
#define PF_FETCH 0x10

/* Raise sig for a fault of the current process at tf, with its siginfo
 * (code, addr) and what the sigcontext reports (trap number, error, cr2). */
static void user_fault(const struct trapframe *tf, int sig, int code, uint64_t addr, uint64_t cr2)
{
	cur->fault.vector = tf->vector == VEC_BAD_IRET ? VEC_GP : (uint32_t)tf->vector;
	cur->fault.error = (uint32_t)tf->error;
	cur->fault.eip = tf->rip;
	cur->fault.addr = cr2;
	signal_force_fault(sig, code, addr);
}

/* A user page fault: fill the page, or signal the process. */
static inline __attribute__((always_inline)) void user_page_fault(struct trapframe *tf)
{
	uint32_t access = (tf->error & PF_WRITE) ? VM_WRITE : (tf->error & PF_FETCH) ? VM_EXEC : VM_READ;
	uint64_t addr = read_cr2();
	int rc = addr >= cur->mm->user_end ? -EFAULT : vm_fault(cur->mm, addr, access);
	bool mapped;

	if (rc == 0)
		return;
	if (rc == -EIO) { /* a file mapping past the end of its file */
		user_fault(tf, SIGBUS, BUS_ADRERR, addr, addr);
		return;
	}
	if (rc == -ENOMEM) {
		printk("cowvisor kernel: out of memory: killing pid %d (%s)\n", cur->pid, cur->comm);
		cur->killed_by_kernel = true;
		return;
	}
	mapped = addr < cur->mm->user_end && vm_find(cur->mm, addr) != 0;
	user_fault(tf, SIGSEGV, mapped ? SEGV_ACCERR : SEGV_MAPERR, addr, addr);
}

/* Is tf a page fault of user code that is just that: not in the FPU
 * trampoline of a 32-bit program, not kvm-pvm's syscall at the entry? */
static inline bool plain_user_fault(const struct trapframe *tf)
{
	extern char syscall_entry[];

	if (tf->cs == SEL_USER_CS32)
		return true;
	return tf->cs == SEL_USER_CS64 && cur->abi == CV_ABI_X86_64 &&
	       tf->rip != (uint64_t)(uintptr_t)syscall_entry;
}

void trap_page_fault(struct trapframe *tf)
{
	if (!plain_user_fault(tf)) {
		if ((tf->cs & 3) == 3 && syscall64_fault_is_entry(tf)) { /* kvm-pvm's syscall */
			tf->vector = VEC_SYSCALL64;
			tf->error = tf->rax;
			syscall_entry_x86_64(tf); /* the direct path, as from syscall_entry */
		} else {
			trap(tf);
		}
		return;
	}
	cputime_trap_entry(cur);
	cur->fault.sig = 0;
	user_page_fault(tf);
	return_to_user(tf);
}

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

/* A system call that arrived as another trap (#UD, a page fault at the
 * entry page): mark tf as the call it is (vector VEC_SYSCALL or
 * VEC_SYSCALL64, error its number: signals may restart it), then run it. */
static void syscall_from_trap(struct trapframe *tf, uint64_t vector)
{
	tf->vector = vector;
	tf->error = tf->rax;
	if (vector == VEC_SYSCALL)
		syscall_dispatch(tf);
	else
		syscall_dispatch64(tf);
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
			user_page_fault(tf);
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
