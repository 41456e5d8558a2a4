/* cvlibc: the Linux i386 system call trap, and the calls that cannot be C. */

	.text
	.globl	__cv_syscall6
	.type	__cv_syscall6, @function
/* long __cv_syscall6(nr, a1..a6): int $0x80, raw result in eax. */
__cv_syscall6:
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%ebx
	movl	20(%esp), %eax
	movl	24(%esp), %ebx
	movl	28(%esp), %ecx
	movl	32(%esp), %edx
	movl	36(%esp), %esi
	movl	40(%esp), %edi
	movl	44(%esp), %ebp
	int	$0x80
	popl	%ebx
	popl	%esi
	popl	%edi
	popl	%ebp
	ret
	.size	__cv_syscall6, . - __cv_syscall6

	.globl	vfork
	.type	vfork, @function
/* pid_t vfork(void): the child runs on the parent's stack until it execs or
 * exits, so the return address is kept in ecx rather than on that stack. */
vfork:
	popl	%ecx
	movl	$190, %eax
	int	$0x80
	pushl	%ecx
	cmpl	$-4095, %eax
	jae	1f
	ret
1:	negl	%eax
	movl	%eax, errno
	movl	$-1, %eax
	ret
	.size	vfork, . - vfork

	.globl	__cv_restore
	.type	__cv_restore, @function
/* Return trampoline for handlers without SA_SIGINFO: Linux gives them the
 * old frame (return address, signal number, sigcontext), which sigreturn
 * (119) expects with the signal number popped. */
__cv_restore:
	popl	%eax
	movl	$119, %eax
	int	$0x80
	hlt
	.size	__cv_restore, . - __cv_restore

	.globl	__cv_restore_rt
	.type	__cv_restore_rt, @function
/* Return trampoline for SA_SIGINFO handlers, whose rt frame (siginfo and
 * ucontext) rt_sigreturn (173) takes back. */
__cv_restore_rt:
	movl	$173, %eax
	int	$0x80
	hlt
	.size	__cv_restore_rt, . - __cv_restore_rt

	.section .note.GNU-stack, "", @progbits
