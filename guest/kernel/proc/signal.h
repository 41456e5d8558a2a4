/* Signals: sending, default actions, handlers with i386 signal frames
 * (sigreturn and rt_sigreturn, SA_RESTORER as glibc and musl install). */
#ifndef PROC_SIGNAL_H
#define PROC_SIGNAL_H

#include <stdint.h>

#include "../arch/trap.h"
#include "proc.h"

#define SIGHUP   1
#define SIGINT   2
#define SIGQUIT  3
#define SIGILL   4
#define SIGTRAP  5
#define SIGABRT  6
#define SIGBUS   7
#define SIGFPE   8
#define SIGKILL  9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG  23
#define SIGWINCH 28

#define SIG_DFL 0u
#define SIG_IGN 1u

#define SA_NOCLDSTOP 0x00000001u
#define SA_NOCLDWAIT 0x00000002u
#define SA_SIGINFO   0x00000004u
#define SA_ONSTACK   0x08000000u
#define SA_RESTART   0x10000000u
#define SA_NODEFER   0x40000000u
#define SA_RESETHAND 0x80000000u
#define SA_RESTORER  0x04000000u

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
