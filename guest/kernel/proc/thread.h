/* Thread groups: threads created by clone(CLONE_THREAD) share their
 * leader's state (struct tgroup); the group ends with its last thread. */
#ifndef PROC_THREAD_H
#define PROC_THREAD_H

#include <stdbool.h>

#include "proc.h"

/* Make t, a new slot, a thread of the current thread's group (it shares
 * the group's state; its parent is the group's). */
void thread_join_group(struct proc *t);

/* The thread of p's group that takes the process-directed signal sig: p
 * itself unless it blocks sig (and does not sigwait for it) or has ended,
 * else one that does not block it or waits for it, else any live one; p
 * when the whole group has ended. */
struct proc *thread_for_signal(struct proc *p, int sig);

/* exit_group or a fatal signal: the group ends with wstatus; every other
 * thread gets SIGKILL (the first caller's status counts). */
void thread_group_exit(int wstatus);

/* execve in a thread group (Linux's de_thread): every other thread is
 * killed and gone, and the caller becomes the process: it takes the
 * leader's pid, parent, children and the group's state, the leader's slot
 * is freed. False when the caller is killed meanwhile. */
bool thread_exec_alone(void);

/* The number of threads of p's process. */
static inline int thread_count(const struct proc *p)
{
	return p->g->nthreads;
}

#endif
