/* The work due on every return to user mode, each part only when its flag
 * says so: the end of a slice, signals; then the CPU time of the trap.
 * Inline: it is on every system call's path. */
#ifndef PROC_USER_RETURN_H
#define PROC_USER_RETURN_H

#include "../arch/trap.h"
#include "../arch/x86.h"
#include "compat_fp.h"
#include "proc.h"
#include "signal.h"

/* Finish a trap from user mode at tf (the current process's frame). */
static inline void return_to_user(struct trapframe *tf)
{
	uint64_t now = rdtsc(); /* one read: the slice's deadline and the CPU time */

	/* Slices end on the way back to user mode. The trampoline is global
	 * (another process may change it): leave it for the 32-bit code first. */
	if (__builtin_expect(sched_preempt_due_at(now), 0)) {
		if (compat_fp_in_trampoline(tf))
			compat_fp_unwind(tf);
		sched_preempt_point();
		now = rdtsc();
	}
	if (__builtin_expect(cur->sigpending || cur->return_work, 0)) { /* killed_by_kernel, restore_sigmask */
		signal_deliver(tf);
		now = rdtsc();
	}
	cur->cpu.sys += now - cur->cpu.trap_tsc; /* the kernel's part of this trap */
}

#endif
