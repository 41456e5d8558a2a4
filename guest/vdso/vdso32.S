/* The i386 vDSO's functions (linux-gate.so.1): the system-call entry
 * __kernel_vsyscall and the signal-return stubs (LINUX_2.5), and
 * clock_getres (LINUX_2.6), through int $0x80; the other time functions
 * are vclock.c. */
#include "syscall_nr.h"

/* Start and end a global function NAME. */
#define FUNC(name) .globl name; .type name, @function; .balign 16; name:
#define END(name)  .size name, . - name

	.text
/* AT_SYSINFO: a system call with the registers as for int $0x80. */
FUNC(__kernel_vsyscall)
	.cfi_startproc
	int $0x80
	ret
	.cfi_endproc
END(__kernel_vsyscall)

/* Where a handler without SA_RESTORER returns: its ret left esp at the
 * signal number, which sigreturn's frame does not have (Linux's layout:
 * one word popped first). No CFI: an unwinder finds the frame by these
 * exact bytes, as it does with Linux's retcode. */
	.balign 32
FUNC(__kernel_sigreturn)
	popl %eax
	movl $NR_I386_sigreturn, %eax
	int $0x80
END(__kernel_sigreturn)

	.balign 32
FUNC(__kernel_rt_sigreturn)
	movl $NR_I386_rt_sigreturn, %eax
	int $0x80
END(__kernel_rt_sigreturn)

/* __vdso_NAME(a, b) making system call NR with the caller's first two
 * stack arguments in ebx and ecx (ebx is callee-saved: kept). */
#define VDSO_CALL2(name, nr)                                   \
FUNC(__vdso_##name)                                            \
	.cfi_startproc;                                        \
	pushl %ebx;                                            \
	.cfi_adjust_cfa_offset 4;                              \
	.cfi_rel_offset %ebx, 0;                               \
	movl 8(%esp), %ebx;                                    \
	movl 12(%esp), %ecx;                                   \
	movl $nr, %eax;                                        \
	int $0x80;                                             \
	popl %ebx;                                             \
	.cfi_adjust_cfa_offset -4;                             \
	.cfi_restore %ebx;                                     \
	ret;                                                   \
	.cfi_endproc;                                          \
END(__vdso_##name)

VDSO_CALL2(clock_getres, NR_I386_clock_getres)

	.section .note.GNU-stack, "", @progbits
