/* The system call table: Linux i386 numbers (syscall_32.tbl). Numbers not
 * listed return -ENOSYS (rseq among them, which glibc expects). */
#include "handlers.h"
#include "syscall.h"

const syscall_fn syscall_table[NR_SYSCALLS] = {
	[1] = sys_exit,             [2] = sys_fork,             [3] = sys_read,
	[4] = sys_write,            [5] = sys_open,             [6] = sys_close,
	[7] = sys_waitpid,          [10] = sys_unlink_ro,       [11] = sys_execve,
	[12] = sys_chdir,           [13] = sys_time,            [19] = sys_lseek,
	[20] = sys_getpid,          [24] = sys_getuid,          [29] = sys_pause,
	[33] = sys_access,          [37] = sys_kill,            [38] = sys_unlink_ro,
	[39] = sys_unlink_ro,       [40] = sys_unlink_ro,       [41] = sys_dup,
	[42] = sys_pipe,            [45] = sys_brk,             [47] = sys_getuid,
	[49] = sys_getuid,          [50] = sys_getuid,          [54] = sys_ioctl,
	[55] = sys_fcntl64,         [57] = sys_setpgid,         [60] = sys_umask,
	[63] = sys_dup2,            [64] = sys_getppid,         [65] = sys_getpgrp,
	[66] = sys_setsid,          [76] = sys_getrlimit,       [77] = sys_getrusage,
	[78] = sys_gettimeofday,    [85] = sys_readlink,        [90] = sys_old_mmap,
	[91] = sys_munmap,          [114] = sys_wait4,          [119] = sys_sigreturn_h,
	[120] = sys_clone,          [122] = sys_uname,          [125] = sys_mprotect,
	[132] = sys_getpgid,        [133] = sys_fchdir,         [140] = sys_llseek,
	[145] = sys_readv,          [146] = sys_writev,         [158] = sys_sched_yield,
	[162] = sys_nanosleep,      [173] = sys_rt_sigreturn_h, [174] = sys_rt_sigaction,
	[175] = sys_rt_sigprocmask, [176] = sys_rt_sigpending,  [179] = sys_rt_sigsuspend,
	[183] = sys_getcwd,         [186] = sys_sigaltstack,    [190] = sys_vfork,
	[191] = sys_getrlimit,      [192] = sys_mmap2,          [195] = sys_stat64,
	[196] = sys_lstat64,        [197] = sys_fstat64,        [199] = sys_getuid,
	[200] = sys_getuid,         [201] = sys_getuid,         [202] = sys_getuid,
	[219] = sys_madvise,        [220] = sys_getdents64,     [221] = sys_fcntl64,
	[224] = sys_getpid,         [238] = sys_tkill,          [243] = sys_set_thread_area,
	[244] = sys_get_thread_area, [252] = sys_exit_group,    [258] = sys_set_tid_address,
	[265] = sys_clock_gettime,  [266] = sys_clock_getres,   [267] = sys_clock_nanosleep,
	[270] = sys_tgkill,         [295] = sys_openat,         [300] = sys_fstatat64,
	[305] = sys_readlinkat,     [307] = sys_faccessat,      [311] = sys_set_robust_list,
	[330] = sys_dup3,           [331] = sys_pipe2,          [340] = sys_prlimit64,
	[355] = sys_getrandom,      [383] = sys_statx,          [403] = sys_clock_gettime64,
	[407] = sys_clock_nanosleep64,
};
