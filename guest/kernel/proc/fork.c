/* fork, vfork and clone (processes and threads). */
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
#include "thread.h"
#include "xstate.h"


/* Copy what a new thread or child takes from the current thread: ABI,
 * TLS, segment registers, FPU state, signal mask, registers (rax 0). */
static void inherit_thread(struct proc *child)
{
	if (cur->exe && fs_deny_write(cur->exe) == 0) /* never fails: cur runs it */
		proc_set_exe(child, cur->exe);
	child->cred = cur->cred;
	memcpy(child->comm, cur->comm, COMM_LEN);
	child->abi = cur->abi;
	child->fsbase = cur->fsbase;
	child->gsbase = cur->gsbase;
	child->sigmask = cur->sigmask;
	memcpy(child->tls, cur->tls, sizeof(cur->tls));
	proc_save_segments(cur);
	memcpy(child->useg, cur->useg, sizeof(cur->useg));
	__asm__ volatile("fxsave %0" : "=m"(child->fpu));
	child->nice = cur->nice;
	child->personality = cur->personality;
	*child->tf = *cur->tf;
	child->tf->rax = 0;
}

/* Copy what a child process inherits besides memory and its thread's
 * state: files, directory, limits, dispositions, altstack, group. */
static void inherit_process(struct proc *child)
{
	for (uint64_t open = cur->g->fd_open; open; open &= open - 1) {
		int fd = __builtin_ctzll(open);
		child->g->files[fd] = file_get(cur->g->files[fd]);
	}
	child->g->fd_open = cur->g->fd_open;
	child->g->cloexec = cur->g->cloexec;
	child->g->cwd = cur->g->cwd ? fs_get(cur->g->cwd) : 0;
	child->g->umask = cur->g->umask;
	memcpy(child->g->rlim, cur->g->rlim, sizeof(cur->g->rlim));
	if (child->g->rlim[RLIMIT_CPU].cur != RLIM_INFINITY)
		rlimit_cpu_arm(child); /* its own CPU time, from 0 */
	memcpy(child->g->sigact, cur->g->sigact, sizeof(cur->g->sigact));
	child->altstack_sp = cur->altstack_sp;
	child->altstack_size = cur->altstack_size;
	child->altstack_flags = cur->altstack_flags;
	child->parent = proc_leader(cur); /* the process's child, whichever thread forked */
	child->g->pgid = cur->g->pgid;
	child->g->sid = cur->g->sid;
	child->g->ctty = cur->g->ctty;
}

/* Linux's rules for clone's flags, then what this kernel offers: a thread
 * shares memory, files, directory and handlers (CLONE_VM, CLONE_FILES,
 * CLONE_FS, CLONE_SIGHAND), a process shares nothing but a vfork's
 * memory. 0 when allowed, else -EINVAL. */
static int check_flags(uint32_t flags)
{
	const uint32_t thread = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD;

	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if (flags & CLONE_THREAD) /* a thread not sharing all of these is not offered */
		return (flags & thread) == thread && !(flags & CLONE_VFORK) ? 0 : -EINVAL;
	if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
		return -EINVAL; /* a shared address space without vfork or a group */
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

/* The new thread t's TLS (CLONE_SETTLS): the FS base, or a GDT entry. */
static void set_tls(struct proc *t, const struct clone_tls *tls)
{
	if (t->abi == CV_ABI_X86_64 && tls->slot < 0)
		t->fsbase = tls->value;
	else
		t->tls[tls->slot] = tls->value;
}

long proc_fork(uint32_t flags, uaddr_t newsp, uaddr_t ptid, uaddr_t ctid, const struct clone_tls *tls)
{
	bool vfork = flags & CLONE_VFORK, thread = flags & CLONE_THREAD;
	struct proc *child;
	int rc = check_flags(flags), pid;

	if (rc || (cur->cred.uid != 0 && (rc = rlimit_nproc_check()))) /* root: no count */
		return rc;
	if ((child = proc_alloc()) == 0)
		return -EAGAIN;
	if (vfork || thread) {
		child->mm = cur->mm;
		cur->mm->users++;
	} else if ((child->mm = vm_fork(cur->mm, fork_mode())) == 0) {
		proc_free(child);
		return -ENOMEM;
	}
	inherit_thread(child);
	if (thread) {
		thread_join_group(child); /* no altstack (the slot is zeroed), as on Linux */
	} else {
		inherit_process(child);
		child->exit_signal = (int)(flags & 0xff);
	}
	xstate_fork(child, vfork);
	if (tls)
		set_tls(child, tls);
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
	child->origin = thread ? CV_ORIGIN_THREAD : vfork ? CV_ORIGIN_VFORK : CV_ORIGIN_FORK;
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
