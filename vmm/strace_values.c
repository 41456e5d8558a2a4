/* The Linux value tables of --strace (strace_values.h): flag bits and
 * named values, from the shared Linux headers where the kernel uses the
 * same values. */
#include "strace_values.h"

#include <stddef.h>

#include "../shared/linux_clone.h"
#include "../shared/linux_epoll.h"
#include "../shared/linux_fcntl.h"
#include "../shared/linux_ioctl.h"
#include "../shared/linux_resource.h"
#include "../shared/linux_signal.h"
#include "../shared/linux_syscall_kinds.h"

/* clone's flags (the exit signal, CSIGNAL, is shown apart). */
const struct flag strace_clone_flags[] = {
	FLAG(CLONE_VM), FLAG(CLONE_FS), FLAG(CLONE_FILES), FLAG(CLONE_SIGHAND), FLAG(CLONE_PIDFD),
	FLAG(CLONE_PTRACE), FLAG(CLONE_VFORK), FLAG(CLONE_PARENT), FLAG(CLONE_THREAD),
	FLAG(CLONE_NEWNS), FLAG(CLONE_SYSVSEM), FLAG(CLONE_SETTLS), FLAG(CLONE_PARENT_SETTID),
	FLAG(CLONE_CHILD_CLEARTID), FLAG(CLONE_DETACHED), FLAG(CLONE_UNTRACED),
	FLAG(CLONE_CHILD_SETTID), FLAG(CLONE_NEWCGROUP), FLAG(CLONE_NEWUTS), FLAG(CLONE_NEWIPC),
	FLAG(CLONE_NEWUSER), FLAG(CLONE_NEWPID), FLAG(CLONE_NEWNET), FLAG(CLONE_IO),
	{ 0, 0, NULL },
};

/* open's flags, the access mode first. */
const struct flag strace_open_flags[] = {
	{ O_ACCMODE, O_RDONLY, "O_RDONLY" }, { O_ACCMODE, O_WRONLY, "O_WRONLY" },
	{ O_ACCMODE, O_RDWR, "O_RDWR" },
	FLAG(O_CREAT), FLAG(O_EXCL), FLAG(O_NOCTTY), FLAG(O_TRUNC), FLAG(O_APPEND),
	FLAG(O_NONBLOCK), FLAG(O_SYNC), FLAG(O_DSYNC), FLAG(O_ASYNC), FLAG(O_DIRECT),
	FLAG(O_LARGEFILE), FLAG(O_TMPFILE), FLAG(O_DIRECTORY), FLAG(O_NOFOLLOW), FLAG(O_NOATIME),
	FLAG(O_CLOEXEC), FLAG(O_PATH),
	{ 0, 0, NULL },
};

const struct flag strace_fd_flags[] = {
	FLAG(O_NONBLOCK), FLAG(O_DIRECT), FLAG(O_CLOEXEC),
	{ 0, 0, NULL },
};

const struct flag strace_fd_cloexec[] = {
	BIT(1, "FD_CLOEXEC"),
	{ 0, 0, NULL },
};

const struct flag strace_access_modes[] = {
	{ 0xffffffff, 0, "F_OK" }, BIT(4, "R_OK"), BIT(2, "W_OK"), BIT(1, "X_OK"),
	{ 0, 0, NULL },
};

const struct flag strace_prot_flags[] = {
	{ 0xffffffff, 0, "PROT_NONE" }, BIT(1, "PROT_READ"), BIT(2, "PROT_WRITE"),
	BIT(4, "PROT_EXEC"), BIT(8, "PROT_SEM"), BIT(0x01000000, "PROT_GROWSDOWN"),
	BIT(0x02000000, "PROT_GROWSUP"),
	{ 0, 0, NULL },
};

