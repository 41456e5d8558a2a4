/* Process exit, zombies and orphans, wait4. */
#include "exit.h"

#include "../arch/hypercall.h"
#include "../core/counters.h"
#include "../core/panic.h"
#include "../core/snapshot.h"
#include "../file/file.h"
#include "../lib/errno.h"
#include "../lib/printk.h"
#include "../lib/string.h"
#include "../mm/uaccess.h"
#include "../mm/vm.h"
#include "cputime.h"
#include "ctty.h"
#include "pgrp.h"
#include "proc.h"
#include "futex.h"
#include "signal.h"
#include "thread.h"
#include "xstate.h"

#include "../../../shared/linux_futex.h"
#include "../../../shared/linux_wait.h"


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

/* Close every descriptor of the current process's group; let go of its
 * working directory. */
static void close_files(void)
{
	for (uint64_t open = cur->g->fd_open; open; open &= open - 1)
		fd_close(__builtin_ctzll(open));
	if (cur->g->cwd)
		fs_put(cur->g->cwd);
	cur->g->cwd = 0;
}

/* Does the parent let its children vanish without a zombie? */
static bool parent_autoreaps(const struct proc *parent)
{
	const struct sigact *sa = &parent->g->sigact[SIGCHLD - 1];

	return sa->handler == SIG_IGN || (sa->flags & SA_NOCLDWAIT);
}

/* Zombie z is ready for its parent: send its exit signal, wake the parent,
 * and free z at once when nobody will wait for it (a SIGCHLD child of a
 * parent that ignores SIGCHLD or set SA_NOCLDWAIT, as on Linux). */
static void notify_parent(struct proc *z)
{
	struct proc *parent = z->parent;

	if (z->exit_signal)
		signal_send_child(parent, z->exit_signal, z->pid, z->wait_status);
	if (z->exit_signal == SIGCHLD && parent_autoreaps(parent)) {
		z->parent = 0;
		proc_free(z);
	}
	wakeup(parent);
}

/* Give the children of the process led by leader to init, which hears of
 * their end by SIGCHLD; zombies among them are reported to it now, the
 * living get the signal they asked for at their parent's death. A child's
 * group this leaves orphaned with stopped members is hung up. */
static void reparent_children(struct proc *leader)
{
	struct proc *init = proc_find(1);

	for (struct proc *q = proc_first(); q; q = proc_next(q)) {
		if (q->state == P_FREE || q->parent != leader)
			continue;
		q->parent = init;
		if (!proc_is_leader(q))
			continue; /* a child's other thread: its getppid */
		q->exit_signal = SIGCHLD;
		if (q->pdeath_signal && q->state != P_ZOMBIE) /* PR_SET_PDEATHSIG, from the parent */
			signal_send(q, q->pdeath_signal);
		if (q->state == P_ZOMBIE && proc_gone(q))
			notify_parent(q);
		else
			pgrp_check_orphaned(q, leader, 0);
	}
}

/* Let go of what the current thread holds alone: tell a joiner through
 * clear_child_tid (0 written, one futex waiter woken), release a vfork
 * parent, the FPU state, its hold on the address space and program. */
static void release_thread(void)
{
	uint32_t zero = 0;
	struct futex_key key;

	if (cur->clear_child_tid && cur->mm && cur->mm->users > 1 && /* else nobody can see it (Linux's rule) */
	    copy_to_user(cur->mm, cur->clear_child_tid, &zero, sizeof(zero)) == 0 &&
	    futex_key_of(cur->mm, cur->clear_child_tid, false, &key) == 0)
		futex_wake_key(&key, 1, FUTEX_BITSET_MATCH_ANY); /* pthread_join waits there */
	proc_release_vfork_parent();
	xstate_exit(cur);
	if (cur->mm)
		vm_release(cur->mm);
	cur->mm = 0;
	proc_drop_exe(cur);
}

/* The current thread ends while others of its group run: a leader stays
 * a zombie (wait4 does not see it until the group has ended), another
 * thread's slot is freed at once. */
static void __attribute__((noreturn)) thread_gone(void)
{
	cputime_thread_end();
	if (proc_is_leader(cur)) {
		cur->state = P_ZOMBIE; /* its status comes when the group ends */
	} else {
		proc_free(cur); /* nothing reuses the slot before we switch away */
	}
	schedule();
	panic("an ended thread ran again");
}

