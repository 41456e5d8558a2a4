/* Signals: queueing, default actions, and i386 signal frames. */
#include "signal.h"
#include "thread.h"

#include "../arch/segments.h"
#include "../lib/errno.h"
#include "../lib/printk.h"
#include "../lib/string.h"
#include "../mm/uaccess.h"
#include "compat_fp.h"
#include "coredump.h"
#include "exit.h"
#include "pgrp.h"
#include "vdso.h"

#include "../../../shared/linux_syscall_nr.h"

#define SIGSET_ALL     (~0ull)
#define UC_FLAGS       0
#define SS_ONSTACK     1
#define SS_DISABLE     2

/* i386 struct sigcontext, as the frames carry it. */
struct sigcontext32 {
	uint32_t gs, fs, es, ds;
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint32_t trapno, err, eip, cs, eflags, esp_at_signal, ss;
	uint32_t fpstate, oldmask, cr2;
};
_Static_assert(sizeof(struct sigcontext32) == 88, "i386 sigcontext");

/* The frame for handlers without SA_SIGINFO (sigreturn pops it). */
struct sigframe32 {
	uint32_t pretcode;
	int32_t sig;
	struct sigcontext32 sc;
	uint32_t extramask;
	uint8_t retcode[8];
};

/* i386 siginfo_t: the fields of kill, SIGCHLD and faults. */
struct siginfo32 {
	int32_t signo, errno_, code;
	uint32_t pid_or_addr;   /* si_pid, or si_addr for a fault */
	uint32_t uid;
	int32_t status;         /* SIGCHLD: si_status */
	uint8_t pad[128 - 24];
};
_Static_assert(sizeof(struct siginfo32) == 128, "i386 siginfo");

/* i386 ucontext_t as the kernel writes it (the mask is two 32-bit words:
 * 4-byte aligned at offset 108, as glibc's and musl's ucontext_t). */
struct ucontext32 {
	uint32_t flags, link;
	uint32_t ss_sp, ss_flags, ss_size;
	struct sigcontext32 mc;
	uint32_t sigmask[2];
};
_Static_assert(offsetof(struct ucontext32, mc) == 20, "i386 uc_mcontext");
_Static_assert(offsetof(struct ucontext32, sigmask) == 108, "i386 uc_sigmask");

/* The frame for SA_SIGINFO handlers (rt_sigreturn); the FPU state lies
 * above it. */
struct rt_sigframe32 {
	uint32_t pretcode;
	int32_t sig;
	uint32_t pinfo, puc;
	struct siginfo32 info;
	struct ucontext32 uc;
	uint8_t retcode[8];
};
_Static_assert(offsetof(struct rt_sigframe32, info) == 16, "i386 rt_sigframe info");
_Static_assert(offsetof(struct rt_sigframe32, uc) == 144, "i386 rt_sigframe uc");
_Static_assert(offsetof(struct rt_sigframe32, retcode) == 144 + 116, "i386 rt_sigframe retcode");
_Static_assert(sizeof(struct rt_sigframe32) == 268, "i386 rt_sigframe");

enum action { ACT_TERM, ACT_CORE, ACT_IGNORE, ACT_STOP };

#define STOP_SIGNALS (SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))

/* What a signal does when its disposition is SIG_DFL. */
static enum action default_action(int sig)
{
	switch (sig) {
	case SIGCHLD: case SIGCONT: case SIGURG: case SIGWINCH:
		return ACT_IGNORE;
	case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
		return ACT_STOP;
	case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS:
	case SIGFPE: case SIGSEGV: case 24: case 25: case 31:
		return ACT_CORE;
	}
	return ACT_TERM;
}

bool signal_default_ignored(int sig)
{
	return default_action(sig) == ACT_IGNORE;
}

bool signal_is_ignored_or_blocked(const struct proc *p, int sig)
{
	return p->g->sigact[sig - 1].handler == SIG_IGN || (p->sigmask & SIGBIT(sig));
}