const struct flag strace_map_flags[] = {
	{ 0xf, 1, "MAP_SHARED" }, { 0xf, 2, "MAP_PRIVATE" }, { 0xf, 3, "MAP_SHARED_VALIDATE" },
	BIT(0x10, "MAP_FIXED"), BIT(0x20, "MAP_ANONYMOUS"), BIT(0x40, "MAP_32BIT"),
	BIT(0x100, "MAP_GROWSDOWN"), BIT(0x800, "MAP_DENYWRITE"),
	BIT(0x1000, "MAP_EXECUTABLE"), BIT(0x2000, "MAP_LOCKED"),
	BIT(0x4000, "MAP_NORESERVE"), BIT(0x8000, "MAP_POPULATE"),
	BIT(0x10000, "MAP_NONBLOCK"), BIT(0x20000, "MAP_STACK"),
	BIT(0x40000, "MAP_HUGETLB"), BIT(0x80000, "MAP_SYNC"),
	BIT(0x100000, "MAP_FIXED_NOREPLACE"), BIT(0x4000000, "MAP_UNINITIALIZED"),
	{ 0, 0, NULL },
};

const struct flag strace_wait_options[] = {
	BIT(1, "WNOHANG"), BIT(2, "WUNTRACED"), BIT(4, "WEXITED"), BIT(8, "WCONTINUED"),
	BIT(0x01000000, "WNOWAIT"), BIT(0x20000000, "__WNOTHREAD"),
	BIT(0x40000000, "__WALL"), BIT(0x80000000, "__WCLONE"),
	{ 0, 0, NULL },
};

const struct flag strace_at_flags[] = {
	BIT(0x100, "AT_SYMLINK_NOFOLLOW"), BIT(0x200, "AT_REMOVEDIR"),
	BIT(0x400, "AT_SYMLINK_FOLLOW"), BIT(0x800, "AT_NO_AUTOMOUNT"),
	BIT(0x1000, "AT_EMPTY_PATH"), BIT(0x8000, "AT_RECURSIVE"),
	{ 0, 0, NULL },
};

const struct flag strace_statx_flags[] = {
	{ 0x6000, 0, "AT_STATX_SYNC_AS_STAT" }, { 0x6000, 0x2000, "AT_STATX_FORCE_SYNC" },
	{ 0x6000, 0x4000, "AT_STATX_DONT_SYNC" },
	BIT(0x100, "AT_SYMLINK_NOFOLLOW"), BIT(0x800, "AT_NO_AUTOMOUNT"),
	BIT(0x1000, "AT_EMPTY_PATH"),
	{ 0, 0, NULL },
};

const struct flag strace_statx_mask[] = {
	BIT(0x7ff, "STATX_BASIC_STATS"),
	BIT(0x1, "STATX_TYPE"), BIT(0x2, "STATX_MODE"), BIT(0x4, "STATX_NLINK"),
	BIT(0x8, "STATX_UID"), BIT(0x10, "STATX_GID"), BIT(0x20, "STATX_ATIME"),
	BIT(0x40, "STATX_MTIME"), BIT(0x80, "STATX_CTIME"), BIT(0x100, "STATX_INO"),
	BIT(0x200, "STATX_SIZE"), BIT(0x400, "STATX_BLOCKS"), BIT(0x800, "STATX_BTIME"),
	BIT(0x1000, "STATX_MNT_ID"), BIT(0x2000, "STATX_DIOALIGN"),
	{ 0, 0, NULL },
};

const struct flag strace_grnd_flags[] = {
	BIT(1, "GRND_NONBLOCK"), BIT(2, "GRND_RANDOM"), BIT(4, "GRND_INSECURE"),
	{ 0, 0, NULL },
};

const struct flag strace_epoll_flags[] = {
	BIT(EPOLL_CLOEXEC, "EPOLL_CLOEXEC"),
	{ 0, 0, NULL },
};

const struct names strace_epoll_ops = { (const struct named[]) {
	{ EPOLL_CTL_ADD, "EPOLL_CTL_ADD" }, { EPOLL_CTL_DEL, "EPOLL_CTL_DEL" },
	{ EPOLL_CTL_MOD, "EPOLL_CTL_MOD" }, { 0, NULL } }, false };

