/* fork, vfork and clone (without threads). */
#include "exit.h"

#include "../core/boot.h"
#include "../core/counters.h"
#include "../core/snapshot.h"
#include "../file/file.h"
#include "../lib/errno.h"
#include "../lib/string.h"
#include "../mm/uaccess.h"
#include "../mm/vm.h"
#include "proc.h"
#include "rlimit.h"
#include "signal.h"
#include "xstate.h"


/* Copy what a child inherits besides memory: files, directory, signal
 * state, TLS, segment registers, FPU state. */
static void inherit(struct proc *child)
{
	for (uint64_t open = cur->fd_open; open; open &= open - 1) {
		int fd = __builtin_ctzll(open);
		child->files[fd] = file_get(cur->files[fd]);
	}
	child->fd_open = cur->fd_open;
	child->cloexec = cur->cloexec;
	child->cwd = cur->cwd ? fs_get(cur->cwd) : 0;
	if (cur->exe && fs_deny_write(cur->exe) == 0) /* never fails: cur runs it */
		proc_set_exe(child, cur->exe);
	child->umask = cur->umask;
	child->cred = cur->cred;
	memcpy(child->rlim, cur->rlim, sizeof(cur->rlim));
	if (child->rlim[RLIMIT_CPU].cur != RLIM_INFINITY)
		rlimit_cpu_arm(child); /* its own CPU time, from 0 */
	memcpy(child->comm, cur->comm, COMM_LEN);
	child->abi = cur->abi;
	child->fsbase = cur->fsbase;
	child->gsbase = cur->gsbase;
	memcpy(child->sigact, cur->sigact, sizeof(cur->sigact));
	child->sigmask = cur->sigmask;
	child->altstack_sp = cur->altstack_sp;
	child->altstack_size = cur->altstack_size;
	child->altstack_flags = cur->altstack_flags;
	memcpy(child->tls, cur->tls, sizeof(cur->tls));
	proc_save_segments(cur);
	memcpy(child->useg, cur->useg, sizeof(cur->useg));
	__asm__ volatile("fxsave %0" : "=m"(child->fpu));
	child->parent = cur;
	child->pgid = cur->pgid;
	child->sid = cur->sid;
	child->ctty = cur->ctty;
	child->nice = cur->nice;
	child->personality = cur->personality;
	*child->tf = *cur->tf;
	child->tf->rax = 0;
}

/* Refuse what would need threads; 0 when flags describe a process. */
static int check_flags(uint32_t flags)
{
	if (flags & CLONE_THREAD)
		return -EINVAL; /* threads are not supported */
	if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
		return -EINVAL; /* a shared address space without vfork is a thread */
	if (flags & (CLONE_SIGHAND | CLONE_FILES | CLONE_FS | CLONE_PARENT))
		return -EINVAL;
	return 0;
}

/* How fork copies an address space, by the command line: cow=off copies
 * pages, fork=copy copies page-table entries, else tables are shared. */
static enum vm_fork_mode fork_mode(void)
{
	if (boot.cow_off)
		return VM_FORK_EAGER;
	return boot.fork_tables == FORK_COPY ? VM_FORK_COW : VM_FORK_SHARE_TABLES;
}

/* The vfork parent sleeps until the child execs or exits, or until a
 * signal that ends the parent arrives (other signals wait, as on Linux). */
static void wait_for_vfork_child(struct proc *child, int pid)
{
	while (child->pid == pid && child->vfork_parent == cur && !signal_fatal_pending(cur))
		sleep_on(&child->vfork_parent, false);
}

long proc_fork(uint32_t flags, uaddr_t newsp, uaddr_t ptid, uaddr_t ctid)
{
	bool vfork = flags & CLONE_VFORK;
	struct proc *child;
	int rc = check_flags(flags), pid;

	if (rc || (cur->cred.uid != 0 && (rc = rlimit_nproc_check()))) /* root: no count */
		return rc;
	if ((child = proc_alloc()) == 0)
		return -EAGAIN;
	if (vfork) {
		child->mm = cur->mm;
		cur->mm->users++;
	} else if ((child->mm = vm_fork(cur->mm, fork_mode())) == 0) {
		proc_free(child);
		return -ENOMEM;
	}
	inherit(child);
	xstate_fork(child, vfork);
	child->exit_signal = (int)(flags & 0xff);
	if (newsp)
		child->tf->rsp = newsp;
	pid = child->pid;
	if (flags & CLONE_PARENT_SETTID)
		copy_to_user(cur->mm, ptid, &pid, sizeof(pid));
	if (flags & CLONE_CHILD_SETTID)
		copy_to_user(child->mm, ctid, &pid, sizeof(pid));
	if (flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = ctid;
	proc_prepare_return(child);
	child->origin = vfork ? CV_ORIGIN_VFORK : CV_ORIGIN_FORK;
	child->state = P_READY;
	if (vfork) {
		cv_counters.vforks++;
		child->vfork_parent = cur;
		snapshot_event(CV_SNAP_VFORK, pid);
		wait_for_vfork_child(child, pid);
	} else {
		cv_counters.forks++;
		snapshot_event(CV_SNAP_FORK, pid);
	}
	return pid;
}