/* Would sig be discarded on arrival? Never while blocked: the handler
 * may change before it is unblocked (as Linux's sig_ignored). Inlined in
 * both send paths, as SIGCHLD at every exit passes here. */
static inline __attribute__((always_inline)) bool ignored(const struct proc *p, int sig)
{
	uint32_t h = p->g->sigact[sig - 1].handler;

	if (sig == SIGKILL || sig == SIGSTOP || (p->sigmask & SIGBIT(sig)))
		return false;
	return h == SIG_IGN || (h == SIG_DFL && default_action(sig) == ACT_IGNORE);
}

/* Mark sig pending for p with its siginfo (the first one's, when it is
 * already pending), and wake p if it sleeps and may take it. */
static void queue(struct proc *p, int sig, int code, uint64_t value, int status)
{
	if (!(p->sigpending & SIGBIT(sig)))
		p->sigsrc[sig - 1] = (struct sigsource){ (int16_t)code, (uint8_t)status, value };
	p->sigpending |= SIGBIT(sig);
	if (p->state == P_SLEEPING && (SIGBIT(sig) & (~p->sigmask | UNBLOCKABLE | p->sigwaiting)))
		proc_make_ready(p); /* interruptible sleeps see it and return */
	else if (p->state == P_STOPPED && sig == SIGKILL)
		proc_make_ready(p); /* SIGKILL ends even a stopped process */
}

/* Wake thread t for a signal sig of its group's (pending there): it
 * checks the group's at its next return to user mode. */
static void notify_thread(struct proc *t, int sig)
{
	t->shared_work = true;
	if (t->state == P_SLEEPING && (SIGBIT(sig) & (~t->sigmask | UNBLOCKABLE | t->sigwaiting)))
		proc_make_ready(t); /* interruptible sleeps see it and return */
	else if (t->state == P_STOPPED && sig == SIGKILL)
		proc_make_ready(t);
}

/* Mark sig pending for p's process (the group's set) with its siginfo,
 * and wake the thread that will take it (thread_for_signal). */
static void queue_shared(struct proc *p, int sig, int code, uint64_t value, int status)
{
	struct tgroup *g = p->g;

	if (!(g->sigpending & SIGBIT(sig)))
		g->sigsrc[sig - 1] = (struct sigsource){ (int16_t)code, (uint8_t)status, value };
	g->sigpending |= SIGBIT(sig);
	notify_thread(thread_for_signal(p, sig), sig);
}

/* Tell p's parent that p stopped or continued (si_code CLD_STOPPED or
 * CLD_CONTINUED, si_status the signal) unless it set SA_NOCLDSTOP, and
 * wake it for wait. */
static void notify_parent_stop(struct proc *p, int code, int sig)
{
	struct proc *parent = p->parent;

	if (parent == 0)
		return;
	if (!(parent->g->sigact[SIGCHLD - 1].flags & SA_NOCLDSTOP))
		signal_send_info(parent, SIGCHLD, code, p->pid, sig);
	wakeup(parent);
}

/* SIGCONT for thread p: continue it if it is stopped. */
static void continue_thread(struct proc *p)
{
	if (p->state == P_STOPPED) {
		p->stop_report = 0;
		p->cont_report = true;
		proc_make_ready(p);
		notify_parent_stop(p, CLD_CONTINUED, SIGCONT);
	}
}

/* What sending sig does at once to p, as Linux's prepare_signal: a stop
 * signal discards a pending SIGCONT; SIGCONT discards pending stop
 * signals and continues p if it is stopped (blocked or ignored or not),
 * and every stopped thread of its process. Inlined, as ignored(). */