/* The last thread of the group led by leader has ended (the current one):
 * the process ends with wstatus, becomes a zombie and tells its parent. */
static void __attribute__((noreturn)) group_gone(struct proc *leader, int wstatus)
{
	close_files();
	memset(cur->g->itimer, 0, sizeof(cur->g->itimer));
	ctty_leader_exit(leader);
	reparent_children(leader);
	pgrp_check_orphaned(leader, leader->parent, leader); /* our group may lose its last link */
	leader->wait_status = wstatus;
	leader->state = P_ZOMBIE;
	if (leader != cur) {
		cputime_thread_end(); /* the leader's own stays in its slot */
		proc_free(cur);
	}
	snapshot_event(CV_SNAP_EXIT, leader->pid);
	notify_parent(leader); /* may free its slot: nothing runs until we switch */
	schedule();
	panic("a zombie ran again");
}

void proc_exit(int wstatus)
{
	struct proc *leader = proc_leader(cur);

	if (cur->g->nthreads == 1) { /* the last thread: the process ends */
		cv_counters.exits++;
		if (cur->g->exiting)
			wstatus = cur->g->exit_status; /* exit_group's, or the fatal signal's */
		/* else the last thread's, as Linux 6.1 (not the leader's) */
		if (cur->tgid == 1)
			init_ended(wstatus); /* before anything is released: the VMM's last look */
	}
	release_thread();
	if (--cur->g->nthreads > 0)
		thread_gone();
	group_gone(leader, wstatus);
}

void proc_exit_group(int wstatus)
{
	if (thread_count(cur) > 1) /* else there is nobody to end */
		thread_group_exit(wstatus);
	proc_exit(wstatus);
}

/* Which children a wait call is about (waitid's idtype and id) and how. */
struct wait_req {
	int idtype, id, options;
};

/* Does child q match the request? Without __WALL only children whose exit
 * signal is SIGCHLD count, or with __WCLONE only the others, as on Linux. */
static bool wait_matches(const struct proc *q, const struct wait_req *w)
{
	bool clone_child = q->exit_signal != SIGCHLD;

	if (!(w->options & __WALL) && clone_child != ((w->options & __WCLONE) != 0))
		return false;
	if (w->idtype == P_PID)
		return q->pid == w->id;
	if (w->idtype == P_PGID)
		return q->g->pgid == w->id;
	return true;
}

/* What child q has to report to a wait with these options: its wait
 * status (exited or killed; stopped 0x7f | sig << 8 with WUNTRACED;
 * continued 0xffff with WCONTINUED), or -1 for nothing. */
static int reportable(const struct proc *q, int options)
{
	if (q->state == P_ZOMBIE && proc_gone(q)) /* a leader whose threads run is not reported */
		return options & WEXITED ? q->wait_status : -1;
	if (q->state == P_STOPPED && q->stop_report && (options & WUNTRACED))
		return WSTATUS_STOPPED(q->stop_report);
	if (q->cont_report && (options & WCONTINUED))
		return WSTATUS_CONTINUED;
	return -1;
}

/* Wait for a child matching w with something to report (see reportable).
 * Returns it in *found with 1; 0 for WNOHANG when none is ready; -ECHILD
 * or -EINTR. */
static int wait_for_child(const struct wait_req *w, struct proc **found)
{
	struct proc *leader = proc_leader(cur); /* any thread waits for the group's children */
	bool interrupted = false;

	/* A zombie found after a signal woke us still wins over -EINTR. */
	for (;;) {
		bool have_child = false;

		for (struct proc *q = proc_first(); q; q = proc_next(q)) {
			if (q->state == P_FREE || q->parent != leader || !proc_is_leader(q) ||
			    !wait_matches(q, w))
				continue;
			have_child = true;
			if (reportable(q, w->options) != -1) {
				*found = q;
				return 1;
			}
		}
		if (!have_child)
			return -ECHILD;
		if (w->options & WNOHANG)
			return 0;
		if (interrupted)
			return -EINTR;
		interrupted = sleep_on(leader, true) != 0;
	}
}

