/* Ending processes, reaping them, and creating them (fork, vfork, clone). */
#ifndef PROC_EXIT_H
#define PROC_EXIT_H

#include <stdbool.h>
#include <stdint.h>

#include "../../../shared/linux_clone.h" /* CLONE_*: proc_fork's flags */
#include "../../../shared/linux_signal.h"
#include "../mm/uaddr.h"

/* wait4 status words */
#define WSTATUS_EXITED(code)        (((code) & 0xff) << 8)
#define WSTATUS_SIGNALED(sig, core) ((sig) | ((core) ? 0x80 : 0))

#define WSTATUS_STOPPED(sig)        (0x7f | (sig) << 8)
#define WSTATUS_CONTINUED           0xffff

/* A wait status as SIGCHLD's siginfo says it: the si_code (CLD_EXITED,
 * CLD_KILLED, CLD_DUMPED, CLD_STOPPED, CLD_CONTINUED) returned, si_status
 * (exit code or signal) in *status. */
static inline int wstatus_cld(int wstatus, int *status)
{
	int sig = wstatus & 0x7f;

	if (wstatus == WSTATUS_CONTINUED) {
		*status = SIGCONT;
		return CLD_CONTINUED;
	}
	if (sig == 0x7f) {
		*status = (wstatus >> 8) & 0xff;
		return CLD_STOPPED;
	}
	*status = sig ? sig : (wstatus >> 8) & 0xff;
	return !sig ? CLD_EXITED : (wstatus & 0x80) ? CLD_DUMPED : CLD_KILLED;
}


/* End the current thread (exit): when it is its group's last, the process
 * ends with a wait status (exit_group's, else this last thread's): release
 * its memory and files, hand its children to init, become a zombie and
 * tell the parent. When init ends, the machine powers off with its status. */
void proc_exit(int wstatus) __attribute__((noreturn));

/* End every thread of the current process (exit_group, a fatal signal),
 * with wstatus. */
void proc_exit_group(int wstatus) __attribute__((noreturn));

/* A new thread's TLS (CLONE_SETTLS): x86-64's FS base (slot -1), or
 * descriptor for i386's GDT TLS entry slot (0 .. GDT_TLS_COUNT-1). */
struct clone_tls {
	int slot;
	uint64_t value;
};

/* The fork family. flags: clone flags (low byte: exit signal); tls: NULL
 * unless CLONE_SETTLS. */
long proc_fork(uint32_t flags, uaddr_t newsp, uaddr_t ptid, uaddr_t ctid, const struct clone_tls *tls);

/* wait4: reap a child. */
long proc_wait4(int pid, uaddr_t ustatus, int options, uaddr_t urusage);

/* waitid(idtype, id, siginfo *, options, rusage *): P_ALL, P_PID, P_PGID;
 * WEXITED, WNOHANG, WNOWAIT; 0 or -errno. */
long proc_waitid(int idtype, int id, uaddr_t uinfo, int options, uaddr_t urusage);

/* Release a vfork parent waiting for the current process (exec or exit). */
void proc_release_vfork_parent(void);

#endif
