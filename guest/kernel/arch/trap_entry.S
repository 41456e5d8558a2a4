#include "segments.h"
#include "trap.h"

/* Entry stubs for all 256 vectors, 16 bytes apart from trap_stubs: each
 * pushes an error code (0 where the CPU pushes none) and its vector, then
 * joins trap_common, which saves the registers as struct trapframe; #UD
 * first tries ud_entry's fast path. (The gates of int 0x80 and of page
 * faults point at int80_entry and pf_entry, direct paths, instead.) */

/* Save the general registers below the CPU's frame, error and vector, as
 * struct trapframe (every trap may need them whole: fork, signals, execve),
 * with the direction flag clear for C. */
.macro SAVE_REGS
	pushq %rax
	pushq %rbp                      /* i386's arguments in ascending order */
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq %rbx
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	cld
.endm

	.text
	.p2align 4
	.globl trap_stubs
trap_stubs:
	.set vec, 0
	.rept 256
	.p2align 4
	.if vec == VEC_INVALID_OP
	jmp ud_entry
	.else
	.if (vec == 8) || (vec == 10) || (vec == 11) || (vec == 12) || (vec == 13) || (vec == 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	pushq $0
	.endif
	pushq $vec
	jmp trap_common
	.endif
	.set vec, vec + 1
	.endr

/* #UD. In 32-bit user code, int 0x80 (kvm-pvm delivers it as #UD) goes
 * to int80_entry as if through its gate. Anything else there is most likely an FPU/SIMD instruction whose run the
 * trampoline has cached: compat_fp_fast_redirect() enters it with two
 * registers saved, a fraction of a full trap's instructions
 * (see proc/compat_fp.h). Anything else takes the full trap. */
ud_entry:
	cmpq $SEL_USER_CS32, 8(%rsp)
	jne ud_64
	pushq %rdi
	movq 8(%rsp), %rdi
ud_peek:
	cmpw $0x80cd, (%rdi)            /* int $0x80? (may fault at a page end) */
	je ud_int80
	pushq %rax
	leaq 16(%rsp), %rdi
	cld
	call compat_fp_fast_redirect    /* keeps all registers but rax */
	testb %al, %al                  /* the pops keep the flags */
	popq %rax
	popq %rdi
	jz ud_trap
	iretq
ud_int80:                           /* kvm-pvm's int 0x80: the direct path */
	popq %rdi
	addq $2, (%rsp)                 /* rip past it, as the gate would leave it */
	jmp int80_compat
ud_64:                              /* the XSAVE stub's end (xsave_stub.h)? */
	cmpb $0, xstub_running(%rip)
	jne xstub_back
	jmp ud_trap
ud_trap_pop:
	popq %rdi
ud_trap:
	pushq $0
	pushq $VEC_INVALID_OP
	jmp trap_common
	.pushsection __ex_table, "a"
	.balign 8
	.quad ud_peek, ud_trap_pop
	.popsection

/* The syscall instruction of a 64-bit program (MSR_LSTAR): interrupts are
 * off (MSR_FMASK), rsp is still the user's, rcx and r11 hold its rip and
 * rflags. Switch to the process's kernel stack, build the frame an
 * interrupt from 64-bit user mode would have pushed, and trap as vector
 * VEC_SYSCALL64. The way back is trap_return's iretq: sysretq #GPs on
 * kvm-pvm. */
	.globl syscall_entry
syscall_entry:
	movq %rsp, syscall_user_rsp(%rip)
	movq syscall_kernel_rsp(%rip), %rsp
	pushq $SEL_USER_DS              /* ss */
	pushq syscall_user_rsp(%rip)    /* rsp */
	pushq %r11                      /* rflags */
	pushq $SEL_USER_CS64            /* cs */
	pushq %rcx                      /* rip: after the syscall */
	pushq %rax                      /* error: the call's number */
	pushq $VEC_SYSCALL64
	SAVE_REGS
	mov %rsp, %rdi
	call syscall_entry_x86_64
	jmp trap_return

/* A page fault (the CPU pushed its error code): the direct path. */
	.globl pf_entry
pf_entry:
	pushq $VEC_PAGE_FAULT
	SAVE_REGS
	mov %rsp, %rdi
	call trap_page_fault
	jmp trap_return

/* int 0x80 through its gate (QEMU, hardware KVM): the i386 system call.
 * From 64-bit code the registers keep their upper halves (as on Linux). */
	.globl int80_entry
int80_entry:
	cmpq $SEL_USER_CS32, 8(%rsp)
	je int80_compat
	pushq %rax                      /* error: the call's number */
	pushq $VEC_SYSCALL
	SAVE_REGS
	mov %rsp, %rdi
	call syscall_entry_i386
	jmp trap_return

trap_common:
	SAVE_REGS
	mov %rsp, %rdi
	call trap
	jmp trap_return

/* int 0x80 from 32-bit code: the argument registers zero-extended (their
 * upper halves are undefined in compatibility mode), then they are the
 * call's arguments where they are saved (syscall_entry_compat). */
int80_compat:
	movl %ebx, %ebx
	movl %ecx, %ecx
	movl %edx, %edx
	movl %esi, %esi
	movl %edi, %edi
	movl %ebp, %ebp
	pushq %rax                      /* error: the call's number */
	pushq $VEC_SYSCALL
	SAVE_REGS
	mov %rsp, %rdi
	call syscall_entry_compat
	.globl trap_return
trap_return:                        /* (the system call's path falls through) */
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbx
	popq %rcx
	popq %rdx
	popq %rsi
	popq %rdi
	popq %rbp
	popq %rax
	add $16, %rsp
	.globl trap_iret
trap_iret:
	iretq
	.pushsection __ex_table, "a"
	.balign 8
	.quad trap_iret, trap_bad_iret
	.popsection

/* The iretq above faulted on the user frame (a selector the program made
 * unusable): trap() resumed here with the registers and stack as they were
 * at the iretq. Push the rest of a trapframe over the same slots, so the
 * process's frame is whole again, and report it as a trap from user mode. */
trap_bad_iret:
	pushq $0
	pushq $VEC_BAD_IRET
	jmp trap_common

	.section .note.GNU-stack, "", @progbits
