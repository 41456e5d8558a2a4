/* System calls: Linux i386 numbers, arguments in ebx ecx edx esi edi ebp,
 * the result (or -errno) in eax. */
#ifndef SYS_SYSCALL_H
#define SYS_SYSCALL_H

#include <stdint.h>

#include "../arch/trap.h"

/* A handler takes the six argument registers. */
typedef long (*syscall_fn)(const uint32_t *arg);

/* Run the system call in tf's registers and store its result. */
void syscall_dispatch(struct trapframe *tf);

/* The handler table, indexed by number (NULL: -ENOSYS). */
#define NR_SYSCALLS 450
extern const syscall_fn syscall_table[NR_SYSCALLS];

#endif