static inline __attribute__((always_inline)) void stop_or_continue_now(struct proc *p, int sig)
{
	if (SIGBIT(sig) & STOP_SIGNALS) {
		p->sigpending &= ~SIGBIT(SIGCONT);
		p->g->sigpending &= ~SIGBIT(SIGCONT);
	} else if (sig == SIGCONT) {
		p->sigpending &= ~STOP_SIGNALS;
		p->g->sigpending &= ~STOP_SIGNALS;
		continue_thread(p);
		if (p->g->nthreads > 1) /* a stop stopped only the thread that took it */
			for (struct proc *q = proc_first(); q; q = proc_next(q))
				if (q->g == p->g && q != p && q->state != P_FREE)
					continue_thread(q);
	}
}

/* Stop the current process for sig until SIGCONT or SIGKILL. */
static void stop_self(int sig)
{
	cur->stop_report = sig;
	cur->cont_report = false;
	cur->state = P_STOPPED;
	notify_parent_stop(cur, CLD_STOPPED, sig);
	schedule();
}

/* Is sig, sent to thread t, discarded on arrival: ignored, or for init
 * without a handler (init is protected from what it did not ask for)?
 * Inlined in both send paths, as ignored(). */
static inline __attribute__((always_inline)) bool dropped(const struct proc *t, int sig)
{
	return ignored(t, sig) || (t->tgid == 1 && t->g->sigact[sig - 1].handler == SIG_DFL);
}

/* Send sig to thread p (see signal_send_info), unless it has ended
 * (inlined: SIGCHLD at every exit comes this way). */
static inline __attribute__((always_inline)) void send_to_thread(struct proc *p, int sig, int code, int pid, int status)
{
	if (sig < 1 || sig > NSIG || p->state == P_ZOMBIE)
		return;
	stop_or_continue_now(p, sig);
	if (!dropped(p, sig))
		queue(p, sig, code, (uint32_t)pid, status);
}

void signal_send_thread(struct proc *p, int sig, int code, int pid)
{
	send_to_thread(p, sig, code, pid, 0);
}

void signal_kill_thread(struct proc *p)
{
	if (p->state != P_ZOMBIE && p->state != P_FREE)
		queue(p, SIGKILL, SI_KERNEL, 0, 0); /* init's threads too: its group is ending */
}

void signal_send_info(struct proc *p, int sig, int code, int pid, int status)
{
	struct proc *t;

	if (p->g->nthreads == 1 && p->state != P_ZOMBIE) {
		send_to_thread(p, sig, code, pid, status); /* one thread (most): its own set */
		return;
	}
	if (sig < 1 || sig > NSIG || proc_gone(p))
		return;
	t = thread_for_signal(p, sig); /* its mask decides what is ignored */
	stop_or_continue_now(t, sig);
	if (!dropped(t, sig))
		queue_shared(t, sig, code, (uint32_t)pid, status); /* pending for the process */
}

void signal_take(int sig)
{
	if (cur->sigpending & SIGBIT(sig)) {
		cur->sigpending &= ~SIGBIT(sig); /* the thread's own first, as Linux */
	} else {
		cur->sigsrc[sig - 1] = cur->g->sigsrc[sig - 1]; /* its siginfo stays readable */
		cur->g->sigpending &= ~SIGBIT(sig);
	}
}

void signal_mask_set(uint64_t mask)
{
	cur->sigmask = mask & ~UNBLOCKABLE;
	if (cur->g->sigpending & ~cur->sigmask)
		cur->shared_work = true; /* a signal of the process's it now takes */
}

void signal_send(struct proc *p, int sig)
{
	signal_send_info(p, sig, SI_USER, cur ? cur->tgid : 0, 0);
}

void signal_send_child(struct proc *parent, int sig, int pid, int wstatus)
{
	int status, code = wstatus_cld(wstatus, &status);

	signal_send_info(parent, sig, code, pid, status);
}

