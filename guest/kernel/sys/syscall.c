/* System call dispatch and --strace reporting. */
#include "syscall.h"

#include "../../../shared/hypercall.h"
#include "../../../shared/syscall.h"
#include "../arch/hypercall.h"
#include "../boot.h"
#include "../lib/errno.h"
#include "../mm/layout.h"
#include "../mm/vm.h"
#include "../proc/proc.h"
#include "handlers.h"
#include "table.h"

/* Tell the VMM about a call of abi's numbering (only when it asked for
 * --strace). */
static void report(uint32_t phase, enum cv_abi abi, uint32_t nr, const uint64_t *arg, long ret)
{
	struct cv_strace_event ev = {
		.phase = phase, .pid = (uint32_t)cur->pid, .nr = nr, .abi = abi, .ret = ret,
		.cr3 = cur->mm ? cur->mm->pml4 : 0,
	};

	for (int i = 0; i < 6; i++) /* the registers as the program passed them */
		ev.args[i] = abi == CV_ABI_I386 ? (uint32_t)arg[i] : arg[i];
	hypercall(CV_HC_STRACE, V2P(&ev), 0, 0, 0);
}

/* Does this call need an ENTRY report (it may not come back)? */
static int reported_on_entry(enum cv_abi abi, uint32_t nr)
{
	if (abi == CV_ABI_X86_64)
		return nr == NR_X86_64_execve || nr == NR_X86_64_exit || nr == NR_X86_64_exit_group;
	return nr == NR_I386_execve || nr == NR_I386_exit || nr == NR_I386_exit_group;
}

/* Sign-extend the (zero-extended) arguments whose bit is set in mask. */
static inline void sign_extend(uint64_t arg[6], uint32_t mask)
{
	for (int i = 0; mask; i++, mask >>= 1)
		if (mask & 1)
			arg[i] = (uint64_t)(int64_t)(int32_t)arg[i];
}

void syscall_dispatch(struct trapframe *tf)
{
	uint32_t nr = (uint32_t)tf->rax;
	uint64_t arg[6] = { (uint32_t)tf->rbx, (uint32_t)tf->rcx, (uint32_t)tf->rdx,
			    (uint32_t)tf->rsi, (uint32_t)tf->rdi, (uint32_t)tf->rbp };
	long ret;

	tf->vector = VEC_SYSCALL; /* a system call: signals may restart it */
	tf->error = nr;
	if (boot.strace && reported_on_entry(CV_ABI_I386, nr))
		report(CV_STRACE_ENTRY, CV_ABI_I386, nr, arg, 0);
	if (nr < LINUX_NR_I386_COUNT && syscall_table_i386[nr]) {
		sign_extend(arg, syscall_signed_i386[nr]);
		ret = syscall_table_i386[nr](arg);
	}
	else if (nr == CV_SYS_SNAPSHOT)
		ret = sys_cv_snapshot(arg);
	else
		ret = -ENOSYS;
	tf->rax = (uint64_t)ret; /* all of rax, as Linux: -errno sign-extended for int 0x80 from 64-bit code */
	if (boot.strace)
		report(CV_STRACE_EXIT, CV_ABI_I386, nr, arg, ret);
}

void syscall_dispatch64(struct trapframe *tf)
{
	uint64_t nr = tf->rax;
	uint64_t arg[6] = { tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9 };
	long ret;

	tf->vector = VEC_SYSCALL64; /* a system call: signals may restart it */
	tf->error = nr;
	if (boot.strace && reported_on_entry(CV_ABI_X86_64, (uint32_t)nr))
		report(CV_STRACE_ENTRY, CV_ABI_X86_64, (uint32_t)nr, arg, 0);
	if (nr < LINUX_NR_X86_64_COUNT && syscall_table_x86_64[nr])
		ret = syscall_table_x86_64[nr](arg);
	else if (nr == CV_SYS_SNAPSHOT)
		ret = sys_cv_snapshot(arg);
	else
		ret = -ENOSYS;
	tf->rax = (uint64_t)ret; /* rcx and r11 keep rip and rflags, as syscall left them */
	if (boot.strace)
		report(CV_STRACE_EXIT, CV_ABI_X86_64, (uint32_t)nr, arg, ret);
}
