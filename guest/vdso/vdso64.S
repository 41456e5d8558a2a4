/* The x86-64 vDSO's functions (linux-vdso.so.1, version LINUX_2.6) that
 * make their system call with `syscall`: arguments arrive in the
 * registers the call takes them in. The time functions are vclock.c. */
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
VDSO_CALL(clock_getres, NR_X86_64_clock_getres)
VDSO_CALL(getcpu, NR_X86_64_getcpu)

	.section .note.GNU-stack, "", @progbits
