/* System call handlers (see syscall.h for the calling convention). */
#ifndef SYS_HANDLERS_H
#define SYS_HANDLERS_H

#include <stdint.h>

#define HANDLER(name) long name(const uint32_t *arg)

/* processes: sys_proc.c */
HANDLER(sys_exit); HANDLER(sys_exit_group); HANDLER(sys_fork); HANDLER(sys_vfork);
HANDLER(sys_clone); HANDLER(sys_execve); HANDLER(sys_wait4); HANDLER(sys_waitpid);
HANDLER(sys_waitid);
HANDLER(sys_getpid); HANDLER(sys_getppid); HANDLER(sys_getuid); HANDLER(sys_setpgid);
HANDLER(sys_getpgid); HANDLER(sys_getpgrp); HANDLER(sys_setsid); HANDLER(sys_uname);
HANDLER(sys_set_tid_address); HANDLER(sys_set_robust_list); HANDLER(sys_umask);
HANDLER(sys_sched_yield); HANDLER(sys_getrlimit); HANDLER(sys_prlimit64);
HANDLER(sys_getrusage); HANDLER(sys_cv_snapshot); HANDLER(sys_sysinfo); HANDLER(sys_sysinfo);
/* files: sys_file.c */
HANDLER(sys_read); HANDLER(sys_write); HANDLER(sys_readv); HANDLER(sys_writev);
HANDLER(sys_open); HANDLER(sys_openat); HANDLER(sys_close); HANDLER(sys_lseek);
HANDLER(sys_llseek); HANDLER(sys_dup); HANDLER(sys_dup2); HANDLER(sys_dup3);
HANDLER(sys_pipe); HANDLER(sys_pipe2); HANDLER(sys_ioctl); HANDLER(sys_fcntl64);
/* directory listings: sys_dirent.c */
HANDLER(sys_getdents64); HANDLER(sys_getdents);
/* paths and metadata: sys_stat.c */
HANDLER(sys_stat64); HANDLER(sys_lstat64); HANDLER(sys_fstat64); HANDLER(sys_fstatat64);
HANDLER(sys_statx); HANDLER(sys_access); HANDLER(sys_faccessat); HANDLER(sys_readlink);
HANDLER(sys_readlinkat); HANDLER(sys_getcwd); HANDLER(sys_chdir); HANDLER(sys_fchdir);
HANDLER(sys_unlink_ro); 
/* memory: sys_mem.c */
HANDLER(sys_brk); HANDLER(sys_old_mmap); HANDLER(sys_mmap2); HANDLER(sys_munmap);
HANDLER(sys_mprotect); HANDLER(sys_madvise);
/* time: sys_time.c */
HANDLER(sys_time); HANDLER(sys_gettimeofday); HANDLER(sys_clock_gettime);
HANDLER(sys_clock_gettime64); HANDLER(sys_clock_getres); HANDLER(sys_nanosleep);
HANDLER(sys_clock_nanosleep); HANDLER(sys_clock_nanosleep64);
/* signals: sys_signal.c */
HANDLER(sys_kill); HANDLER(sys_tgkill); HANDLER(sys_tkill); HANDLER(sys_rt_sigaction);
HANDLER(sys_rt_sigprocmask); HANDLER(sys_sigaltstack); HANDLER(sys_sigreturn_h);
HANDLER(sys_rt_sigreturn_h); HANDLER(sys_rt_sigsuspend); HANDLER(sys_pause);
HANDLER(sys_rt_sigpending);
/* misc: sys_misc.c */
HANDLER(sys_getrandom); HANDLER(sys_set_thread_area); HANDLER(sys_get_thread_area);
/* the kernel log: sys_log.c; prctl: sys_prctl.c */
HANDLER(sys_syslog); HANDLER(sys_prctl);

#endif
