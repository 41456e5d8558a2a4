/* Thread groups: joining, choosing a thread for a signal, ending all. */
#include "thread.h"

#include "../file/rlock.h"
#include "signal.h"

void thread_join_group(struct proc *t)
{
	t->g = cur->g;
	t->tgid = cur->tgid;
	t->parent = cur->parent;       /* getppid is the process's */
	t->exit_signal = 0;            /* a thread's end is told to nobody */
	cur->g->nthreads++;
}

/* Can thread q take a signal now (alive, not ending)? */
static bool live(const struct proc *q)
{
	return q->state != P_FREE && q->state != P_ZOMBIE;
}

/* Does thread q take sig at once: not blocked, or waited for (sigwait)? */
static bool wants(const struct proc *q, int sig)
{
	return !(q->sigmask & SIGBIT(sig)) || (q->sigwaiting & SIGBIT(sig));
}

struct proc *thread_for_signal(struct proc *p, int sig)
{
	struct proc *any = 0;

	if (sig < 1 || sig > NSIG)
		return p; /* refused by the sender */
	if (live(p) && (p->g->nthreads == 1 || wants(p, sig)))
		return p; /* one thread, or p takes it */
	for (struct proc *q = proc_first(); q; q = proc_next(q)) {
		if (q->g != p->g || !live(q))
			continue;
		if (wants(q, sig))
			return q;
		if (any == 0)
			any = q;
	}
	return any ? any : p;
}

/* SIGKILL to every other live thread of the current group; how many. */
static int kill_others(void)
{
	int n = 0;

	for (struct proc *q = proc_first(); q; q = proc_next(q)) {
		if (q == cur || q->g != cur->g || !live(q))
			continue;
		signal_kill_thread(q);
		n++;
	}
	return n;
}

void thread_group_exit(int wstatus)
{
	if (cur->g->exiting || cur->g->nthreads == 1)
		return; /* another thread began it (its status stands), or none to end */
	cur->g->exiting = true;
	cur->g->exit_status = wstatus;
	kill_others();
}

/* The current thread, the last of its group, takes the place of the
 * group's leader (a zombie since it ended): pid, parent, children, the
 * group's state; the leader's slot is freed. */
static void take_leader_place(struct proc *leader)
{
	cur->grp = leader->grp;
	cur->g = &cur->grp;
	if (cur->grp.rlocked)
		rlock_move_owner(&leader->grp, &cur->grp); /* POSIX locks: the group's state */
	cur->pid = leader->pid;
	cur->parent = leader->parent;
	cur->exit_signal = leader->exit_signal;
	cur->origin = leader->origin;
	cur->execs = leader->execs; /* the process's, for the VMM */
	cur->start_ns = leader->start_ns;
	cur->cpu.child_user_ns = leader->cpu.child_user_ns; /* its reaped children's times */
	cur->cpu.child_sys_ns = leader->cpu.child_sys_ns;
	for (struct proc *q = proc_first(); q; q = proc_next(q))
		if (q->state != P_FREE && q->parent == leader)
			q->parent = cur;
	proc_free(leader);
}

bool thread_exec_alone(void)
{
	struct proc *leader = proc_leader(cur);

	cur->g->exiting = true; /* the killed threads end alone, not the group */
	while (kill_others() > 0 && !signal_fatal_pending(cur)) {
		cur->state = P_READY; /* they end when they next run */
		schedule();
	}
	cur->g->exiting = false;
	if (cur->g->nthreads > 1)
		return false; /* killed meanwhile: we end as the signal says */
	if (leader != cur)
		take_leader_place(leader);
	return true;
}
