/* The console as the controlling terminal of a session. */
#include "ctty.h"

#include "../lib/errno.h"
#include "pgrp.h"
#include "signal.h"

static struct {
	int sid;   /* the session it controls (0: none) */
	int pgrp;  /* its foreground process group (0: none) */
} tty;

void ctty_init(struct proc *init)
{
	tty.sid = init->g->sid;
	tty.pgrp = init->g->pgid;
	init->g->ctty = true;
}

bool ctty_is_mine(void)
{
	return cur->g->ctty && tty.sid != 0 && tty.sid == cur->g->sid;
}

int ctty_check(int sig)
{
	if (!ctty_is_mine() || tty.pgrp == 0 || cur->g->pgid == tty.pgrp)
		return 0;
	if (signal_is_ignored_or_blocked(cur, sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (pgrp_orphaned(cur->g->pgid, 0))
		return -EIO;
	pgrp_signal(cur->g->pgid, sig);
	return -EINTR; /* restarts after the stop, as Linux's ERESTARTSYS */
}

long ctty_get_pgrp(void)
{
	return ctty_is_mine() ? tty.pgrp : -ENOTTY;
}

long ctty_set_pgrp(int pgrp)
{
	int rc = ctty_check(SIGTTOU);

	if (rc)
		return rc == -EIO ? -ENOTTY : rc;
	if (!ctty_is_mine())
		return -ENOTTY;
	if (pgrp < 0)
		return -EINVAL;
	if (pgrp == 0 || !pgrp_id_in_use(pgrp))
		return -ESRCH;
	if (!pgrp_in_session(pgrp, cur->g->sid))
		return -EPERM; /* a group of another session, or none */
	tty.pgrp = pgrp;
	return 0;
}

long ctty_get_sid(void)
{
	return ctty_is_mine() ? tty.sid : -ENOTTY;
}

/* Every process of session sid loses its controlling terminal. */
static void session_clear(int sid)
{
	for (struct proc *q = proc_first(); q; q = proc_next(q))
		if (q->state != P_FREE && q->g->sid == sid)
			q->g->ctty = false;
}

long ctty_acquire(bool steal)
{
	bool leader = cur->g->sid == cur->tgid;

	if (leader && tty.sid == cur->g->sid) {
		cur->g->ctty = true;
		return 0;
	}
	if (!leader || cur->g->ctty)
		return -EPERM;
	if (tty.sid) {
		if (!steal)
			return -EPERM; /* another session's terminal */
		session_clear(tty.sid); /* everything runs as root: it may take it */
	}
	tty.sid = cur->g->sid;
	tty.pgrp = cur->g->pgid;
	cur->g->ctty = true;
	return 0;
}

/* The session leader's session loses the console: its foreground group
 * is hung up (SIGHUP, then SIGCONT for stopped members). */
static void disassociate(void)
{
	if (tty.pgrp) {
		pgrp_signal(tty.pgrp, SIGHUP);
		pgrp_signal(tty.pgrp, SIGCONT);
	}
	session_clear(tty.sid);
	tty.sid = tty.pgrp = 0;
}

long ctty_release(void)
{
	if (!ctty_is_mine())
		return -ENOTTY;
	if (cur->g->sid == cur->tgid)
		disassociate();
	else
		cur->g->ctty = false;
	return 0;
}

void ctty_leader_exit(const struct proc *leader)
{
	if (cur->g->sid == leader->pid && ctty_is_mine())
		disassociate();
}

int ctty_foreground(void)
{
	return tty.pgrp;
}
