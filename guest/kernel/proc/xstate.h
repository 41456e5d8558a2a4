/* The XSAVE state beyond x87/SSE (AVX's YMM upper halves; AVX-512 where
 * the host has it) of x86-64 processes, where user mode runs with more of
 * XCR0 than the kernel can switch itself: on kvm-pvm, whose kernel
 * emulator has only fxsave/fxrstor (see arch/xsave_stub.h). The CPU holds
 * one process's state at a time, its owner's; when an x86-64 process that
 * is not the owner is about to run, one stub run saves the owner's state
 * and restores the newcomer's. i386 code cannot touch that state (kvm-pvm
 * emulates it without AVX), so switches among i386 processes, or back to
 * the owner, cost nothing. Where the kernel's XCR0 holds for user mode
 * (hardware KVM, QEMU) all of this is off. */
#ifndef PROC_XSTATE_H
#define PROC_XSTATE_H

#include <stdbool.h>

#include "proc.h"

extern bool xstate_on;          /* user mode has state beyond x87/SSE */
extern struct proc *xstate_owner; /* whose state the CPU holds (NULL: nobody's) */

/* Find out (by a stub run) which state user mode has; call once at boot,
 * after xstub_init. */
void xstate_init(void);

/* Make the CPU hold next's state (next is x86-64 and not the owner). */
void xstate_load(struct proc *next);

/* Before next runs (switch_to: after prev's fxsave, before next's fxrstor,
 * since a stub run also loads MXCSR). Inline: on every switch. */
static inline void xstate_switch(struct proc *next)
{
	if (xstate_on && next->abi == CV_ABI_X86_64 && next != xstate_owner)
		xstate_load(next);
}

/* fork/vfork: child's state is the current process's, now. A vfork
 * parent runs no user code until its child execs or exits: the child takes
 * over the state in the CPU, and the parent's goes to its area. */
void xstate_fork(struct proc *child, bool vfork);

/* exec: the current process starts its new program (its abi set) with the
 * state in its initial configuration. Before the fxrstor of its FPU
 * image. */
void xstate_exec(void);

/* p exits: its state is nobody's any more. */
void xstate_exit(const struct proc *p);

#endif
