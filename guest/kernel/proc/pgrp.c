/* Process groups and sessions. */
#include "pgrp.h"

#include "signal.h"

/* Is q a process (live or zombie)? */
static bool exists(const struct proc *q)
{
	return q->state != P_FREE;
}

bool pgrp_in_session(int pgid, int sid)
{
	for (struct proc *q = proc_first(); q; q = proc_next(q))
		if (exists(q) && q->g->pgid == pgid && q->g->sid == sid)
			return true;
	return false;
}

bool pgrp_id_in_use(int id)
{
	for (struct proc *q = proc_first(); q; q = proc_next(q))
		if (exists(q) && (q->pid == id || q->g->pgid == id || q->g->sid == id))
			return true;
	return false;
}

bool pgrp_orphaned(int pgid, const struct proc *ignore)
{
	for (struct proc *q = proc_first(); q; q = proc_next(q)) {
		const struct proc *parent = q->parent;
		if (!exists(q) || q->g->pgid != pgid || q == ignore || q->state == P_ZOMBIE ||
		    parent == 0 || parent->pid == 1)
			continue;
		if (parent->g->pgid != pgid && parent->g->sid == q->g->sid)
			return false; /* a link to a job-control parent outside */
	}
	return true;
}

/* Is a member of group pgid stopped? */
static bool has_stopped(int pgid)
{
	for (struct proc *q = proc_first(); q; q = proc_next(q))
		if (q->state == P_STOPPED && q->g->pgid == pgid)
			return true;
	return false;
}

int pgrp_signal(int pgid, int sig)
{
	int n = 0;

	for (struct proc *q = proc_first(); q; q = proc_next(q)) {
		if (proc_gone(q) || !proc_is_leader(q) || q->g->pgid != pgid)
			continue; /* each process once, by its leader */
		signal_send_info(q, sig, SI_KERNEL, 0, 0);
		n++;
	}
	return n;
}

void pgrp_check_orphaned(struct proc *p, const struct proc *parent, const struct proc *ignore)
{
	if (parent == 0 || parent->g->pgid == p->g->pgid || parent->g->sid != p->g->sid)
		return;
	if (pgrp_orphaned(p->g->pgid, ignore) && has_stopped(p->g->pgid)) {
		pgrp_signal(p->g->pgid, SIGHUP);
		pgrp_signal(p->g->pgid, SIGCONT);
	}
}