const struct names strace_dirfd_names = { (const struct named[]) {
	{ -100, "AT_FDCWD" }, { 0, NULL } }, false };

const struct names strace_whence_names = { (const struct named[]) {
	{ 0, "SEEK_SET" }, { 1, "SEEK_CUR" }, { 2, "SEEK_END" }, { 3, "SEEK_DATA" },
	{ 4, "SEEK_HOLE" }, { 0, NULL } }, false };

const struct names strace_sighow_names = { (const struct named[]) {
	{ 0, "SIG_BLOCK" }, { 1, "SIG_UNBLOCK" }, { 2, "SIG_SETMASK" }, { 0, NULL } }, false };

const struct names strace_clock_names = { (const struct named[]) {
	{ 0, "CLOCK_REALTIME" }, { 1, "CLOCK_MONOTONIC" }, { 2, "CLOCK_PROCESS_CPUTIME_ID" },
	{ 3, "CLOCK_THREAD_CPUTIME_ID" }, { 4, "CLOCK_MONOTONIC_RAW" },
	{ 5, "CLOCK_REALTIME_COARSE" }, { 6, "CLOCK_MONOTONIC_COARSE" },
	{ 7, "CLOCK_BOOTTIME" }, { 8, "CLOCK_REALTIME_ALARM" },
	{ 9, "CLOCK_BOOTTIME_ALARM" }, { 11, "CLOCK_TAI" }, { 0, NULL } }, false };