void signal_force_fault(int sig, int code, uint64_t addr)
{
	struct sigact *sa = &cur->g->sigact[sig - 1];

	if (sa->handler == SIG_IGN || (cur->sigmask & SIGBIT(sig))) {
		sa->handler = SIG_DFL;
		cur->sigmask &= ~SIGBIT(sig);
	}
	cur->fault.sig = sig;
	cur->sigpending &= ~SIGBIT(sig); /* this fault's siginfo, not an older kill's */
	queue(cur, sig, code, addr, 0);
}

bool signal_fatal_pending(const struct proc *p)
{
	uint64_t ready = (p->sigpending | p->g->sigpending) & ~(p->sigmask & ~UNBLOCKABLE);

	if (p->killed_by_kernel || (ready & SIGBIT(SIGKILL)))
		return true;
	for (int sig = 1; ready; sig++, ready >>= 1)
		if ((ready & 1) && p->g->sigact[sig - 1].handler == SIG_DFL &&
		    (default_action(sig) == ACT_TERM || default_action(sig) == ACT_CORE))
			return true;
	return false;
}

int signal_for_exception(uint64_t vector)
{
	switch (vector) {
	case 0: case 16: case 19: return SIGFPE;
	case 1: case 3: return SIGTRAP;
	case 6: return SIGILL;
	case 11: case 12: case 17: return SIGBUS;
	case 4: case 5: case 10: case 13: case 14: return SIGSEGV;
	}
	return SIGILL;
}

int signal_code_for_exception(uint64_t vector)
{
	switch (vector) {
	case 0: return FPE_INTDIV;
	case 1: return TRAP_TRACE;
	case 6: return ILL_ILLOPN;
	case 17: return BUS_ADRALN;
	}
	return SI_KERNEL;
}

/* The user registers of tf as a sigcontext, for a handler of sig: the
 * trap number, error code and cr2 of the fault when sig is its signal. */
static void save_context(struct sigcontext32 *sc, const struct trapframe *tf, uint64_t mask, int sig)
{
	bool fault = sig == cur->fault.sig;

	proc_save_segments(cur);
	*sc = (struct sigcontext32){
		.gs = cur->useg[3], .fs = cur->useg[2], .es = cur->useg[1], .ds = cur->useg[0],
		.edi = (uint32_t)tf->rdi, .esi = (uint32_t)tf->rsi, .ebp = (uint32_t)tf->rbp,
		.esp = (uint32_t)tf->rsp, .ebx = (uint32_t)tf->rbx, .edx = (uint32_t)tf->rdx,
		.ecx = (uint32_t)tf->rcx, .eax = (uint32_t)tf->rax,
		.trapno = fault ? cur->fault.vector : (uint32_t)tf->vector,
		.err = fault ? cur->fault.error : (uint32_t)tf->error,
		.cr2 = fault && cur->fault.vector == VEC_PAGE_FAULT ? (uint32_t)cur->fault.addr : 0,
		.eip = (uint32_t)tf->rip, .cs = (uint32_t)tf->cs, .eflags = (uint32_t)tf->rflags,
		.esp_at_signal = (uint32_t)tf->rsp, .ss = (uint32_t)tf->ss,
		.oldmask = (uint32_t)mask,
	};
}

/* Are the code and stack selectors of sc (with RPL 3, as Linux forces)
 * ones the program may return to: the 32-bit user code segment and a
 * writable user data segment? */
static bool context_selectors_ok(const struct sigcontext32 *sc)
{
	uint16_t ss = (uint16_t)(sc->ss | 3);

	return (sc->cs | 3) == SEL_USER_CS32 && (ss == SEL_USER_DS || gdt_stack_selector_usable(ss));
}

/* Load user registers from a sigcontext, keeping privileged state safe:
 * the selectors must be user ones the CPU accepts, only user flags
 * change. Returns false for unusable selectors (nothing loaded for a bad
 * cs or ss; a bad data selector is left null). */