/* Store q's resource usage (its times and its reaped children's, as
 * Linux's wait4 reports) at urusage (0: not asked); 0 or -EFAULT. */
static int put_child_rusage(const struct proc *q, uaddr_t urusage)
{
	uint64_t user, sys;

	if (urusage == 0)
		return 0;
	cputime_get_process(q, &user, &sys);
	return rusage_put(urusage, user + q->cpu.child_user_ns, sys + q->cpu.child_sys_ns);
}

/* The report of child q is taken: a zombie is freed (its times become
 * the caller's children's), a stop or continue report is consumed. */
static void consume(struct proc *q)
{
	if (q->state == P_ZOMBIE && proc_gone(q)) {
		cputime_add_child(proc_leader(cur), q); /* the process's, whichever thread waited */
		proc_free(q);
	} else if (q->state == P_STOPPED && q->stop_report) {
		q->stop_report = 0;
	} else {
		q->cont_report = false;
	}
}

/* Report child q to the caller and consume the report; its pid or -EFAULT. */
static long reap(struct proc *q, uaddr_t ustatus, uaddr_t urusage, int options)
{
	int pid = q->pid, status = reportable(q, options);

	if (ustatus && copy_to_user(cur->mm, ustatus, &status, 4))
		return -EFAULT;
	if (put_child_rusage(q, urusage))
		return -EFAULT;
	consume(q);
	return pid;
}

long proc_wait4(int pid, uaddr_t ustatus, int options, uaddr_t urusage)
{
	struct wait_req w = { P_ALL, 0, options | WEXITED };
	struct proc *q;
	int rc;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (pid == (int)0x80000000)
		return -ESRCH; /* -pid would not exist */
	if (pid > 0)
		w = (struct wait_req){ P_PID, pid, w.options };
	else if (pid == 0)
		w = (struct wait_req){ P_PGID, cur->g->pgid, w.options };
	else if (pid < -1)
		w = (struct wait_req){ P_PGID, -pid, w.options };
	rc = wait_for_child(&w, &q);
	return rc == 1 ? reap(q, ustatus, urusage, w.options) : rc;
}

/* The SIGCHLD siginfo fields waitid fills (si_signo, si_errno, si_code,
 * si_pid, si_uid, si_status), for child q's report or, when q is NULL,
 * all zero. */
static void child_siginfo(const struct proc *q, int options, int32_t si[6])
{
	int status = 0, code = q ? wstatus_cld(reportable(q, options), &status) : 0;

	si[0] = q ? SIGCHLD : 0;
	si[1] = 0;
	si[2] = code;
	si[3] = q ? q->pid : 0;
	si[4] = 0; /* uid: everything runs as root */
	si[5] = status;
}

/* Write waitid's siginfo fields si to uinfo in the caller's ABI's layout:
 * as on Linux only the fields, not the padding. Nonzero on a bad address. */
static int put_child_siginfo(uaddr_t uinfo, const int32_t si[6])
{
	uaddr_t fields = uinfo + (cur_wide() ? 16 : 12); /* x86-64 aligns the union to 8 */

	return copy_to_user(cur->mm, uinfo, si, 12) || copy_to_user(cur->mm, fields, si + 3, 12);
}

long proc_waitid(int idtype, int id, uaddr_t uinfo, int options, uaddr_t urusage)
{
	struct wait_req w = { idtype, id, options };
	struct proc *q = 0;
	int32_t si[6];
	int rc;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD |
			__WCLONE | __WALL) || !(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	if ((idtype == P_PID && id <= 0) || (idtype == P_PGID && id < 0) ||
	    (idtype != P_ALL && idtype != P_PID && idtype != P_PGID))
		return -EINVAL; /* P_PIDFD: there are no pidfds */
	if (idtype == P_PGID && id == 0)
		w.id = cur->g->pgid;
	if ((rc = wait_for_child(&w, &q)) < 0)
		return rc;
	child_siginfo(rc ? q : 0, options, si);
	if (uinfo && put_child_siginfo(uinfo, si))
		return -EFAULT;
	if (rc && put_child_rusage(q, urusage))
		return -EFAULT;
	if (rc && !(options & WNOWAIT))
		consume(q);
	return 0;
}
