/* cvlibc program entry for Linux i386.
 * The kernel enters _start with esp pointing at argc, then argv[0..argc-1],
 * NULL, envp[], NULL, then the auxiliary vector. */

	.text
	.globl	_start
	.type	_start, @function
/* Sets environ, calls main(argc, argv, envp) and exits with its result. */
_start:
	xorl	%ebp, %ebp
	movl	(%esp), %eax		/* argc */
	leal	4(%esp), %ecx		/* argv */
	leal	8(%esp,%eax,4), %edx	/* envp = argv + argc + 1 */
	movl	%edx, environ
	andl	$-16, %esp		/* the call below sees a 16-byte aligned stack */
	subl	$4, %esp
	pushl	%edx
	pushl	%ecx
	pushl	%eax
	call	main
	movl	%eax, (%esp)
	call	exit
	hlt
	.size	_start, . - _start

	.section .note.GNU-stack, "", @progbits
