/* The x86-64 vDSO's functions (linux-vdso.so.1, version LINUX_2.6): each
 * makes its system call with `syscall` (no shared clock page yet: the
 * result is the kernel's own, a fast path would read it in user mode).
 * Arguments arrive in the registers the system call takes them in. */
#include "syscall_nr.h"

/* __vdso_NAME making system call NR, and NAME as its weak alias. */
#define VDSO_CALL(name, nr)                                    \
	.globl __vdso_##name;                                  \
	.type __vdso_##name, @function;                        \
	.balign 16;                                            \
__vdso_##name:                                                 \
	.cfi_startproc;                                        \
	movl $nr, %eax;                                        \
	syscall;             /* rcx and r11 are the caller's to lose */ \
	ret;                                                   \
	.cfi_endproc;                                          \
	.size __vdso_##name, . - __vdso_##name;                \
	.weak name;                                            \
	.type name, @function;                                 \
	.set name, __vdso_##name

	.text
VDSO_CALL(clock_gettime, NR_X86_64_clock_gettime)
VDSO_CALL(gettimeofday, NR_X86_64_gettimeofday)
VDSO_CALL(time, NR_X86_64_time)
VDSO_CALL(clock_getres, NR_X86_64_clock_getres)
VDSO_CALL(getcpu, NR_X86_64_getcpu)

	.section .note.GNU-stack, "", @progbits
