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

#include "../mm/uaddr.h"
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

/* Between xstate.c and xstate_signal.c: the components switched and the
 * size of their standard-format XSAVE area; p's area in its initial
 * configuration (every component init, XSTATE_BV 0, default MXCSR: xrstor
 * loads MXCSR too); the CPU's state of cur into its area (0, or -1 when
 * the stub faulted); cur's area into the CPU. */
uint64_t xstate_mask(void);
uint32_t xstate_area_size(void);
void xstate_reset(struct proc *p);
int xstate_save_cur(void);
void xstate_reload_cur(void);

/* The bytes an x86-64 signal frame's FPU state takes beyond the FXSAVE
 * image: Linux's XSAVE extension of it where xstate_on, else 0. */
uint32_t xstate_frame_extra(void);

/* Write the current (x86-64) process's FPU state for a signal frame below
 * sp, 64-byte aligned: the FXSAVE image, and where xstate_on Linux's
 * extension (sw_reserved with FP_XSTATE_MAGIC1, XSAVE header and state,
 * FP_XSTATE_MAGIC2; *extended then set: uc_flags' UC_FP_XSTATE). Its
 * address, or 0 when the stack is not writable. (xstate_signal.c) */
uaddr_t xstate_signal_save(uaddr_t sp, bool *extended);

/* rt_sigreturn of an x86-64 process: take its state beyond x87/SSE from
 * the frame's FPU state at fpstate (its initial configuration where the
 * frame has no extension, as Linux). False for a damaged XSAVE header
 * (Linux then sends SIGSEGV). Before the FXSAVE image's fxrstor. */
bool xstate_sigreturn(uaddr_t fpstate);

#endif
