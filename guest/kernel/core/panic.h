/* Kernel panic: report on the console and to the VMM, then stop. A panic is
 * a cowvisor failure (exit status 125), never a user program's fault. */
#ifndef CORE_PANIC_H
#define CORE_PANIC_H

#include "../arch/trap.h"

/* Panic with the registers of a trap frame (tf may be NULL). */
void panic_frame(const struct trapframe *tf, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));

#define panic(...) panic_frame((const struct trapframe *)0, __VA_ARGS__)

/* Power the machine off with an exit status (0..255). */
void poweroff(int status) __attribute__((noreturn));

/* Power off because init was killed by signal sig (status 128 + sig). */
void poweroff_signaled(int sig) __attribute__((noreturn));

#endif