static bool restore_context(struct trapframe *tf, const struct sigcontext32 *sc)
{
	const uint32_t user_flags = 0x00000dd5; /* CF PF AF ZF SF TF DF OF */

	if (!context_selectors_ok(sc))
		return false;
	tf->rdi = sc->edi; tf->rsi = sc->esi; tf->rbp = sc->ebp; tf->rsp = sc->esp;
	tf->rbx = sc->ebx; tf->rdx = sc->edx; tf->rcx = sc->ecx; tf->rax = sc->eax;
	tf->rip = sc->eip;
	tf->rflags = (tf->rflags & ~(uint64_t)user_flags) | (sc->eflags & user_flags);
	tf->cs = SEL_USER_CS32;
	tf->ss = (uint16_t)(sc->ss | 3);
	tf->vector = UINT64_MAX; /* not a system call any more: no restart */
	return proc_set_segments(cur, (const uint16_t[4]){ (uint16_t)(sc->ds | 3), (uint16_t)(sc->es | 3),
							   (uint16_t)(sc->fs | 3), (uint16_t)(sc->gs | 3) }) == 0;
}

/* A sigreturn frame that cannot be restored: SIGSEGV, as Linux does. */
long signal_bad_frame(struct trapframe *tf)
{
	cur->fault = (typeof(cur->fault)){ .vector = VEC_GP, .eip = tf->rip };
	signal_force_fault(SIGSEGV, SI_KERNEL, 0);
	return cur_wide() ? (long)tf->rax : (int32_t)tf->rax;
}

uaddr_t signal_frame_stack(const struct sigact *sa, uaddr_t sp)
{
	bool on_alt = sp - cur->altstack_sp < cur->altstack_size;

	if ((sa->flags & SA_ONSTACK) && cur->altstack_size && !on_alt &&
	    !(cur->altstack_flags & SS_DISABLE))
		return cur->altstack_sp + cur->altstack_size;
	return sp;
}

#define FXSAVE_SIZE 512
#define MXCSR_OFFSET 24

uaddr_t signal_save_fpu(uaddr_t sp, uaddr_t align)
{
	static uint8_t image[FXSAVE_SIZE] __attribute__((aligned(16)));
	uaddr_t at = (sp - FXSAVE_SIZE) & ~(align - 1);

	__asm__ volatile("fxsave %0" : "=m"(image));
	return copy_to_user(cur->mm, at, image, FXSAVE_SIZE) ? 0 : at;
}

void signal_restore_fpu(uaddr_t fpstate)
{
	static uint8_t image[FXSAVE_SIZE] __attribute__((aligned(16)));
	uint32_t mxcsr;

	if (fpstate == 0 || copy_from_user(cur->mm, image, fpstate, FXSAVE_SIZE))
		return;
	memcpy(&mxcsr, image + MXCSR_OFFSET, 4);
	mxcsr &= 0xffff;
	memcpy(image + MXCSR_OFFSET, &mxcsr, 4);
	__asm__ volatile("fxrstor %0" :: "m"(image));
}

/* The siginfo of pending signal sig, as its sender or fault left it. */
static void fill_siginfo(struct siginfo32 *si, int sig)
{
	const struct sigsource *src = &cur->sigsrc[sig - 1];

	si->signo = sig;
	si->code = src->code;
	si->pid_or_addr = src->value;
	si->uid = 0; /* everything runs as root */
	si->status = src->status;
}

int signal_put_siginfo(uaddr_t uinfo, int sig)
{
	struct siginfo32 si = { 0 };

	if (cur_wide())
		return signal64_put_siginfo(uinfo, sig);
	fill_siginfo(&si, sig);
	return copy_to_user(cur->mm, uinfo, &si, sizeof(si));
}

uint32_t signal_frame_max(void)
{
	return FXSAVE_SIZE + 16 + sizeof(struct rt_sigframe32) + 16 + 4; /* with alignments */
}

