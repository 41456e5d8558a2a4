/* System call dispatch and --strace reporting. */
#include "syscall.h"

#include "../../../shared/hypercall.h"
#include "../../../shared/syscall.h"
#include "../arch/hypercall.h"
#include "../arch/layout.h"
#include "../core/boot.h"
#include "../lib/errno.h"
#include "../mm/vm.h"
#include "../proc/proc.h"
#include "../proc/user_return.h"
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

/* Run call nr of abi with its arguments (an i386 call's zero-extended:
 * its entry in the table sign-extends what is signed). */
static inline long run(enum cv_abi abi, uint64_t nr, const uint64_t *arg)
{
	if (abi == CV_ABI_I386 && __builtin_expect(nr < LINUX_NR_I386_COUNT, 1))
		return syscall_table_i386[nr](arg);
	if (abi == CV_ABI_X86_64 && __builtin_expect(nr < LINUX_NR_X86_64_COUNT, 1))
		return syscall_table_x86_64[nr](arg);
	return nr == CV_SYS_SNAPSHOT ? sys_cv_snapshot(arg) : -ENOSYS;
}

/* run() with --strace's reports around it (kept off the hot path). */
static __attribute__((noinline, cold)) long run_traced(enum cv_abi abi, uint64_t nr, const uint64_t *arg)
{
	uint64_t as_passed[6];
	long ret;

	for (int i = 0; i < 6; i++) /* arg may be the registers, which the call may change */
		as_passed[i] = arg[i];
	if (reported_on_entry(abi, (uint32_t)nr))
		report(CV_STRACE_ENTRY, abi, (uint32_t)nr, as_passed, 0);
	ret = run(abi, nr, as_passed);
	report(CV_STRACE_EXIT, abi, (uint32_t)nr, as_passed, ret);
	return ret;
}

/* Call nr of abi with arguments arg, --strace's reports around it when asked. */
static inline __attribute__((always_inline)) long call(enum cv_abi abi, uint64_t nr, const uint64_t *arg)
{
	return __builtin_expect(boot.strace, 0) ? run_traced(abi, nr, arg) : run(abi, nr, arg);
}

/* The one body of both ABIs' dispatch: the arguments from tf's registers
 * as abi passes them, the call, the result in rax. abi is a constant at
 * each use, so each ABI gets its own straight-line copy. */
static inline __attribute__((always_inline)) void dispatch(struct trapframe *tf, enum cv_abi abi)
{
	uint64_t nr = abi == CV_ABI_I386 ? (uint32_t)tf->rax : tf->rax;
	uint64_t arg[6];
	long ret;

	if (abi == CV_ABI_I386) { /* ebx ecx edx esi edi ebp, zero-extended */
		arg[0] = (uint32_t)tf->rbx, arg[1] = (uint32_t)tf->rcx, arg[2] = (uint32_t)tf->rdx;
		arg[3] = (uint32_t)tf->rsi, arg[4] = (uint32_t)tf->rdi, arg[5] = (uint32_t)tf->rbp;
	} else {                  /* rdi rsi rdx r10 r8 r9 */
		arg[0] = tf->rdi, arg[1] = tf->rsi, arg[2] = tf->rdx;
		arg[3] = tf->r10, arg[4] = tf->r8, arg[5] = tf->r9;
	}
	ret = call(abi, nr, arg); /* int 0x80 from 64-bit code: i386 layouts (cur_wide) */
	/* All of rax, as Linux: -errno sign-extended also for int 0x80 from
	 * 64-bit code (rcx and r11 keep rip and rflags, as syscall left them). */
	tf->rax = (uint64_t)ret;
}

void syscall_dispatch(struct trapframe *tf)
{
	dispatch(tf, CV_ABI_I386);
}

void syscall_dispatch64(struct trapframe *tf)
{
	dispatch(tf, CV_ABI_X86_64);
}

/* A system call straight from the entry code: both ABIs' one body. */
static inline __attribute__((always_inline)) void entry(struct trapframe *tf, enum cv_abi abi)
{
	cputime_trap_entry(cur);
	cur->fault.sig = 0; /* no fault raised the signals of this trap */
	dispatch(tf, abi);
	return_to_user(tf);
}

void syscall_entry_i386(struct trapframe *tf)
{
	entry(tf, CV_ABI_I386);
}

void syscall_entry_compat(struct trapframe *tf)
{
	cputime_trap_entry(cur);
	cur->fault.sig = 0; /* no fault raised the signals of this trap */
	/* ebx ecx edx esi edi ebp in a row in the frame, zero-extended already */
	tf->rax = (uint64_t)call(CV_ABI_I386, (uint32_t)tf->rax, &tf->rbx);
	return_to_user(tf);
}

void syscall_entry_x86_64(struct trapframe *tf)
{
	entry(tf, CV_ABI_X86_64);
}
