/* CPU time of processes: the time on the CPU from the TSC at each switch,
 * the kernel's part of it from trap entry and exit (proc.h); user time is
 * the rest. Children's times are added to the parent's when it reaps
 * them, as Linux's wait does. */
#ifndef PROC_CPUTIME_H
#define PROC_CPUTIME_H

#include <stdint.h>

#include "proc.h"

#define USER_HZ 100 /* clock_t ticks per second (times, /proc, AT_CLKTCK) */

/* ns in clock_t ticks. */
static inline uint32_t cputime_ticks(uint64_t ns)
{
	return (uint32_t)(ns / (1000000000ull / USER_HZ));
}

/* p leaves the CPU at TSC now (its run and kernel time grow). */
void cputime_switch_out(struct proc *p, uint64_t now);

/* p gets the CPU at TSC now. */
void cputime_switch_in(struct proc *p, uint64_t now);

/* p's own user and system time in ns, with the current stretch when p is
 * the running process. */
void cputime_get(const struct proc *p, uint64_t *user_ns, uint64_t *sys_ns);

/* The CPU time of p's process: its ended threads' and its live ones'
 * (cputime_get of each). */
void cputime_get_process(const struct proc *p, uint64_t *user_ns, uint64_t *sys_ns);

/* The current thread ends and another (or the zombie leader) stays: its
 * CPU time becomes its process's ended threads' time. */
void cputime_thread_end(void);

/* parent reaps child: child's process's times and its reaped children's
 * become parent's children's times. */
void cputime_add_child(struct proc *parent, const struct proc *child);

/* Store a struct rusage of the caller's ABI (i386 or x86-64) at urusage with these user and system
 * times (the other fields zero); 0 or -EFAULT. */
int rusage_put(uaddr_t urusage, uint64_t user_ns, uint64_t sys_ns);

#endif
