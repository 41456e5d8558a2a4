/* User page faults: the direct path from trap_entry.S (trap_page_fault),
 * and the faults that took the full trap (trap_user_page_fault). */
#include "page_fault.h"

#include "ldt_fault.h"

#include "../arch/syscall64.h"
#include "../arch/x86.h"
#include "../lib/errno.h"
#include "../lib/printk.h"
#include "../mm/vm.h"
#include "../proc/proc.h"
#include "../proc/signal.h"
#include "../proc/user_return.h"
#include "../sys/syscall.h"

#define PF_WRITE 0x2
#define PF_FETCH 0x10

void user_fault(const struct trapframe *tf, int sig, int code, uint64_t addr, uint64_t cr2)
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
	if (tf->cs == SEL_USER_CS32 && ldt_fault_as_gp(tf, addr)) /* kvm-pvm's LDT read */
		return;
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

void trap_user_page_fault(struct trapframe *tf)
{
	user_page_fault(tf);
}
