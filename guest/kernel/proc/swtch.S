/* swtch(uint64_t *save_sp, uint64_t new_sp): save the callee-saved
 * registers on the current kernel stack, store its pointer in *save_sp,
 * and resume the stack new_sp as saved by an earlier swtch (or made by
 * proc_prepare_return). */
#include "../arch/callee_saved.h"

	.text
	.globl swtch
swtch:
	PUSH_CALLEE_SAVED
	mov %rsp, (%rdi)
	mov %rsi, %rsp
	POP_CALLEE_SAVED
	ret

/* The first kernel code a new process runs: its stack pointer is at its
 * trapframe, so returning from the trap enters user mode. */
	.globl proc_first_return
proc_first_return:
	jmp trap_return

	.section .note.GNU-stack, "", @progbits
