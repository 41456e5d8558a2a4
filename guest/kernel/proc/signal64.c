/* x86-64 signal frames (Linux's struct rt_sigframe with its ucontext and
 * the FXSAVE state) for 64-bit programs. */
#include "signal.h"

#define FXSAVE_SIZE 512

/* Linux x86-64's struct sigcontext (uc_mcontext). */
struct sigcontext64 {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate;        /* user address of the FXSAVE image */
	uint64_t reserved1[8];
};
_Static_assert(sizeof(struct sigcontext64) == 256, "x86-64 sigcontext");

/* Linux x86-64's struct ucontext. */
struct ucontext64 {
	uint64_t flags, link;
	uint64_t ss_sp;
	int32_t ss_flags;
	uint32_t pad;
	uint64_t ss_size;
	struct sigcontext64 mc;
	uint64_t sigmask;
};
_Static_assert(sizeof(struct ucontext64) == 304, "x86-64 ucontext");

/* Linux x86-64's struct rt_sigframe: the return address (the restorer),
 * the ucontext, the siginfo. */
struct rt_sigframe64 {
	uint64_t pretcode;
	struct ucontext64 uc;
	uint8_t info[128];
};
_Static_assert(sizeof(struct rt_sigframe64) == 440, "x86-64 rt_sigframe");

uint32_t signal_frame_max64(void)
{
	/* frame, FXSAVE image (64-byte aligned), the red zone, alignments */
	return sizeof(struct rt_sigframe64) + FXSAVE_SIZE + 128 + 64 + 16;
}
