/* Scheduling parameters: nice values (nice, getpriority, setpriority),
 * CPU affinity and policies. The scheduler is round-robin with equal
 * slices: nice values are kept and reported, as Linux's calls see them,
 * but do not weigh the slices; there is one CPU and one policy,
 * SCHED_OTHER. Everything runs as root, so lowering a nice value is
 * allowed. */
#include "handlers.h"

#include "../lib/errno.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"

#define PRIO_PROCESS 0
#define PRIO_PGRP    1
#define PRIO_USER    2
#define NICE_MIN   (-20)
#define NICE_MAX   19
#define SCHED_OTHER 0
#define SCHED_FIFO  1
#define SCHED_RR    2
#define SCHED_BATCH 3
#define SCHED_IDLE  5
#define CPUMASK_SIZE 4 /* one i386 long of CPU bits; CPU 0 is the only one */

/* A nice value within Linux's range. */
static int clamp_nice(long n)
{
	return n < NICE_MIN ? NICE_MIN : n > NICE_MAX ? NICE_MAX : (int)n;
}

/* Does p match getpriority/setpriority's (which, who)? who 0: the caller,
 * its group, or its user (everything runs as uid 0). */
static bool prio_matches(const struct proc *p, int which, int who)
{
	if (p->state == P_FREE || p->state == P_ZOMBIE)
		return false;
	if (which == PRIO_PROCESS)
		return p->pid == (who ? who : cur->pid);
	if (which == PRIO_PGRP)
		return p->g->pgid == (who ? who : cur->g->pgid);
	return who == 0; /* PRIO_USER: every process is root's */
}

/* getpriority(which, who): 20 - the lowest nice value among the matching
 * processes (Linux's convention: never negative); ESRCH for none. */
long sys_getpriority(const uint64_t *arg)
{
	int which = (int)arg[0], who = (int)arg[1], best = NICE_MAX + 1;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	for (struct proc *p = proc_first(); p; p = proc_next(p))
		if (prio_matches(p, which, who) && p->nice < best)
			best = p->nice;
	return best > NICE_MAX ? -ESRCH : 20 - best;
}

/* setpriority(which, who, nice): the matching processes get nice
 * (clamped to -20..19); ESRCH for none. */
long sys_setpriority(const uint64_t *arg)
{
	int which = (int)arg[0], who = (int)arg[1], n = clamp_nice((int32_t)arg[2]), found = 0;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	for (struct proc *p = proc_first(); p; p = proc_next(p))
		if (prio_matches(p, which, who)) {
			p->nice = n;
			found++;
		}
	return found ? 0 : -ESRCH;
}

/* nice(inc): add inc to the caller's nice value, clamped; 0. */
long sys_nice(const uint64_t *arg)
{
	cur->nice = clamp_nice((long)cur->nice + (int32_t)arg[0]);
	return 0;
}

/* The process pid names for the sched_ calls (0: the caller), or NULL. */
static struct proc *sched_target(int pid)
{
	struct proc *p = pid ? proc_find(pid) : cur;

	return p && p->state != P_ZOMBIE ? p : 0;
}

/* sched_getaffinity(pid, len, mask): CPU 0 in one long of the caller's
 * ABI; the bytes stored. */
long sys_sched_getaffinity(const uint64_t *arg)
{
	uint64_t mask = 1;
	uint32_t size = cur_wide() ? 8 : CPUMASK_SIZE;
	int pid = (int)arg[0];

	if (pid < 0)
		return -ESRCH;
	if (arg[1] < size || (arg[1] & (size - 1)))
		return -EINVAL;
	if (sched_target(pid) == 0)
		return -ESRCH;
	if (copy_to_user(cur->mm, arg[2], &mask, size)) /* little-endian: the low bytes */
		return -EFAULT;
	return size;
}

/* getcpu(cpu, node, cache): CPU 0 of node 0, where either pointer is not NULL. */
long sys_getcpu(const uint64_t *arg)
{
	uint32_t zero = 0;

	if ((arg[0] && copy_to_user(cur->mm, arg[0], &zero, sizeof(zero))) ||
	    (arg[1] && copy_to_user(cur->mm, arg[1], &zero, sizeof(zero))))
		return -EFAULT;
	return 0;
}

/* sched_setaffinity(pid, len, mask): a mask must include CPU 0, the only one. */
long sys_sched_setaffinity(const uint64_t *arg)
{
	uint32_t mask = 0;
	int pid = (int)arg[0];

	if (pid < 0 || sched_target(pid) == 0)
		return -ESRCH;
	if (copy_from_user(cur->mm, &mask, arg[2], arg[1] < CPUMASK_SIZE ? arg[1] : CPUMASK_SIZE))
		return -EFAULT;
	return mask & 1 ? 0 : -EINVAL;
}

/* sched_getscheduler(pid): SCHED_OTHER. */
long sys_sched_getscheduler(const uint64_t *arg)
{
	if ((int)arg[0] < 0)
		return -EINVAL;
	return sched_target((int)arg[0]) ? SCHED_OTHER : -ESRCH;
}

/* sched_getparam(pid, struct sched_param *): priority 0. */
long sys_sched_getparam(const uint64_t *arg)
{
	int32_t prio = 0;

	if ((int)arg[0] < 0 || arg[1] == 0)
		return -EINVAL;
	if (sched_target((int)arg[0]) == 0)
		return -ESRCH;
	return copy_to_user(cur->mm, arg[1], &prio, sizeof(prio));
}

/* Can policy run with priority prio: 0 yes, or Linux's errno (the
 * real-time policies are valid but not offered: EPERM, as for a process
 * without the right to them; SCHED_BATCH and SCHED_IDLE likewise). */
static long policy_check(int policy, int32_t prio)
{
	if (policy == SCHED_FIFO || policy == SCHED_RR)
		return prio < 1 || prio > 99 ? -EINVAL : -EPERM;
	if (policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE)
		return prio != 0 ? -EINVAL : policy == SCHED_OTHER ? 0 : -EPERM;
	return -EINVAL;
}

/* Set pid's policy to policy with the priority at uparam: SCHED_OTHER
 * with priority 0 is all there is. */
static long sched_set(int pid, uaddr_t uparam, int policy)
{
	int32_t prio;

	if (pid < 0 || uparam == 0)
		return -EINVAL;
	if (copy_from_user(cur->mm, &prio, uparam, sizeof(prio)))
		return -EFAULT;
	if (sched_target(pid) == 0)
		return -ESRCH;
	return policy_check(policy, prio);
}

/* sched_setscheduler(pid, policy, param): SCHED_OTHER with priority 0. */
long sys_sched_setscheduler(const uint64_t *arg)
{
	return sched_set((int)arg[0], arg[2], (int)arg[1]);
}

/* sched_setparam(pid, param): priority 0 (SCHED_OTHER's only one). */
long sys_sched_setparam(const uint64_t *arg)
{
	return sched_set((int)arg[0], arg[1], SCHED_OTHER);
}

/* sched_get_priority_max(policy) */
long sys_sched_get_priority_max(const uint64_t *arg)
{
	int policy = (int)arg[0];

	if (policy == SCHED_FIFO || policy == SCHED_RR)
		return 99;
	return policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE ? 0 : -EINVAL;
}

/* sched_get_priority_min(policy) */
long sys_sched_get_priority_min(const uint64_t *arg)
{
	int policy = (int)arg[0];

	if (policy == SCHED_FIFO || policy == SCHED_RR)
		return 1;
	return policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE ? 0 : -EINVAL;
}
