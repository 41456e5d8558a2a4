/* Signals: sending, default actions, handlers with i386 signal frames
 * (sigreturn and rt_sigreturn, SA_RESTORER as glibc and musl install). */
#ifndef PROC_SIGNAL_H
#define PROC_SIGNAL_H

#include <stdint.h>

#include "../arch/trap.h"
#include "proc.h"

#include "../../../shared/linux_signal.h"

#define SIG_DFL 0u
#define SIG_IGN 1u

#define SIGBIT(sig) (1ull << ((sig) - 1))

/* Queue sig for p (ignored signals are dropped) and wake p if it sleeps. */
void signal_send(struct proc *p, int sig);

/* Before returning to user mode: act on the pending unblocked signals
 * (run a handler, ignore, or end the process). */
void signal_deliver(struct trapframe *tf);

/* The signal a CPU exception in user mode raises (0: none). */
int signal_for_exception(uint64_t vector);

/* sigreturn (119) and rt_sigreturn (173): restore the interrupted
 * context from the frame on the user stack. */
long sys_sigreturn(void);
long sys_rt_sigreturn(void);

/* On exec: handlers go back to SIG_DFL (ignored stay ignored). */
void signal_reset_on_exec(struct proc *p);

#endif
