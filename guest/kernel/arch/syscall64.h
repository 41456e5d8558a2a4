/* The syscall instruction of 64-bit programs (entry: trap_entry.S's
 * syscall_entry, which traps as VEC_SYSCALL64). */
#ifndef ARCH_SYSCALL64_H
#define ARCH_SYSCALL64_H

#include <stdbool.h>

/* Point MSR_STAR/LSTAR/FMASK at syscall_entry and enable syscall; call
 * once at boot after gdt_init. */
void syscall64_init(void);

struct trapframe;

/* kvm-pvm runs syscall halfway: rcx, r11, RFLAGS (FMASK) and RIP = LSTAR
 * change, but the CPU stays in user mode, and the fetch at syscall_entry
 * (a supervisor page) page-faults. Is tf such a fault? Then it becomes
 * the frame of the system call (rip and rflags the user's, from rcx and
 * r11) and true is returned. User code cannot fake one: it always runs
 * with interrupts enabled, and this fault comes with them masked. */
bool syscall64_fault_is_entry(struct trapframe *tf);

#endif
