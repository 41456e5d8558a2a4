/* User page faults. The direct path from trap_entry.S is trap_page_fault
 * (arch/trap.h); these serve trap(). */
#ifndef TRAP_PAGE_FAULT_H
#define TRAP_PAGE_FAULT_H

#include <stdint.h>

#include "../arch/trap.h"

/* Raise sig for a fault of the current process at tf, with its siginfo
 * (code, addr) and what the sigcontext reports (trap number, error, cr2). */
void user_fault(const struct trapframe *tf, int sig, int code, uint64_t addr, uint64_t cr2);

/* A user page fault that took the full trap: fill the page, or signal the
 * process (the direct path's work, out of line). */
void trap_user_page_fault(struct trapframe *tf);

#endif