/* The i386 frames' retcode: the bytes of the vDSO's __kernel_sigreturn
 * (popl %eax; movl $NR, %eax; int $0x80) and __kernel_rt_sigreturn (movl
 * $NR, %eax; int $0x80), which Linux still writes for debuggers that
 * recognise a signal frame by them; the stack does not run them (NX). */
static void put_retcode(uint8_t code[8], bool rt)
{
	uint32_t nr = rt ? NR_I386_rt_sigreturn : NR_I386_sigreturn;
	uint8_t *p = code;

	if (!rt)
		*p++ = 0x58;
	*p++ = 0xb8;
	memcpy(p, &nr, 4);
	p[4] = 0xcd;
	p[5] = 0x80;
}

/* Where sa's i386 handler returns: its restorer, or without SA_RESTORER
 * the vDSO's sigreturn for the frame (rt: SA_SIGINFO), as Linux. */
static uint32_t handler_return(const struct sigact *sa, bool rt)
{
	if (sa->flags & SA_RESTORER)
		return (uint32_t)sa->restorer;
	return (uint32_t)vdso_sigreturn32(cur->mm, rt);
}

/* Build the frame for a handler on the user stack (with the FPU state
 * below it) and point the registers at the handler. Returns 0 or -EFAULT
 * (the stack is unusable). */
static int setup_frame(struct trapframe *tf, int sig, const struct sigact *sa)
{
	uint32_t sp = (uint32_t)signal_frame_stack(sa, (uint32_t)tf->rsp), frame, fpstate;
	uint64_t oldmask = cur->restore_sigmask ? cur->saved_sigmask : cur->sigmask;
	int rc;

	if ((fpstate = (uint32_t)signal_save_fpu(sp, 16)) == 0)
		return -EFAULT;
	sp = fpstate;

	if (sa->flags & SA_SIGINFO) {
		struct rt_sigframe32 f = { 0 };
		frame = ((sp - sizeof(f)) & ~15u) - 4;
		f.pretcode = handler_return(sa, true);
		put_retcode(f.retcode, true);
		f.sig = sig;
		f.pinfo = frame + offsetof(struct rt_sigframe32, info);
		f.puc = frame + offsetof(struct rt_sigframe32, uc);
		fill_siginfo(&f.info, sig);
		f.uc.ss_sp = (uint32_t)cur->altstack_sp;
		f.uc.ss_size = cur->altstack_size;
		f.uc.ss_flags = cur->altstack_size ? 0 : SS_DISABLE;
		save_context(&f.uc.mc, tf, oldmask, sig);
		f.uc.mc.fpstate = fpstate;
		f.uc.sigmask[0] = (uint32_t)oldmask;
		f.uc.sigmask[1] = (uint32_t)(oldmask >> 32);
		rc = copy_to_user(cur->mm, frame, &f, sizeof(f));
		tf->rdx = f.puc;
		tf->rcx = f.pinfo;
	} else {
		struct sigframe32 f = { 0 };
		frame = ((sp - sizeof(f)) & ~15u) - 4;
		f.pretcode = handler_return(sa, false);
		put_retcode(f.retcode, false);
		f.sig = sig;
		save_context(&f.sc, tf, oldmask, sig);
		f.sc.fpstate = fpstate;
		f.extramask = (uint32_t)(oldmask >> 32);
		rc = copy_to_user(cur->mm, frame, &f, sizeof(f));
		tf->rdx = tf->rcx = 0;
	}
	if (rc)
		return rc;
	tf->rsp = frame;
	tf->rip = (uint32_t)sa->handler;
	tf->rax = (uint32_t)sig;
	tf->rflags &= ~0x100ull; /* no single-stepping into the handler */
	tf->cs = SEL_USER_CS32;   /* the handler runs with flat selectors */
	tf->ss = SEL_USER_DS;
	proc_set_segments(cur, (const uint16_t[4]){ SEL_USER_DS, SEL_USER_DS, cur->useg[2], cur->useg[3] });
	return 0;
}

