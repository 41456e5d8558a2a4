/* #UD from user mode (see invalid_opcode.c), and the system calls that
 * arrive as other traps. */
#ifndef TRAP_INVALID_OPCODE_H
#define TRAP_INVALID_OPCODE_H

#include <stdint.h>

#include "../arch/trap.h"

/* A system call that arrived as another trap (#UD, a page fault at the
 * entry page): mark tf as the call it is (vector VEC_SYSCALL or
 * VEC_SYSCALL64, error its number: signals may restart it), then run it. */
void syscall_from_trap(struct trapframe *tf, uint64_t vector);

/* kvm-pvm delivers int n from user mode as #UD at the instruction: decode
 * it and do what the IDT gate would (system call, or the #GP/#BP that a
 * real CPU raises). Returns the signal to send, or 0. */
int user_invalid_opcode(struct trapframe *tf);

#endif