const struct names strace_rlimit_names = { (const struct named[]) {
	{ RLIMIT_CPU, "RLIMIT_CPU" }, { RLIMIT_FSIZE, "RLIMIT_FSIZE" },
	{ RLIMIT_DATA, "RLIMIT_DATA" }, { RLIMIT_STACK, "RLIMIT_STACK" },
	{ RLIMIT_CORE, "RLIMIT_CORE" }, { RLIMIT_RSS, "RLIMIT_RSS" },
	{ RLIMIT_NPROC, "RLIMIT_NPROC" }, { RLIMIT_NOFILE, "RLIMIT_NOFILE" },
	{ RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK" }, { RLIMIT_AS, "RLIMIT_AS" },
	{ RLIMIT_LOCKS, "RLIMIT_LOCKS" }, { RLIMIT_SIGPENDING, "RLIMIT_SIGPENDING" },
	{ RLIMIT_MSGQUEUE, "RLIMIT_MSGQUEUE" }, { RLIMIT_NICE, "RLIMIT_NICE" },
	{ RLIMIT_RTPRIO, "RLIMIT_RTPRIO" }, { RLIMIT_RTTIME, "RLIMIT_RTTIME" }, { 0, NULL } }, false };

const struct names strace_madvise_names = { (const struct named[]) {
	{ 0, "MADV_NORMAL" }, { 1, "MADV_RANDOM" }, { 2, "MADV_SEQUENTIAL" },
	{ 3, "MADV_WILLNEED" }, { 4, "MADV_DONTNEED" }, { 8, "MADV_FREE" },
	{ 9, "MADV_REMOVE" }, { 10, "MADV_DONTFORK" }, { 11, "MADV_DOFORK" },
	{ 12, "MADV_MERGEABLE" }, { 13, "MADV_UNMERGEABLE" }, { 14, "MADV_HUGEPAGE" },
	{ 15, "MADV_NOHUGEPAGE" }, { 16, "MADV_DONTDUMP" }, { 17, "MADV_DODUMP" },
	{ 18, "MADV_WIPEONFORK" }, { 19, "MADV_KEEPONFORK" }, { 20, "MADV_COLD" },
	{ 21, "MADV_PAGEOUT" }, { 22, "MADV_POPULATE_READ" }, { 23, "MADV_POPULATE_WRITE" },
	{ 24, "MADV_DONTNEED_LOCKED" }, { 25, "MADV_COLLAPSE" }, { 100, "MADV_HWPOISON" },
	{ 0, NULL } }, false };

const struct names strace_arch_codes = { (const struct named[]) {
	{ 0x1001, "ARCH_SET_GS" }, { 0x1002, "ARCH_SET_FS" }, { 0x1003, "ARCH_GET_FS" },
	{ 0x1004, "ARCH_GET_GS" }, { 0x1011, "ARCH_GET_CPUID" }, { 0x1012, "ARCH_SET_CPUID" },
	{ 0, NULL } }, true };

const struct names strace_ioctl_names = { (const struct named[]) {
	{ 0x5401, "TCGETS" }, { 0x5402, "TCSETS" }, { 0x5403, "TCSETSW" },
	{ 0x5404, "TCSETSF" }, { 0x5409, "TCSBRK" }, { 0x540b, "TCFLSH" }, { 0x540e, "TIOCSCTTY" },
	{ 0x540f, "TIOCGPGRP" }, { 0x5410, "TIOCSPGRP" },
	{ 0x5413, "TIOCGWINSZ" }, { 0x5414, "TIOCSWINSZ" }, { FIONREAD, "FIONREAD" },
	{ FIONBIO, "FIONBIO" }, { 0x5422, "TIOCNOTTY" }, { 0x5425, "TCSBRKP" },
	{ 0x5429, "TIOCGSID" }, { FIONCLEX, "FIONCLEX" }, { FIOCLEX, "FIOCLEX" },
	{ 0, NULL } }, true };

/* fcntl commands, each with the kind of its third argument (0: none). */
static const struct fcntl_cmd fcntl_cmds[] = {
	{ 0, "F_DUPFD", SC_FD }, { 1, "F_GETFD", 0 }, { 2, "F_SETFD", SC_FDFLAGS },
	{ 3, "F_GETFL", 0 }, { 4, "F_SETFL", SC_OPEN_FLAGS }, { F_GETLK, "F_GETLK", SC_PTR },
	{ F_SETLK, "F_SETLK", SC_PTR }, { F_SETLKW, "F_SETLKW", SC_PTR }, { 8, "F_SETOWN", SC_INT },
	{ 9, "F_GETOWN", 0 }, { 10, "F_SETSIG", SC_SIGNAL }, { 11, "F_GETSIG", 0 },
	{ F_GETLK64, "F_GETLK64", SC_PTR }, { F_SETLK64, "F_SETLK64", SC_PTR },
	{ F_SETLKW64, "F_SETLKW64", SC_PTR },
	{ 15, "F_SETOWN_EX", SC_PTR }, { 16, "F_GETOWN_EX", SC_PTR },
	{ F_OFD_GETLK, "F_OFD_GETLK", SC_PTR }, { F_OFD_SETLK, "F_OFD_SETLK", SC_PTR },
	{ F_OFD_SETLKW, "F_OFD_SETLKW", SC_PTR }, { 1024, "F_SETLEASE", SC_INT },
	{ 1025, "F_GETLEASE", 0 }, { 1026, "F_NOTIFY", SC_HEX },
	{ 1030, "F_DUPFD_CLOEXEC", SC_FD }, { 1031, "F_SETPIPE_SZ", SC_INT },
	{ 1032, "F_GETPIPE_SZ", 0 }, { 1033, "F_ADD_SEALS", SC_HEX },
	{ 1034, "F_GET_SEALS", 0 },
};

#define FCNTL_CMD_COUNT (sizeof(fcntl_cmds) / sizeof(fcntl_cmds[0]))

const struct fcntl_cmd *strace_fcntl_cmd_of(uint32_t cmd)
{
	for (size_t k = 0; k < FCNTL_CMD_COUNT; k++)
		if (fcntl_cmds[k].value == (int32_t)cmd)
			return &fcntl_cmds[k];
	return NULL;
}

const char *strace_signal_name(int32_t sig)
{
	static const char *const names[] = LINUX_SIGNAL_NAMES;

	return sig > 0 && sig < SIGRTMIN ? names[sig] : NULL;
}
