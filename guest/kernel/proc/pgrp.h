/* Process groups and sessions: membership, signals to a group, and
 * orphaned groups (POSIX job control, as Linux implements it). */
#ifndef PROC_PGRP_H
#define PROC_PGRP_H

#include <stdbool.h>

#include "proc.h"

/* Is there a live or zombie process in group pgid of session sid? */
bool pgrp_in_session(int pgid, int sid);

/* Does any process use id as its pid, group or session (Linux's
 * find_vpid: the id is still in use)? */
bool pgrp_id_in_use(int id);

/* Would group pgid be orphaned without ignore (NULL: as it is)? Linux's
 * will_become_orphaned_pgrp: no member outside ignore, alive and not a
 * child of init, has its parent in another group of the same session. */
bool pgrp_orphaned(int pgid, const struct proc *ignore);

/* Send sig to every live member of group pgid, from the kernel
 * (si_code SI_KERNEL); how many got it. */
int pgrp_signal(int pgid, int sig);

/* p's group loses its last link outside through parent (p exits: ignore
 * is p; p was reparented: ignore is NULL): when that leaves it orphaned
 * with a stopped member, every member gets SIGHUP and SIGCONT, as Linux's
 * kill_orphaned_pgrp. */
void pgrp_check_orphaned(struct proc *p, const struct proc *parent, const struct proc *ignore);

#endif
