/* System calls: Linux i386 numbers, arguments in ebx ecx edx esi edi ebp,
 * the result (or -errno) in eax. */
#ifndef SYS_SYSCALL_H
#define SYS_SYSCALL_H

#include <stdint.h>

#include "../arch/trap.h"

/* Run the system call in tf's registers and store its result. */
void syscall_dispatch(struct trapframe *tf);

#endif
