/* Process exit, zombies and orphans, wait4. */
#include "exit.h"

#include "../counters.h"
#include "../arch/hypercall.h"
#include "../file/file.h"
#include "../introspect.h"
#include "../lib/errno.h"
#include "../lib/printk.h"
#include "../mm/uaccess.h"
#include "../mm/vm.h"
#include "../panic.h"
#include "proc.h"
#include "signal.h"

#define WNOHANG 1
#define RUSAGE32_SIZE 72


/* init has ended: power off with its status as cowvisor's exit status. */
static void __attribute__((noreturn)) init_ended(int wstatus)
{
	int sig = wstatus & 0x7f;

	if (sig)
		poweroff_signaled(sig);
	poweroff((wstatus >> 8) & 0xff);
}

void proc_release_vfork_parent(void)
{
	if (cur->vfork_parent) {
		cur->vfork_parent = 0;
		wakeup(&cur->vfork_parent);
	}
}

/* Close every descriptor of the current process. */
static void close_files(void)
{
	for (int fd = 0; fd < NOFILE; fd++)
		if (cur->files[fd])
			fd_close(fd);
}

/* Give the current process's children to init; wake init for zombies. */
static void reparent_children(void)
{
	struct proc *init = proc_find(1);

	for (struct proc *q = proc_first(); q; q = proc_next(q)) {
		if (q->state == P_FREE || q->parent != cur)
			continue;
		q->parent = init;
		q->exit_signal = SIGCHLD; /* as Linux: an orphan's clone signal never reaches init */
		introspect_proc(q);
		if (q->state == P_ZOMBIE)
			wakeup(init);
	}
}

/* Does the parent let its children vanish without a zombie? */
static bool parent_autoreaps(const struct proc *parent)
{
	const struct sigact *sa = &parent->sigact[SIGCHLD - 1];

	return sa->handler == SIG_IGN || (sa->flags & SA_NOCLDWAIT);
}

void proc_exit(int wstatus)
{
	struct proc *parent = cur->parent;
	uint32_t zero = 0;

	cv_counters.exits++;
	if (cur->pid == 1)
		init_ended(wstatus);
	if (cur->clear_child_tid && cur->mm)
		copy_to_user(cur->mm, cur->clear_child_tid, &zero, sizeof(zero));
	close_files();
	proc_release_vfork_parent();
	if (cur->mm)
		vm_release(cur->mm);
	cur->mm = 0;
	reparent_children();
	cur->wait_status = wstatus;
	cur->state = P_ZOMBIE;
	introspect_proc(cur);
	snapshot_event(CV_SNAP_EXIT, cur->pid);
	if (parent_autoreaps(parent)) {
		cur->parent = 0; /* nobody will wait: reaped at once */
		proc_free(cur);
	} else if (cur->exit_signal) {
		signal_send(parent, cur->exit_signal);
	}
	wakeup(parent);
	schedule();
	panic("a zombie ran again");
}

/* Does child q match wait4's pid argument for the caller? */
static bool wait_matches(const struct proc *q, int pid)
{
	if (pid > 0)
		return q->pid == pid;
	if (pid == 0)
		return q->pgid == cur->pgid;
	if (pid < -1)
		return q->pgid == -pid;
	return true;
}

/* Report zombie q to the caller and free it; its pid or -EFAULT. */
static long reap(struct proc *q, uint32_t ustatus, uint32_t urusage)
{
	static const uint8_t zeros[RUSAGE32_SIZE];
	int pid = q->pid;

	if (ustatus && copy_to_user(cur->mm, ustatus, &q->wait_status, 4))
		return -EFAULT;
	if (urusage && copy_to_user(cur->mm, urusage, zeros, sizeof(zeros)))
		return -EFAULT;
	proc_free(q);
	return pid;
}

long proc_wait4(int pid, uint32_t ustatus, int options, uint32_t urusage)
{
	bool interrupted = false;

	if (options & ~(WNOHANG | 0x40000000 /* __WALL */ | 0x80000000 /* __WCLONE */))
		return -EINVAL;
	/* A zombie found after a signal woke us still wins over -EINTR. */
	for (;;) {
		bool have_child = false;

		for (struct proc *q = proc_first(); q; q = proc_next(q)) {
			if (q->state == P_FREE || q->parent != cur || !wait_matches(q, pid))
				continue;
			have_child = true;
			if (q->state == P_ZOMBIE)
				return reap(q, ustatus, urusage);
		}
		if (!have_child)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		if (interrupted)
			return -EINTR;
		interrupted = sleep_on(cur, true) != 0;
	}
}
