/* x87, MMX and SSE instructions of 32-bit programs where the hypervisor
 * cannot run them: kvm-pvm emulates compatibility-mode user code with an
 * instruction emulator that has no FPU, and raises #UD for them, while
 * 64-bit user code runs natively. Such an instruction is re-encoded for
 * 64-bit mode into a trampoline page, run there natively, and followed by
 * a far jump back to 32-bit code; with it the straight-line run of movable
 * instructions that follows (see compat_fp.c). On CPUs that run these instructions
 * themselves (hardware KVM, QEMU) none of this is ever used. */
#ifndef PROC_COMPAT_FP_H
#define PROC_COMPAT_FP_H

#include <stdbool.h>
#include <stdint.h>

#include "../arch/trap.h"

/* Allocate the trampoline frame; call once at boot. Returns it. */
uint64_t compat_fp_init(void);

/* A #UD in 32-bit user code: when it is an FPU/SIMD instruction, arrange to
 * run it natively and return true (tf now enters the trampoline). */
bool compat_fp_redirect(struct trapframe *tf);

/* The #UD entry's fast path (trap_entry.S), for 32-bit user code that is
 * not a system call: when a cached run starts at f's eip, point f into it
 * and return true, to return to user mode at once. No full trap: no CPU
 * time charged to the kernel, no preemption or signal check (the next
 * interrupt or trap does them). It keeps every register but rax, so the
 * entry saves none. */
bool compat_fp_fast_redirect(struct iret_frame *f) __attribute__((no_caller_saved_registers));

/* A trap taken in the trampoline: put tf back in 32-bit mode at the
 * instruction it stood at (or the jump target, at an exit). Returns true
 * when the trap was a #UD of that instruction: the CPU really does not
 * know it (SIGILL). */
bool compat_fp_unwind(struct trapframe *tf);

/* A page fault at addr taken in the trampoline (and unwound): when addr is
 * the trampoline itself, not yet mapped in this process, map it and return
 * true (the instruction is then retried). */
bool compat_fp_fetch_fault(uint64_t addr);

/* Is tf in the trampoline? */
bool compat_fp_in_trampoline(const struct trapframe *tf);

#endif
