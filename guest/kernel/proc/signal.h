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
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP)) /* no mask holds these */
#define SIGSET_SIZE 8 /* the kernel's sigset_t in bytes: rt_* calls' size argument */

/* Is sig's default action to ignore it (SIGCHLD, SIGCONT, SIGURG, SIGWINCH)? */
bool signal_default_ignored(int sig);

/* Does p ignore or block sig (the terminal's job-control checks)? */
bool signal_is_ignored_or_blocked(const struct proc *p, int sig);

/* Queue sig for p's process (ignored signals are dropped): the thread
 * thread_for_signal picks takes it, woken if it sleeps.
 * Its siginfo says the current process sent it with kill (SI_USER). */
void signal_send(struct proc *p, int sig);

/* signal_send() with the siginfo given: si_code, si_pid (the sender, or
 * the child for SIGCHLD) and, for SIGCHLD, si_status. As on Linux, init
 * (pid 1) never gets a signal it has no handler for this way. */
void signal_send_info(struct proc *p, int sig, int code, int pid, int status);

/* A thread-directed signal (tgkill, tkill): queued
 * for thread p itself, si_code code, si_pid pid. */
void signal_send_thread(struct proc *p, int sig, int code, int pid);

/* SIGKILL for thread p from its own group's end (exit_group, a fatal
 * signal, execve): never refused, even in init. */
void signal_kill_thread(struct proc *p);

/* Tell parent with sig (its exit signal) that child pid ended with wait
 * status wstatus: si_code CLD_EXITED, CLD_KILLED or CLD_DUMPED. */
void signal_send_child(struct proc *parent, int sig, int pid, int wstatus);

/* A signal the CPU raised for the current process (Linux's
 * force_sig_fault): when it is blocked or ignored, it is unblocked and
 * its handler reset to SIG_DFL, since returning would only repeat the
 * fault. code and addr: si_code and si_addr. cur->fault describes it. */
void signal_force_fault(int sig, int code, uint64_t addr);

/* The current thread takes pending sig: its own, else the process's
 * (whose siginfo becomes its sigsrc). */
void signal_take(int sig);

/* The current thread's signal mask becomes mask (less SIGKILL, SIGSTOP);
 * the process's pending signals it unblocks are taken at the next return
 * to user mode. */
void signal_mask_set(uint64_t mask);

/* Is a signal pending that will end the process when delivered? */
bool signal_fatal_pending(const struct proc *p);

/* Before returning to user mode: act on the pending unblocked signals
 * (run a handler, ignore, or end the process). */
void signal_deliver(struct trapframe *tf);

/* The signal a CPU exception in user mode raises (0: none). */
int signal_for_exception(uint64_t vector);

/* The si_code of that signal, when the kernel knows no more than the vector. */
int signal_code_for_exception(uint64_t vector);

/* sigreturn (119) and rt_sigreturn (173): restore the interrupted
 * context from the frame on the user stack. */
long sys_sigreturn(void);
long sys_rt_sigreturn(void);

/* On exec: handlers go back to SIG_DFL (ignored stay ignored). */
void signal_reset_on_exec(struct proc *p);

/* Where sa's frame goes below sp: the alternate stack when asked for and
 * not on it. */
uaddr_t signal_frame_stack(const struct sigact *sa, uaddr_t sp);

/* Save the FPU/SSE state (fxsave image) on the user stack below sp,
 * align-aligned, as Linux does, so a handler cannot clobber the
 * interrupted code's registers. Returns the image's address (0 on a fault). */
uaddr_t signal_save_fpu(uaddr_t sp, uaddr_t align);

/* Load the FPU/SSE state saved at fpstate (0: none): reserved MXCSR bits
 * are cleared first, since fxrstor would fault on them. */
void signal_restore_fpu(uaddr_t fpstate);

/* x86-64 frames (signal64.c): build sa's frame for sig and point tf at
 * the handler (0 or -EFAULT); rt_sigreturn from one (the result to keep
 * in rax, or SIGSEGV for a bad frame). */
int signal64_setup_frame(struct trapframe *tf, int sig, const struct sigact *sa);
long signal64_sigreturn(struct trapframe *tf);

/* A bad sigreturn frame: SIGSEGV, as Linux; returns what rax keeps. */
long signal_bad_frame(struct trapframe *tf);

/* Write pending signal sig's siginfo (as its sender or fault left it) to
 * uinfo in the caller's ABI's layout: 0 or -EFAULT. The x86-64 layout is
 * signal64.c's. */
int signal_put_siginfo(uaddr_t uinfo, int sig);
int signal64_put_siginfo(uaddr_t uinfo, int sig);

/* The most user stack one signal frame can take (AT_MINSIGSTKSZ): an
 * i386 frame, an x86-64 frame. */
uint32_t signal_frame_max(void);
uint32_t signal_frame_max64(void);

#endif
