/* x86-64 signal frames (Linux's struct rt_sigframe with its ucontext and
 * the FXSAVE state) for 64-bit programs. */
#include "signal.h"

#include "../arch/segments.h"
#include "../lib/errno.h"
#include "../lib/string.h"
#include "../mm/uaccess.h"
#include "xstate.h"

#define FXSAVE_SIZE 512
#define RED_ZONE    128   /* below rsp, the interrupted code's */
#define SS_DISABLE  2
#define USER_FLAGS  0x40dd5u /* CF PF AF ZF SF TF DF OF AC */
#define UC_FP_XSTATE 1u      /* uc_flags: the FPU state has the XSAVE extension */

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

/* Linux x86-64's siginfo, the fields the kernel fills. */
struct siginfo64 {
	int32_t signo, errno_, code, pad0;
	union {
		uint64_t addr;           /* faults: si_addr */
		struct {
			int32_t pid;     /* kill, SIGCHLD: si_pid */
			uint32_t uid;
			int32_t status;  /* SIGCHLD: si_status */
		} k;
	} u;
	uint8_t pad[128 - 32];
};
_Static_assert(sizeof(struct siginfo64) == 128, "x86-64 siginfo");

/* Linux x86-64's struct rt_sigframe: the return address (the restorer),
 * the ucontext, the siginfo. */
struct rt_sigframe64 {
	uint64_t pretcode;
	struct ucontext64 uc;
	struct siginfo64 info;
};
_Static_assert(sizeof(struct rt_sigframe64) == 440, "x86-64 rt_sigframe");

uint32_t signal_frame_max64(void)
{
	/* frame, FXSAVE image (64-byte aligned), the red zone, alignments */
	return sizeof(struct rt_sigframe64) + FXSAVE_SIZE + xstate_frame_extra() + RED_ZONE + 64 + 16;
}

/* Is sig one the CPU raises for a fault (its siginfo has si_addr)? */
static bool fault_signal(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP;
}

/* The siginfo of pending signal sig, as its sender or fault left it. */
static void fill_siginfo64(struct siginfo64 *si, int sig)
{
	const struct sigsource *src = &cur->sigsrc[sig - 1];

	si->signo = sig;
	si->code = src->code;
	if (fault_signal(sig) && src->code > 0) /* kernel codes: an address */
		si->u.addr = src->value;
	else
		si->u.k = (typeof(si->u.k)){ (int32_t)src->value, 0, src->status };
}

int signal64_put_siginfo(uaddr_t uinfo, int sig)
{
	struct siginfo64 si = { 0 };

	fill_siginfo64(&si, sig);
	return copy_to_user(cur->mm, uinfo, &si, sizeof(si));
}

/* The user registers of tf as a sigcontext (with the fault's trap number,
 * error and cr2 when sig is its signal). */
static void save_context64(struct sigcontext64 *sc, const struct trapframe *tf, uint64_t mask, int sig)
{
	bool fault = sig == cur->fault.sig;

	*sc = (struct sigcontext64){
		tf->r8, tf->r9, tf->r10, tf->r11, tf->r12, tf->r13, tf->r14, tf->r15,
		tf->rdi, tf->rsi, tf->rbp, tf->rbx, tf->rdx, tf->rax, tf->rcx, tf->rsp, tf->rip,
		tf->rflags, (uint16_t)tf->cs, 0, 0, (uint16_t)tf->ss,
		fault ? cur->fault.error : tf->error, fault ? cur->fault.vector : tf->vector,
		mask, fault && cur->fault.vector == VEC_PAGE_FAULT ? cur->fault.addr : 0, 0, { 0 },
	};
}

int signal64_setup_frame(struct trapframe *tf, int sig, const struct sigact *sa)
{
	uaddr_t sp = signal_frame_stack(sa, tf->rsp - RED_ZONE), fpstate, frame;
	uint64_t oldmask = cur->restore_sigmask ? cur->saved_sigmask : cur->sigmask;
	struct rt_sigframe64 f;
	bool extended;

	if ((fpstate = xstate_signal_save(sp, &extended)) == 0)
		return -EFAULT;
	frame = ((fpstate - sizeof(f)) & ~15ull) - 8; /* as after a call: rsp + 8 aligned */
	memset(&f, 0, sizeof(f));
	f.pretcode = sa->restorer;
	f.uc.flags = extended ? UC_FP_XSTATE : 0;
	fill_siginfo64(&f.info, sig);
	f.uc.ss_sp = cur->altstack_sp;
	f.uc.ss_size = cur->altstack_size;
	f.uc.ss_flags = cur->altstack_size ? 0 : SS_DISABLE;
	save_context64(&f.uc.mc, tf, oldmask, sig);
	f.uc.mc.fpstate = fpstate;
	f.uc.sigmask = oldmask;
	if (copy_to_user(cur->mm, frame, &f, sizeof(f)))
		return -EFAULT;
	tf->rdi = (uint64_t)sig;
	tf->rsi = frame + offsetof(struct rt_sigframe64, info);
	tf->rdx = frame + offsetof(struct rt_sigframe64, uc);
	tf->rax = 0;
	tf->rsp = frame;
	tf->rip = sa->handler;
	tf->rflags &= ~0x40500ull; /* no single-stepping, DF and AC clear (as Linux) */
	tf->cs = SEL_USER_CS64;
	tf->ss = SEL_USER_DS;
	return 0;
}

long signal64_sigreturn(struct trapframe *tf)
{
	struct rt_sigframe64 f;
	const struct sigcontext64 *sc = &f.uc.mc;
	uaddr_t frame = tf->rsp - 8; /* the handler's ret popped pretcode */

	if (copy_from_user(cur->mm, &f, frame, sizeof(f)) || sc->rip >= USER64_END ||
	    !xstate_sigreturn(sc->fpstate))
		return signal_bad_frame(tf);
	signal_mask_set(f.uc.sigmask);
	tf->r8 = sc->r8; tf->r9 = sc->r9; tf->r10 = sc->r10; tf->r11 = sc->r11;
	tf->r12 = sc->r12; tf->r13 = sc->r13; tf->r14 = sc->r14; tf->r15 = sc->r15;
	tf->rdi = sc->rdi; tf->rsi = sc->rsi; tf->rbp = sc->rbp; tf->rbx = sc->rbx;
	tf->rdx = sc->rdx; tf->rax = sc->rax; tf->rcx = sc->rcx; tf->rsp = sc->rsp;
	tf->rip = sc->rip;
	tf->rflags = (tf->rflags & ~(uint64_t)USER_FLAGS) | (sc->eflags & USER_FLAGS);
	tf->cs = SEL_USER_CS64; /* as Linux without UC_STRICT_RESTORE_SS: 64-bit, flat */
	tf->ss = SEL_USER_DS;
	tf->vector = UINT64_MAX; /* not a system call any more: no restart */
	signal_restore_fpu(sc->fpstate);
	return (long)tf->rax;
}
