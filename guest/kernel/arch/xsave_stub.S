/* The user-mode stub (see xsave_stub.h) and the kernel's way into it and
 * back. */
#include "callee_saved.h"
#include "segments.h"

/* The stub's code, copied into its page at boot; position independent.
 * Every entry ends at its first byte, the ud2 that traps back. rax:rdx is
 * the feature mask, rdi the save area, rsi the load area. */
	.section .rodata
	.globl xstub_code, xstub_code_end, xstub_swap, xstub_load, xstub_save, xstub_probe
	.p2align 4
xstub_code:
	ud2                      /* the end of every entry: back to the kernel */
xstub_swap:
	xsave (%rdi)
xstub_load:
	xrstor (%rsi)
	jmp xstub_code
xstub_save:
	xsave (%rdi)
	jmp xstub_code
xstub_probe:
	xor %ecx, %ecx
	xgetbv                   /* XCR0 in edx:eax */
	jmp xstub_code
xstub_code_end:

	.bss
	.p2align 3
xstub_ksp:
	.quad 0
	.globl xstub_running
xstub_running:
	.byte 0

	.text
/* uint64_t xstub_enter(uint64_t rip, uint64_t mask, uint64_t save, uint64_t load,
 *                      uint64_t *rax_out): iretq to rip in 64-bit user mode with
 * interrupts off, rax:rdx = mask, rdi = save, rsi = load; when the stub
 * traps back, store its rax at rax_out and return 0 (or the vector + 1). */
	.globl xstub_enter
xstub_enter:
	PUSH_CALLEE_SAVED
	pushfq                   /* the caller's interrupt flag */
	pushq %r8                /* rax_out */
	mov %rsp, xstub_ksp(%rip)
	mov %rdi, %r9            /* rip */
	mov %rsi, %rax
	mov %rdx, %rdi
	mov %rcx, %rsi
	mov %rax, %rdx
	shr $32, %rdx
	pushq $SEL_USER_DS       /* ss */
	pushq $0                 /* rsp: the stub uses no stack */
	pushq $2                 /* rflags: interrupts off (kvm-pvm honours it: measured) */
	pushq $SEL_USER_CS64
	pushq %r9
	movb $1, xstub_running(%rip)
	iretq

/* From ud_entry: the stub's ud2. rax, rdx are the stub's results. */
	.globl xstub_back
xstub_back:
	shl $32, %rdx
	mov %eax, %eax
	or %rdx, %rax
	xor %edx, %edx           /* the result: 0 */
xstub_resume:
	movb $0, xstub_running(%rip)
	mov xstub_ksp(%rip), %rsp
	popq %r8
	mov %rax, (%r8)
	mov %rdx, %rax
	popfq
	POP_CALLEE_SAVED
	ret

/* void xstub_abort(uint64_t vector): the stub took another trap. */
	.globl xstub_abort
xstub_abort:
	lea 1(%rdi), %rdx
	xor %eax, %eax
	jmp xstub_resume

	.section .note.GNU-stack, "", @progbits
