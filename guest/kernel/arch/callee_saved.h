/* Assembler macros: push and pop the registers the SysV ABI makes a
 * callee keep (rbp, rbx, r12-r15), for code that leaves a stack and comes
 * back to it (swtch, the XSAVE stub's way out and in). */
#ifndef ARCH_CALLEE_SAVED_H
#define ARCH_CALLEE_SAVED_H

#ifdef __ASSEMBLER__
.macro PUSH_CALLEE_SAVED
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

.macro POP_CALLEE_SAVED
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
.endm
#endif

#endif
