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

#define NR_EXIT       1
#define NR_EXECVE     11
#define NR_EXIT_GROUP 252

/* Tell the VMM about a call (only when it asked for --strace). */
static void report(uint32_t phase, uint32_t nr, const uint32_t *arg, long ret)
{
	struct cv_strace_event ev = {
		.phase = phase, .pid = (uint32_t)cur->pid, .nr = nr, .ret = ret,
		.cr3 = cur->mm ? cur->mm->pml4 : 0,
	};

	for (int i = 0; i < 6; i++)
		ev.args[i] = arg[i];
	hypercall(CV_HC_STRACE, V2P(&ev), 0, 0, 0);
}

/* Does this call need an ENTRY report (it may not come back)? */
static int reported_on_entry(uint32_t nr)
{
	return nr == NR_EXECVE || nr == NR_EXIT || nr == NR_EXIT_GROUP;
}

void syscall_dispatch(struct trapframe *tf)
{
	uint32_t nr = (uint32_t)tf->rax;
	uint32_t arg[6] = { (uint32_t)tf->rbx, (uint32_t)tf->rcx, (uint32_t)tf->rdx,
			    (uint32_t)tf->rsi, (uint32_t)tf->rdi, (uint32_t)tf->rbp };
	long ret;

	tf->vector = VEC_SYSCALL; /* a system call: signals may restart it */
	tf->error = nr;
	if (boot.strace && reported_on_entry(nr))
		report(CV_STRACE_ENTRY, nr, arg, 0);
	if (nr < NR_SYSCALLS && syscall_table[nr])
		ret = syscall_table[nr](arg);
	else if (nr == CV_SYS_SNAPSHOT)
		ret = sys_cv_snapshot(arg);
	else
		ret = -ENOSYS;
	tf->rax = (uint32_t)ret;
	if (boot.strace)
		report(CV_STRACE_EXIT, nr, arg, ret);
}
