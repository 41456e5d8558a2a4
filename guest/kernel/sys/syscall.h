/* System calls: Linux i386 numbers, arguments in ebx ecx edx esi edi ebp,
 * the result (or -errno) in eax. */
#ifndef SYS_SYSCALL_H
#define SYS_SYSCALL_H

#include <stdint.h>

#include "../arch/trap.h"

/* Run the i386 system call (int 0x80) in tf's registers and store its result. */
void syscall_dispatch(struct trapframe *tf);

/* Run the x86-64 system call (the syscall instruction: number in rax,
 * arguments in rdi rsi rdx r10 r8 r9) in tf's registers and store its
 * result in rax; rcx and r11 get rip and rflags, as on Linux. */
void syscall_dispatch64(struct trapframe *tf);

/* The system calls' direct path from the entry code (trap_entry.S: int
 * 0x80's gate, the syscall instruction), tf->vector and tf->error already
 * set: the call and the return to user mode's work, without trap(). */
void syscall_entry_i386(struct trapframe *tf);
void syscall_entry_x86_64(struct trapframe *tf);

/* syscall_entry_i386 for int 0x80 from 32-bit (compatibility-mode) code,
 * whose argument registers the entry code has zero-extended (their upper
 * halves are not the program's there): they are the arguments in place. */
void syscall_entry_compat(struct trapframe *tf);

#endif
