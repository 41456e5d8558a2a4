/* The syscall instruction: the MSRs that send it to syscall_entry. */
#include "syscall64.h"

#include "segments.h"
#include "trap.h"
#include "x86.h"

/* RFLAGS bits cleared on entry, as Linux: TF, IF, DF, IOPL, NT, AC. */
#define FMASK_BITS ((1u << 8) | (1u << 9) | (1u << 10) | (3u << 12) | (1u << 14) | (1u << 18))

/* The RFLAGS bits a user program controls (CF PF AF ZF SF TF DF OF AC ID). */
#define USER_FLAGS 0x240dd5u
#define FLAGS_IF_FIXED 0x202u

extern char syscall_entry[];

void syscall64_init(void)
{
	/* STAR[47:32]: the kernel's CS (SS = CS + 8); STAR[63:48] would be
	 * sysret's base, never used (iretq returns instead). */
	wrmsr(MSR_STAR, (uint64_t)SEL_KERNEL_CS << 32 | (uint64_t)(SEL_USER_CS32 - 3) << 48);
	wrmsr(MSR_LSTAR, (uint64_t)(uintptr_t)syscall_entry);
	wrmsr(MSR_FMASK, FMASK_BITS);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

bool syscall64_fault_is_entry(struct trapframe *tf)
{
	if (tf->rip != (uint64_t)(uintptr_t)syscall_entry || tf->cs != SEL_USER_CS64 ||
	    (tf->rflags & (1u << 9)))
		return false;
	tf->rip = tf->rcx;
	tf->rflags = (tf->r11 & USER_FLAGS) | FLAGS_IF_FIXED;
	return true;
}