/* End the current process with sig's default action (core: it dumps
 * core, reported to the VMM for its core file first). */
static void __attribute__((noreturn)) die_of(const struct trapframe *tf, int sig, bool core,
					     int code, uint64_t value)
{
	int wstatus = WSTATUS_SIGNALED(sig, core && coredump_report(tf, sig, code, value));

	thread_group_exit(wstatus); /* a fatal signal ends every thread */
	proc_exit(wstatus);
}

/* Run the handler for sig: frame, mask, SA_RESETHAND. */
static void run_handler(struct trapframe *tf, int sig)
{
	struct sigact *sa = &cur->g->sigact[sig - 1];

	if ((cur->abi == CV_ABI_X86_64 && !(sa->flags & SA_RESTORER)) || /* Linux x86-64: SIGSEGV */
	    (cur->abi == CV_ABI_X86_64 ? signal64_setup_frame(tf, sig, sa) : setup_frame(tf, sig, sa))) {
		/* No way back from the handler, or no stack for the frame. */
		die_of(tf, SIGSEGV, true, SI_KERNEL, 0);
	}
	cur->sigmask |= sa->mask & ~UNBLOCKABLE;
	if (!(sa->flags & SA_NODEFER))
		cur->sigmask |= SIGBIT(sig);
	if (sa->flags & SA_RESETHAND)
		sa->handler = SIG_DFL;
	cur->restore_sigmask = false; /* the frame restores it */
}

/* An interrupted system call after sa's handler (NULL: no handler ran,
 * e.g. the process stopped and continued) restarts or fails with EINTR,
 * as Linux: -EINTR (Linux's ERESTARTSYS) restarts without a handler or
 * with SA_RESTART; -ERESTARTNOHAND and -ERESTART_RESTARTBLOCK only
 * without a handler, the latter through restart_syscall; -EINTR_NORESTART
 * never (EINTR). */
static void fix_interrupted_syscall(struct trapframe *tf, const struct sigact *sa)
{
	bool wide = tf->vector == VEC_SYSCALL64;
	int64_t rc = wide ? (int64_t)tf->rax : (int32_t)tf->rax;

	if (tf->vector != VEC_SYSCALL && !wide)
		return;
	if (rc == -EINTR_NORESTART) {
		tf->rax = (uint64_t)-EINTR; /* with a handler or without */
		return;
	}
	if (rc == -ERESTARTNOHAND || rc == -ERESTART_RESTARTBLOCK) {
		if (sa) {
			tf->rax = (uint64_t)-EINTR; /* a handler runs: EINTR whatever SA_RESTART
			                               says (sign-extended, as for int 0x80 from 64-bit code) */
			return;
		}
	} else if (rc != -EINTR || (sa && !(sa->flags & SA_RESTART))) {
		return;
	}
	tf->rax = rc != -ERESTART_RESTARTBLOCK ? tf->error :
		  wide ? NR_X86_64_restart_syscall : NR_I386_restart_syscall;
	tf->rip -= 2; /* back to the int 0x80 or syscall (both 2 bytes) */
}

/* A line in the kernel log for a process a fault kills, as Linux logs
 * "segfault at": what, where, and the bytes of the instruction. */
