/* The console as a controlling terminal: the session it belongs to, its
 * foreground process group, and Linux's job-control checks for processes
 * of other groups that use it. There is one terminal, the console; a
 * process's controlling terminal is the console when p->g->ctty is set (and
 * then its session is the console's). At boot it belongs to init's
 * session with init's group in the foreground, as if init had made it its
 * controlling terminal (on Linux /dev/console never becomes one by itself;
 * here it is the only terminal there is). */
#ifndef PROC_CTTY_H
#define PROC_CTTY_H

#include "proc.h"

/* Make the console init's controlling terminal, init's group in front. */
void ctty_init(struct proc *init);

/* Is the console the current process's controlling terminal? */
bool ctty_is_mine(void);

/* Linux's tty_check_change for the current process using the console
 * with stop signal sig (SIGTTIN to read, SIGTTOU to change it): 0 when it
 * may; -EIO when it may not and cannot be stopped (sig ignored or blocked
 * for SIGTTIN, or an orphaned group); -EINTR after sending sig to its
 * group (the call restarts once the group is continued). */
int ctty_check(int sig);

/* TIOCGPGRP: the foreground group, or -ENOTTY when the console is not
 * the caller's controlling terminal. */
long ctty_get_pgrp(void);

/* TIOCSPGRP: make pgrp (of the caller's session) the foreground group. */
long ctty_set_pgrp(int pgrp);

/* TIOCGSID: the console's session, or -ENOTTY. */
long ctty_get_sid(void);

/* TIOCSCTTY: a session leader takes the console as its controlling
 * terminal (steal: take it from another session, as root may). */
long ctty_acquire(bool steal);

/* TIOCNOTTY: the caller gives up its controlling terminal (a session
 * leader for its whole session, hanging up the foreground group). */
long ctty_release(void);

/* The current process (led by leader) exits: when it leads the console's session, the
 * session loses the console (its foreground group is hung up). */
void ctty_leader_exit(const struct proc *leader);

/* The foreground group, for SIGWINCH and the terminal's own signals
 * (0: none). */
int ctty_foreground(void);

#endif
