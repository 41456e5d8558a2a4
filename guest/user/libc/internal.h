/* cvlibc internals: the raw system call and its errno convention. */
#ifndef CV_INTERNAL_H
#define CV_INTERNAL_H

#include <sys/syscall.h>

/* syscall.S: int $0x80 with NR in eax and A1..A6 in ebx ecx edx esi edi ebp;
 * returns what the kernel left in eax (-4095..-1 means -errno). */
long __cv_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

/* errno.c: turns a raw result in -4095..-1 into errno and -1. */
long __cv_ret(long raw);

#define __CV_A(x) ((long)(x))
#define SYSCALL0(n) __cv_ret(__cv_syscall6((n), 0, 0, 0, 0, 0, 0))
#define SYSCALL1(n, a) __cv_ret(__cv_syscall6((n), __CV_A(a), 0, 0, 0, 0, 0))
#define SYSCALL2(n, a, b) __cv_ret(__cv_syscall6((n), __CV_A(a), __CV_A(b), 0, 0, 0, 0))
#define SYSCALL3(n, a, b, c) \
	__cv_ret(__cv_syscall6((n), __CV_A(a), __CV_A(b), __CV_A(c), 0, 0, 0))
#define SYSCALL4(n, a, b, c, d) \
	__cv_ret(__cv_syscall6((n), __CV_A(a), __CV_A(b), __CV_A(c), __CV_A(d), 0, 0))
#define SYSCALL6(n, a, b, c, d, e, f) \
	__cv_ret(__cv_syscall6((n), __CV_A(a), __CV_A(b), __CV_A(c), __CV_A(d), \
		__CV_A(e), __CV_A(f)))

/* True when RAW (as unsigned) lies in the error range -4095..-1. */
#define __CV_IS_ERR(raw) ((unsigned long)(raw) > (unsigned long)-4096L)

#endif