static void log_fatal_fault(int sig)
{
	uint8_t c[8] = { 0 };
	char addr[24] = "";

	copy_from_user(cur->mm, c, cur->fault.eip, sizeof(c));
	if (cur->fault.vector == VEC_PAGE_FAULT)
		snprintf(addr, sizeof(addr), " addr 0x%lx", cur->fault.addr);
	printk("cowvisor kernel: pid %d (%s) killed by signal %d: %s at %s 0x%lx%s, "
	       "code %02x %02x %02x %02x %02x %02x %02x %02x\n", cur->pid, cur->comm, sig,
	       trap_name(cur->fault.vector), cur->abi == CV_ABI_X86_64 ? "rip" : "eip",
	       cur->fault.eip, addr,
	       c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
}

void signal_deliver(struct trapframe *tf)
{
	uint64_t ready;

	/* Recomputed each time: a stop lets others send more meanwhile. */
	cur->shared_work = false;
	while ((ready = (cur->sigpending | cur->g->sigpending) & ~(cur->sigmask & ~UNBLOCKABLE)) ||
	       cur->killed_by_kernel) {
		int sig = __builtin_ctzll(ready) + 1;
		struct sigact *sa = &cur->g->sigact[sig - 1];

		if (cur->killed_by_kernel)
			die_of(tf, SIGKILL, false, SI_KERNEL, 0);
		signal_take(sig);
		if (sig != SIGKILL && sa->handler == SIG_IGN)
			continue;
		if (sig == SIGKILL || sa->handler == SIG_DFL) {
			enum action a = sig == SIGKILL ? ACT_TERM : default_action(sig);
			if (a == ACT_IGNORE)
				continue;
			if (a == ACT_STOP) {
				/* An orphaned group's members ignore the terminal's stops. */
				if (sig == SIGSTOP || !pgrp_orphaned(cur->g->pgid, 0))
					stop_self(sig);
				continue;
			}
			if (sig == cur->fault.sig)
				log_fatal_fault(sig);
			die_of(tf, sig, a == ACT_CORE, cur->sigsrc[sig - 1].code,
			       cur->sigsrc[sig - 1].value);
		}
		fix_interrupted_syscall(tf, sa);
		if (compat_fp_in_trampoline(tf)) /* the trampoline is global: the handler may reuse it */
			compat_fp_unwind(tf); /* so the instruction runs again after the handler */
		run_handler(tf, sig);
		return; /* one handler at a time; the rest when it returns */
	}
	fix_interrupted_syscall(tf, 0);
	if (cur->restore_sigmask) {
		cur->restore_sigmask = false;
		signal_mask_set(cur->saved_sigmask); /* the process's then unblocked: next return */
	}
}

long sys_sigreturn(void)
{
	struct trapframe *tf = cur->tf;
	struct sigframe32 f;
	/* the handler's ret popped pretcode, the restorer popped sig */
	uint32_t frame = (uint32_t)tf->rsp - 8;

	if (copy_from_user(cur->mm, &f, frame, sizeof(f)))
		return signal_bad_frame(tf);
	signal_mask_set(f.sc.oldmask | ((uint64_t)f.extramask << 32));
	if (!restore_context(tf, &f.sc))
		return signal_bad_frame(tf);
	signal_restore_fpu(f.sc.fpstate);
	return (int32_t)tf->rax;
}

long sys_rt_sigreturn(void)
{
	struct trapframe *tf = cur->tf;
	struct rt_sigframe32 f;

	if (tf->vector == VEC_SYSCALL64)
		return signal64_sigreturn(tf); /* the syscall instruction: a 64-bit frame */
	uint32_t frame = (uint32_t)tf->rsp - 4; /* the handler's ret popped pretcode */

	if (copy_from_user(cur->mm, &f, frame, sizeof(f)))
		return signal_bad_frame(tf);
	signal_mask_set(f.uc.sigmask[0] | (uint64_t)f.uc.sigmask[1] << 32);
	if (!restore_context(tf, &f.uc.mc))
		return signal_bad_frame(tf);
	signal_restore_fpu(f.uc.mc.fpstate);
	return (int32_t)tf->rax;
}

void signal_reset_on_exec(struct proc *p)
{
	for (int i = 0; i < NSIG; i++) {
		if (p->g->sigact[i].handler != SIG_IGN)
			p->g->sigact[i] = (struct sigact){ 0 };
		p->g->sigact[i].flags = 0;
		p->g->sigact[i].restorer = 0;
		p->g->sigact[i].mask = 0;
	}
	p->altstack_sp = p->altstack_size = 0;
	p->altstack_flags = SS_DISABLE;
}
