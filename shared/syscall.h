/* cowvisor's own system call, beside the Linux i386 ones. */
#ifndef SHARED_SYSCALL_H
#define SHARED_SYSCALL_H

/* int cv_snapshot(const char *label): ask the VMM for a statistics snapshot
 * labelled with a NUL-terminated string of at most CV_SNAPSHOT_LABEL_MAX
 * bytes. Returns the snapshot's sequence number (>= 0) or -errno (-ENOSYS
 * when the VMM was not asked for statistics). */
#define CV_SYS_SNAPSHOT        1000
#define CV_SNAPSHOT_LABEL_MAX  63

/* A result programs never see (Linux's kernel-internal errno 514, which
 * --strace shows as strace does): the call was interrupted; it restarts
 * when no handler runs, else fails with EINTR (poll, select). */
#define ERESTARTNOHAND 514

/* Likewise (Linux's 516): restarts, when no handler runs, as
 * restart_syscall (i386 number 0), which continues a sleep to its end. */
#define ERESTART_RESTARTBLOCK 516

/* cowvisor's own (not Linux's): the call was interrupted and fails with
 * EINTR whether a handler runs or not, never restarted, as Linux's calls
 * that return a plain EINTR (epoll_wait): the kernel's -EINTR is Linux's
 * ERESTARTSYS (restarted without a handler or with SA_RESTART). */
#define EINTR_NORESTART 600

#endif
