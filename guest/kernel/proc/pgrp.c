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
		if (exists(q) && q->pgid == pgid && q->sid == sid)
			return true;
	return false;
}

bool pgrp_id_in_use(int id)
{
	for (struct proc *q = proc_first(); q; q = proc_next(q))
		if (exists(q) && (q->pid == id || q->pgid == id || q->sid == id))
			return true;
	return false;
}

bool pgrp_orphaned(int pgid, const struct proc *ignore)
{
	for (struct proc *q = proc_first(); q; q = proc_next(q)) {
		const struct proc *parent = q->parent;
		if (!exists(q) || q->pgid != pgid || q == ignore || q->state == P_ZOMBIE ||
		    parent == 0 || parent->pid == 1)
			continue;
		if (parent->pgid != pgid && parent->sid == q->sid)
			return false; /* a link to a job-control parent outside */
	}
	return true;
}

/* Is a member of group pgid stopped? */
static bool has_stopped(int pgid)
{
	for (struct proc *q = proc_first(); q; q = proc_next(q))
		if (q->state == P_STOPPED && q->pgid == pgid)
			return true;
	return false;
}

int pgrp_signal(int pgid, int sig)
{
	int n = 0;

	for (struct proc *q = proc_first(); q; q = proc_next(q)) {
		if (!exists(q) || q->state == P_ZOMBIE || q->pgid != pgid)
			continue;
		signal_send_info(q, sig, SI_KERNEL, 0, 0);
		n++;
	}
	return n;
}

void pgrp_check_orphaned(struct proc *p, const struct proc *parent, const struct proc *ignore)
{
	if (parent == 0 || parent->pgid == p->pgid || parent->sid != p->sid)
		return;
	if (pgrp_orphaned(p->pgid, ignore) && has_stopped(p->pgid)) {
		pgrp_signal(p->pgid, SIGHUP);
		pgrp_signal(p->pgid, SIGCONT);
	}
}
