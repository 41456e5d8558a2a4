/* How --strace shows a system call's arguments and result: the letters of
 * the "arguments" column of shared/linux_syscall_table.h. */
#ifndef SHARED_LINUX_SYSCALL_KINDS_H
#define SHARED_LINUX_SYSCALL_KINDS_H

/* How one argument is shown. A call's signature is a string with one of
 * these letters per argument register (ebx, ecx, edx, esi, edi, ebp). */
enum sc_arg_kind {
	SC_INT       = 'd', /* signed decimal                                  */
	SC_UINT      = 'u', /* unsigned decimal                                */
	SC_HEX       = 'x', /* hexadecimal                                     */
	SC_PTR       = 'p', /* pointer: NULL or hexadecimal                    */
	SC_FD        = 'f', /* file descriptor                                 */
	SC_DIRFD     = 'a', /* directory fd: AT_FDCWD or a descriptor          */
	SC_STR       = 's', /* NUL-terminated string or path                   */
	SC_INBUF     = 'i', /* bytes given to the kernel, length = next arg    */
	SC_OUTBUF    = 'o', /* bytes returned, length = result                 */
	SC_OUTSTR    = 'B', /* string returned (getcwd)                        */
	SC_IOV_IN    = 'v', /* iovec array given, count = next arg             */
	SC_IOV_OUT   = 'V', /* iovec array filled, count = next arg            */
	SC_OPEN_FLAGS = 'O', /* O_RDONLY|O_CREAT|...                           */
	SC_OPEN_MODE = 'M', /* mode, shown only when the previous arg (open
	                       flags) has O_CREAT or O_TMPFILE                 */
	SC_MODE      = 'm', /* file mode in octal                              */
	SC_ACCESS    = 'A', /* F_OK or R_OK|W_OK|X_OK                          */
	SC_PROT      = 'P', /* PROT_READ|...                                   */
	SC_MAP_FLAGS = 'F', /* MAP_PRIVATE|...                                 */
	SC_PGOFF     = 'g', /* mmap2 offset in pages, shown in bytes (hex)     */
	SC_ARGV      = 'E', /* execve argv: ["a", "b"]                         */
	SC_ENVP      = 'e', /* execve envp: 0xADDR followed by a var count     */
	SC_CLONE     = 'C', /* clone: flags here, the next four are consumed    */
	SC_SIGNAL    = 'S', /* signal number: SIGCHLD                          */
	SC_WSTATUS   = 'W', /* wait status pointer, decoded after the call     */
	SC_WOPTIONS  = 'w', /* WNOHANG|...                                     */
	SC_WHENCE    = 'L', /* SEEK_SET ...                                    */
	SC_OFF_HI    = 'h', /* 64-bit offset: high half here, low half next    */
	SC_OFF_LO    = 'b', /* 64-bit offset: low half here, high half next    */
	                    /* (x86-64: the whole offset in one register; the
	                       '-' after it takes no register)               */
	SC_OFF_PAIR  = 'J', /* 64-bit offset as (low, high) registers in both
	                       ABIs (preadv's pos_l, pos_h; x86-64: all of it
	                       in the low one)                                */
	SC_LOFF_OUT  = 'l', /* 64-bit result pointer, shown as [value]         */
	SC_SIGHOW    = 'k', /* SIG_BLOCK ...                                   */
	SC_FCNTL_CMD = 'c', /* F_GETFD ...                                     */
	SC_FCNTL_ARG = 'y', /* fcntl argument, as the previous arg (cmd) says  */
	SC_IOCTL_REQ = 'I', /* TCGETS ... or hexadecimal                       */
	SC_CLOCK     = 'K', /* CLOCK_MONOTONIC ...                             */
	SC_RLIMIT    = 'R', /* RLIMIT_STACK ...                                */
	SC_MADVISE   = 'D', /* MADV_DONTNEED ...                               */
	SC_FD_FLAGS  = 'z', /* O_CLOEXEC|O_NONBLOCK (pipe2, dup3)              */
	SC_AT_FLAGS  = 'n', /* AT_SYMLINK_NOFOLLOW|...                         */
	SC_STATX_FLAGS = 'X', /* AT_STATX_SYNC_AS_STAT|...                     */
	SC_STATX_MASK = 'Y', /* STATX_BASIC_STATS|...                          */
	SC_GRND      = 'G', /* GRND_NONBLOCK|...                               */
	SC_PIPE_FDS  = 'Q', /* int[2] filled: [3, 4]                           */
	SC_TS32_IN   = 't', /* struct timespec (32-bit) given                  */
	SC_TS32_OUT  = 'T', /* struct timespec (32-bit) filled                 */
	SC_TS64_OUT  = 'j', /* struct __kernel_timespec (64-bit) filled        */
	SC_TV32_OUT  = 'r', /* struct timeval (32-bit) filled                  */
	SC_FDFLAGS   = 'Z', /* FD_CLOEXEC (the F_SETFD argument)               */
	SC_ARCH_CODE = 'q', /* ARCH_SET_FS ... (arch_prctl's code)             */
	SC_EPOLL_OP  = 'U', /* EPOLL_CTL_ADD ... (epoll_ctl's op)              */
	SC_EPOLL_FLAGS = 'H', /* EPOLL_CLOEXEC (epoll_create1)                 */
	SC_TS64_IN   = 'N', /* struct __kernel_timespec (64-bit) given         */
	SC_CONSUMED  = '-', /* not shown: taken by an earlier argument         */
};

/* Is an argument of kind c a signed int in Linux's prototype (int, pid_t,
 * clockid_t, the int flags)? An i386 call's 32-bit value of such a kind is
 * sign-extended to 64 bits, any other kind zero-extended, as Linux's
 * compat wrappers do. */
#define SC_KIND_SIGNED(c) \
	((c) == SC_INT || (c) == SC_DIRFD || (c) == SC_SIGNAL || (c) == SC_SIGHOW || \
	 (c) == SC_CLOCK || (c) == SC_WOPTIONS || (c) == SC_MADVISE || (c) == SC_OPEN_FLAGS || \
	 (c) == SC_AT_FLAGS || (c) == SC_FD_FLAGS || (c) == SC_ACCESS || (c) == SC_ARCH_CODE || \
	 (c) == SC_EPOLL_OP || (c) == SC_EPOLL_FLAGS)

/* Letter i of a signature string literal (NUL past its end), a constant. */
#define SC_KIND_AT(args, i) ((args "\0\0\0\0\0\0")[i])

/* Bit i set when argument i of the signature is signed: a constant. */
#define SC_SIGNED_MASK(args) \
	((SC_KIND_SIGNED(SC_KIND_AT(args, 0)) << 0) | (SC_KIND_SIGNED(SC_KIND_AT(args, 1)) << 1) | \
	 (SC_KIND_SIGNED(SC_KIND_AT(args, 2)) << 2) | (SC_KIND_SIGNED(SC_KIND_AT(args, 3)) << 3) | \
	 (SC_KIND_SIGNED(SC_KIND_AT(args, 4)) << 4) | (SC_KIND_SIGNED(SC_KIND_AT(args, 5)) << 5))

/* How the result is shown when it is not an error. */
enum sc_ret_kind {
	SC_RET_DEC = 0, /* decimal */
	SC_RET_HEX,     /* 0x... (addresses: mmap, brk) */
	SC_RET_OCT,     /* octal (umask) */
};

#endif
