/* System call handlers (see syscall.h for the calling convention). */
#ifndef SYS_HANDLERS_H
#define SYS_HANDLERS_H

#include <stdint.h>

#define HANDLER(name) long name(const uint32_t *arg)

/* processes: sys_proc.c */
HANDLER(sys_exit); HANDLER(sys_exit_group); HANDLER(sys_fork); HANDLER(sys_vfork);
HANDLER(sys_clone); HANDLER(sys_execve); HANDLER(sys_wait4); HANDLER(sys_waitpid);
HANDLER(sys_waitid);
HANDLER(sys_getpid); HANDLER(sys_getppid); HANDLER(sys_setpgid);
HANDLER(sys_getpgid); HANDLER(sys_getpgrp); HANDLER(sys_setsid); HANDLER(sys_getsid); HANDLER(sys_uname);
HANDLER(sys_set_tid_address); HANDLER(sys_set_robust_list); HANDLER(sys_umask);
HANDLER(sys_sched_yield); HANDLER(sys_getrlimit); HANDLER(sys_prlimit64);
HANDLER(sys_cv_snapshot); HANDLER(sys_sysinfo); HANDLER(sys_sysinfo);
/* files: sys_file.c */
HANDLER(sys_read); HANDLER(sys_write); HANDLER(sys_readv); HANDLER(sys_writev);
HANDLER(sys_open); HANDLER(sys_openat); HANDLER(sys_close); HANDLER(sys_lseek);
HANDLER(sys_llseek); HANDLER(sys_dup); HANDLER(sys_dup2); HANDLER(sys_dup3);
HANDLER(sys_pipe); HANDLER(sys_pipe2); HANDLER(sys_ioctl); HANDLER(sys_fcntl64);
HANDLER(sys_creat); HANDLER(sys_pread64); HANDLER(sys_pwrite64);
/* names in the file tree: sys_names.c */
HANDLER(sys_mkdir); HANDLER(sys_mkdirat); HANDLER(sys_mknod); HANDLER(sys_mknodat);
HANDLER(sys_symlink); HANDLER(sys_symlinkat); HANDLER(sys_link); HANDLER(sys_linkat);
HANDLER(sys_unlink); HANDLER(sys_rmdir); HANDLER(sys_unlinkat); HANDLER(sys_rename);
HANDLER(sys_renameat); HANDLER(sys_renameat2);
/* attributes, sizes, sync, statfs: sys_attr.c */
HANDLER(sys_chmod); HANDLER(sys_fchmod); HANDLER(sys_fchmodat); HANDLER(sys_chown16);
HANDLER(sys_lchown16); HANDLER(sys_chown32); HANDLER(sys_lchown32); HANDLER(sys_fchownat);
HANDLER(sys_fchown16); HANDLER(sys_fchown32); HANDLER(sys_utimensat);
HANDLER(sys_utimensat_time64); HANDLER(sys_utimes); HANDLER(sys_futimesat); HANDLER(sys_utime);
HANDLER(sys_truncate); HANDLER(sys_ftruncate); HANDLER(sys_truncate64); HANDLER(sys_ftruncate64);
HANDLER(sys_fsync); HANDLER(sys_sync); HANDLER(sys_syncfs); HANDLER(sys_statfs);
HANDLER(sys_fstatfs); HANDLER(sys_statfs64); HANDLER(sys_fstatfs64);
/* identities: sys_cred.c */
HANDLER(sys_getuid16); HANDLER(sys_geteuid16); HANDLER(sys_getgid16); HANDLER(sys_getegid16);
HANDLER(sys_getuid); HANDLER(sys_geteuid); HANDLER(sys_getgid); HANDLER(sys_getegid);
HANDLER(sys_setuid16); HANDLER(sys_setgid16); HANDLER(sys_setuid); HANDLER(sys_setgid);
HANDLER(sys_setreuid16); HANDLER(sys_setregid16); HANDLER(sys_setreuid); HANDLER(sys_setregid);
HANDLER(sys_setresuid16); HANDLER(sys_setresgid16); HANDLER(sys_setresuid);
HANDLER(sys_setresgid); HANDLER(sys_getresuid16); HANDLER(sys_getresgid16);
HANDLER(sys_getresuid); HANDLER(sys_getresgid); HANDLER(sys_setfsuid16);
HANDLER(sys_setfsgid16); HANDLER(sys_setfsuid); HANDLER(sys_setfsgid);
HANDLER(sys_getgroups16); HANDLER(sys_setgroups16); HANDLER(sys_getgroups);
HANDLER(sys_setgroups);
/* sockets: sys_socket.c */
HANDLER(sys_socketcall); HANDLER(sys_socket); HANDLER(sys_socketpair); HANDLER(sys_bind);
HANDLER(sys_connect); HANDLER(sys_listen); HANDLER(sys_accept4); HANDLER(sys_getsockopt);
HANDLER(sys_setsockopt); HANDLER(sys_getsockname); HANDLER(sys_getpeername);
HANDLER(sys_sendto); HANDLER(sys_sendmsg); HANDLER(sys_recvfrom); HANDLER(sys_recvmsg);
HANDLER(sys_shutdown);
/* sendfile: sys_sendfile.c */
HANDLER(sys_sendfile); HANDLER(sys_sendfile64);
/* waiting on descriptors: sys_poll.c */
HANDLER(sys_poll); HANDLER(sys_ppoll); HANDLER(sys_ppoll_time64); HANDLER(sys_newselect);
HANDLER(sys_old_select); HANDLER(sys_pselect6); HANDLER(sys_pselect6_time64);
/* directory listings: sys_dirent.c */
HANDLER(sys_getdents64); HANDLER(sys_getdents);
/* paths and metadata: sys_stat.c */
HANDLER(sys_stat64); HANDLER(sys_lstat64); HANDLER(sys_fstat64); HANDLER(sys_fstatat64);
HANDLER(sys_statx); HANDLER(sys_access); HANDLER(sys_faccessat); HANDLER(sys_readlink);
HANDLER(sys_readlinkat); HANDLER(sys_getcwd); HANDLER(sys_chdir); HANDLER(sys_fchdir);
HANDLER(sys_faccessat2);
/* memory: sys_mem.c */
HANDLER(sys_brk); HANDLER(sys_old_mmap); HANDLER(sys_mmap2); HANDLER(sys_msync); HANDLER(sys_munmap);
HANDLER(sys_mprotect); HANDLER(sys_madvise);
/* time: sys_time.c */
HANDLER(sys_time); HANDLER(sys_gettimeofday); HANDLER(sys_clock_gettime);
HANDLER(sys_clock_gettime64); HANDLER(sys_clock_getres); HANDLER(sys_nanosleep);
HANDLER(sys_clock_nanosleep); HANDLER(sys_clock_nanosleep64); HANDLER(sys_restart_syscall);
/* interval timers and CPU times: sys_timer.c */
HANDLER(sys_alarm); HANDLER(sys_setitimer); HANDLER(sys_getitimer); HANDLER(sys_times);
HANDLER(sys_getrusage);
/* scheduling parameters: sys_sched.c */
HANDLER(sys_nice); HANDLER(sys_getpriority); HANDLER(sys_setpriority);
HANDLER(sys_sched_getaffinity); HANDLER(sys_sched_setaffinity); HANDLER(sys_sched_getscheduler);
HANDLER(sys_sched_setscheduler); HANDLER(sys_sched_getparam); HANDLER(sys_sched_setparam);
HANDLER(sys_sched_get_priority_max); HANDLER(sys_sched_get_priority_min);
/* signals: sys_signal.c */
HANDLER(sys_kill); HANDLER(sys_tgkill); HANDLER(sys_tkill); HANDLER(sys_rt_sigaction);
HANDLER(sys_rt_sigprocmask); HANDLER(sys_sigaltstack); HANDLER(sys_sigreturn_h);
HANDLER(sys_rt_sigreturn_h); HANDLER(sys_rt_sigsuspend); HANDLER(sys_pause);
HANDLER(sys_rt_sigpending); HANDLER(sys_signal); HANDLER(sys_sigaction);
HANDLER(sys_sigprocmask); HANDLER(sys_sgetmask); HANDLER(sys_ssetmask); HANDLER(sys_sigsuspend);
HANDLER(sys_sigpending);
/* misc: sys_misc.c */
HANDLER(sys_getrandom); HANDLER(sys_set_thread_area); HANDLER(sys_get_thread_area);
/* the kernel log: sys_log.c; prctl: sys_prctl.c */
HANDLER(sys_syslog); HANDLER(sys_prctl);

#endif
