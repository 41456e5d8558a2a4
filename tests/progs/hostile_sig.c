/* Hostile programs against segments, faults and signal frames: each case
 * runs in a child and the parent reports, one line per case:
 *   NAME: ok (what was expected)     or     NAME: WRONG (what happened)
 * A case either returns 1 (the checks inside held) or is expected to be
 * killed by a given signal. The kernel must survive all of them; the last
 * line says how many were as expected. Run as init (pid 1), it also checks
 * that init ignores signals it has no handler for. An argument runs only
 * the cases whose name contains it. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include "../../shared/syscall.h"
#include "cases.h"

#define UNMAPPED_ADDR 0xc0001234u
#define BIT(sig) (1ull << ((sig) - 1))

/* Linux's struct user_desc, with the flag bits spelled out (musl ships no
 * <asm/ldt.h>). */
struct user_desc32 {
	uint32_t entry, base, limit, bits;
};
#define UD_32BIT      0x01u
#define UD_CODE       (2u << 1) /* contents 2: code */
#define UD_RDONLY     0x08u     /* read_exec_only */
#define UD_PAGES      0x10u
#define UD_NOTPRESENT 0x20u
#define UD_USEABLE    0x40u
#define UD_FLAT_DATA  (UD_32BIT | UD_PAGES | UD_USEABLE)

/* A system call through int 0x80: the raw result (-errno on failure). */
static long raw_syscall(long nr, long a, long b, long c, long d)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d) : "memory");
	return ret;
}

/* Send sig to this process with tgkill directly (libc's raise blocks
 * signals around it, which would change the masks the cases check). */
static void raise_raw(int sig)
{
	raw_syscall(SYS_tgkill, getpid(), getpid(), sig, 0);
}

/* set_thread_area with the given entry (-1: a free one) and descriptor;
 * the raw result, the entry chosen in *entry. */
static long set_tls(int *entry, uint32_t base, uint32_t limit, uint32_t bits)
{
	struct user_desc32 u = { (uint32_t)*entry, base, limit, bits };
	long rc = raw_syscall(SYS_set_thread_area, (long)&u, 0, 0, 0);

	*entry = (int)u.entry;
	return rc;
}

/* A new flat 4 GiB writable data TLS entry: its selector (0 on failure). */
static uint16_t flat_tls_selector(int *entry)
{
	*entry = -1;
	if (set_tls(entry, 0, 0xfffff, UD_FLAT_DATA) != 0)
		return 0;
	return (uint16_t)(*entry << 3 | 3);
}

/* Clear TLS entry n (the documented empty descriptor): raw result. */
static long clear_tls(int n)
{
	return set_tls(&n, 0, 0, UD_RDONLY | UD_NOTPRESENT);
}

/* The current signal mask, read with the raw system call. */
static uint64_t current_mask(void)
{
	uint64_t m = 0;

	raw_syscall(SYS_rt_sigprocmask, SIG_BLOCK, 0, (long)&m, 8);
	return m;
}

/* Install an SA_SIGINFO handler for sig with libc's sigaction. */
static void on_siginfo(int sig, void (*h)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = h;
	sa.sa_flags = SA_SIGINFO | flags;
	sigaction(sig, &sa, NULL);
}

/* ---- 1. set_thread_area takes only present 32-bit data segments ---- */

static int tls_16bit_refused(void) { int e = -1; return set_tls(&e, 0, 0xfffff, UD_PAGES) == -22; }
static int tls_code_refused(void) { int e = -1; return set_tls(&e, 0x1000, 0xfffff, UD_FLAT_DATA | UD_CODE | UD_RDONLY) == -22; }
static int tls_not_present_refused(void) { int e = -1; return set_tls(&e, 0, 0xfffff, UD_FLAT_DATA | UD_NOTPRESENT) == -22; }

/* Both forms of "no segment" clear an entry; get_thread_area agrees. */
static int tls_clear_forms(void)
{
	int e;
	struct user_desc32 u;

	if (flat_tls_selector(&e) == 0 || clear_tls(e) != 0)
		return 0;
	u = (struct user_desc32){ (uint32_t)e, 0, 0, 0 };
	if (raw_syscall(SYS_set_thread_area, (long)&u, 0, 0, 0) != 0)
		return 0;
	u = (struct user_desc32){ (uint32_t)e, 1, 1, 1 };
	return raw_syscall(244 /* get_thread_area */, (long)&u, 0, 0, 0) == 0 &&
	       u.base == 0 && u.limit == 0 && (u.bits & UD_NOTPRESENT);
}

static volatile sig_atomic_t usr1_seen;
static void note_usr1(int sig, siginfo_t *si, void *uc) { (void)si; (void)uc; usr1_seen = sig; }

/* ds and fs hold a TLS selector across a signal handler and a switch to
 * another process and back. */
static int tls_selectors_survive(void)
{
	int e, status;
	uint16_t sel = flat_tls_selector(&e), ds, fs;
	pid_t pid;

	on_siginfo(SIGUSR1, note_usr1, 0);
	__asm__ volatile("mov %0, %%ds; mov %0, %%fs" :: "r"(sel));
	raise_raw(SIGUSR1);
	pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, &status, 0);
	__asm__ volatile("mov %%ds, %0; mov %%fs, %1" : "=r"(ds), "=r"(fs));
	return sel && ds == sel && fs == sel && usr1_seen == SIGUSR1;
}

/* ---- 2. selectors made unusable under the program: SIGSEGV ---- */

/* ss holds a TLS selector whose entry the program clears: the return
 * from that very system call cannot load ss. */
static int ss_entry_cleared(void)
{
	int e;
	uint16_t sel = flat_tls_selector(&e);
	struct user_desc32 u = { 0, 0, 0, UD_RDONLY | UD_NOTPRESENT };

	u.entry = (uint32_t)e;
	__asm__ volatile("mov %0, %%ss; int $0x80" :: "r"(sel), "a"(SYS_set_thread_area), "b"(&u) : "memory");
	return 0;
}

/* The same, but the entry is made not present: refused, nothing breaks. */
static int ss_entry_not_present(void)
{
	int e;
	uint16_t sel = flat_tls_selector(&e), ss;
	struct user_desc32 u = { 0, 0, 0xfffff, UD_FLAT_DATA | UD_NOTPRESENT };
	long rc;

	u.entry = (uint32_t)e;
	__asm__ volatile("mov %2, %%ss; int $0x80; mov %%ss, %1; mov %3, %%ss"
			 : "=a"(rc), "=&r"(ss) : "r"(sel), "r"(0x2b), "0"(SYS_set_thread_area), "b"(&u)
			 : "memory");
	return sel && rc == -22 && ss == sel;
}

/* ds, fs or gs holds a TLS selector whose entry the program clears: the
 * register becomes null (exit 1 if not) and the next access through it
 * faults. (QEMU's TCG checks no null data segments: there it reads.) */
static int ds_entry_cleared(void)
{
	int e, v;
	uint16_t sel = flat_tls_selector(&e), now;
	static int x;

	__asm__ volatile("mov %0, %%ds" :: "r"(sel));
	clear_tls(e);
	__asm__ volatile("mov %%ds, %0" : "=r"(now));
	if (sel == 0 || (now & ~3) != 0)
		return 0;
	__asm__ volatile("movl (%1), %0" : "=r"(v) : "b"(&x)); /* through ds (not an ebp/esp base) */
	return 0;
}

static int fs_entry_cleared(void)
{
	int e, v;
	uint16_t sel = flat_tls_selector(&e), now;

	__asm__ volatile("mov %0, %%fs" :: "r"(sel));
	clear_tls(e);
	__asm__ volatile("mov %%fs, %0" : "=r"(now));
	if (sel == 0 || (now & ~3) != 0)
		return 0;
	__asm__ volatile("mov %%fs:0x1000, %0" : "=r"(v));
	return 0;
}

static int gs_entry_cleared(void)
{
	int e, v;
	uint16_t sel = flat_tls_selector(&e), now;

	__asm__ volatile("mov %0, %%gs" :: "r"(sel));
	clear_tls(e);
	__asm__ volatile("mov %%gs, %0" : "=r"(now));
	if (sel == 0 || (now & ~3) != 0)
		return 0;
	__asm__ volatile("mov %%gs:0x1000, %0" : "=r"(v));
	return 0;
}

/* A handler that edits one selector of the context sigreturn restores. */
static volatile int edit_reg, edit_value;

static void edit_selector(int sig, siginfo_t *si, void *p)
{
	(void)sig; (void)si;
	((ucontext_t *)p)->uc_mcontext.gregs[edit_reg] = edit_value;
}

/* rt_sigreturn to context register reg = value: returns 1 if it came back. */
static int sigreturn_with(int reg, int value)
{
	edit_reg = reg;
	edit_value = value;
	on_siginfo(SIGUSR1, edit_selector, 0);
	raise_raw(SIGUSR1);
	return 1;
}

/* A plain handler (sigreturn, not rt_sigreturn) that puts the kernel code
 * selector in its i386 sigcontext, which follows the signal number on the
 * stack: gs fs es ds edi esi ebp esp ebx edx ecx eax trapno err eip cs. */
static void edit_plain_cs(int sig)
{
	uintptr_t at = (uintptr_t)&sig + sizeof(sig);

	__asm__("" : "+r"(at)); /* an address in the frame, not past sig */
	((volatile uint32_t *)at)[15] = 0x10;
}

static int plain_sigreturn_kernel_cs(void)
{
	signal(SIGUSR1, edit_plain_cs);
	raise_raw(SIGUSR1);
	return 1;
}

static int sigreturn_kernel_cs(void) { return sigreturn_with(REG_CS, 0x10); }
static int sigreturn_64bit_cs(void) { return sigreturn_with(REG_CS, 0x33); }
static int sigreturn_code_ss(void) { return sigreturn_with(REG_SS, 0x23); }
static int sigreturn_tss_ds(void) { return sigreturn_with(REG_DS, 0x43); }
static int sigreturn_ldt_gs(void) { return sigreturn_with(REG_GS, 0x0f); }

/* A TLS data selector is a good ss to return to. */
static int sigreturn_tls_ss(void)
{
	int e;
	uint16_t sel = flat_tls_selector(&e), ss;

	sigreturn_with(REG_SS, sel);
	__asm__ volatile("mov %%ss, %0; mov %1, %%ss" : "=&r"(ss) : "r"(0x2b));
	return sel && ss == sel;
}

/* ---- 4. a fault whose signal is blocked or ignored still kills ---- */

static int blocked_segv(void)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGSEGV);
	sigprocmask(SIG_BLOCK, &s, NULL);
	*(volatile int *)0 = 1;
	return 0;
}

static int ignored_ill(void) { signal(SIGILL, SIG_IGN); __asm__ volatile("ud2"); return 0; }
static int ignored_fpe(void) { volatile int z = 0, one = 1; signal(SIGFPE, SIG_IGN); return one / z; }
static int ignored_trap(void) { signal(SIGTRAP, SIG_IGN); __asm__ volatile("int3"); return 0; }

static int blocked_trap(void)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGTRAP);
	sigprocmask(SIG_BLOCK, &s, NULL);
	__asm__ volatile("int3");
	return 0;
}

/* ---- 11. rt_sigaction's i386 layout: sa_mask at offset 12 ---- */

static volatile uint64_t mask_in_handler;
static void read_mask(int sig, siginfo_t *si, void *uc) { (void)sig; (void)si; (void)uc; mask_in_handler = current_mask(); }

static int sa_mask_blocks(void)
{
	struct sigaction sa;
	uint32_t k[5];

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = read_mask;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaddset(&sa.sa_mask, 40);
	sigaction(SIGUSR1, &sa, NULL);
	raise_raw(SIGUSR1);
	/* the kernel's copy, read back raw: handler, flags, restorer, mask */
	if (raw_syscall(SYS_rt_sigaction, SIGUSR1, 0, (long)k, 8) != 0)
		return 0;
	return (mask_in_handler & BIT(SIGUSR2)) && (mask_in_handler & BIT(40)) &&
	       (mask_in_handler & BIT(SIGUSR1)) && k[0] == (uint32_t)(uintptr_t)read_mask &&
	       k[3] == (uint32_t)BIT(SIGUSR2) && k[4] == (uint32_t)(BIT(40) >> 32) &&
	       !(current_mask() & BIT(SIGUSR2));
}

/* ---- 12. the rt_sigframe's ucontext: uc_sigmask at offset 108 ---- */

static volatile int uc_saw_usr2, uc_saw_usr1;

static void edit_uc_mask(int sig, siginfo_t *si, void *p)
{
	ucontext_t *uc = p;

	(void)sig; (void)si;
	uc_saw_usr2 = sigismember(&uc->uc_sigmask, SIGUSR2);
	uc_saw_usr1 = sigismember(&uc->uc_sigmask, SIGUSR1);
	sigaddset(&uc->uc_sigmask, SIGTERM); /* blocked after the return */
}

static int uc_sigmask_layout(void)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, NULL);
	on_siginfo(SIGUSR1, edit_uc_mask, 0);
	raise_raw(SIGUSR1);
	return offsetof(ucontext_t, uc_sigmask) == 108 && uc_saw_usr2 && !uc_saw_usr1 &&
	       (current_mask() & BIT(SIGTERM)) && (current_mask() & BIT(SIGUSR2));
}

/* ---- 15. siginfo and sigcontext contents ---- */

static volatile siginfo_t got;
static volatile unsigned long got_cr2, got_trapno, got_err;
static sigjmp_buf back;

static void keep_info(int sig, siginfo_t *si, void *p)
{
	(void)sig; (void)p;
	memcpy((void *)&got, si, sizeof(got));
}

/* Record siginfo and sigcontext, then leave the faulting code. */
static void keep_fault(int sig, siginfo_t *si, void *p)
{
	ucontext_t *uc = p;

	(void)sig;
	memcpy((void *)&got, si, sizeof(got));
	got_cr2 = uc->uc_mcontext.cr2;
	got_trapno = (unsigned long)uc->uc_mcontext.gregs[REG_TRAPNO];
	got_err = (unsigned long)uc->uc_mcontext.gregs[REG_ERR];
	siglongjmp(back, 1);
}

static int kill_info(void)
{
	on_siginfo(SIGUSR1, keep_info, 0);
	kill(getpid(), SIGUSR1);
	return got.si_signo == SIGUSR1 && got.si_code == SI_USER && got.si_pid == getpid() && got.si_uid == 0;
}

static int tkill_info(void)
{
	on_siginfo(SIGUSR2, keep_info, 0);
	syscall(SYS_tgkill, getpid(), getpid(), SIGUSR2);
	return got.si_signo == SIGUSR2 && got.si_code == SI_TKILL && got.si_pid == getpid();
}

/* SIGCHLD for a child that exits with 7, or is killed by SIGTERM. */
static int sigchld_info(int killed)
{
	int status;
	pid_t pid;

	on_siginfo(SIGCHLD, keep_info, SA_RESTART);
	pid = fork();
	if (pid == 0) {
		if (killed)
			raise(SIGTERM);
		_exit(7);
	}
	if (waitpid(pid, &status, 0) != pid)
		return 0;
	return got.si_signo == SIGCHLD && got.si_pid == pid &&
	       (killed ? got.si_code == CLD_KILLED && got.si_status == SIGTERM
		       : got.si_code == CLD_EXITED && got.si_status == 7);
}

static int sigchld_exited(void) { return sigchld_info(0); }
static int sigchld_killed(void) { return sigchld_info(1); }

static int segv_maperr_info(void)
{
	on_siginfo(SIGSEGV, keep_fault, 0);
	if (sigsetjmp(back, 1) == 0)
		*(volatile int *)UNMAPPED_ADDR = 1;
	return got.si_signo == SIGSEGV && got.si_code == SEGV_MAPERR &&
	       (uintptr_t)got.si_addr == UNMAPPED_ADDR && got_cr2 == UNMAPPED_ADDR &&
	       got_trapno == 14 && (got_err & 2);
}

/* Loading a selector of the LDT, which no process has: #GP(selector), so
 * SIGSEGV with SI_KERNEL, no address, trap 13 and the selector without RPL
 * as error code (kvm-pvm's emulator raises a page fault at index * 8
 * instead: the kernel answers as the CPU; by mov from a register or pop). */
static int ldt_load_info(int by_pop)
{
	const unsigned sel = 0x6e1f; /* index 0xdc3, TI, RPL 3 */

	on_siginfo(SIGSEGV, keep_fault, 0);
	if (sigsetjmp(back, 1) == 0) {
		if (by_pop)
			__asm__ volatile("push %0\n\tpop %%es" :: "r"(sel) : "memory");
		else
			__asm__ volatile("mov %0, %%fs" :: "r"(sel));
	}
	return got.si_signo == SIGSEGV && got.si_code == SI_KERNEL && got.si_addr == NULL &&
	       got_trapno == 13 && got_err == (sel & ~3u);
}

static int ldt_mov_info(void) { return ldt_load_info(0); }
static int ldt_pop_info(void) { return ldt_load_info(1); }

static int segv_accerr_info(void)
{
	volatile char *text = (volatile char *)(uintptr_t)&segv_accerr_info;

	on_siginfo(SIGSEGV, keep_fault, 0);
	if (sigsetjmp(back, 1) == 0)
		*text = 0;
	return got.si_code == SEGV_ACCERR && got.si_addr == (void *)text && got_cr2 == (uintptr_t)text;
}

extern char ud2_here[], div_here[];

static int ill_info(void)
{
	on_siginfo(SIGILL, keep_fault, 0);
	if (sigsetjmp(back, 1) == 0)
		__asm__ volatile(".globl ud2_here\nud2_here: ud2");
	return got.si_signo == SIGILL && got.si_code == ILL_ILLOPN && got.si_addr == ud2_here && got_trapno == 6;
}

static int fpe_info(void)
{
	on_siginfo(SIGFPE, keep_fault, 0);
	if (sigsetjmp(back, 1) == 0)
		__asm__ volatile(".globl div_here\ndiv_here: divl %%ecx" :: "a"(1), "d"(0), "c"(0));
	return got.si_signo == SIGFPE && got.si_code == FPE_INTDIV && got.si_addr == div_here && got_trapno == 0;
}

/* init (pid 1) ignores what it has no handler for; kill still succeeds. */
static int kill_init_term(void) { return kill(1, SIGTERM) == 0; }
static int kill_init_kill(void) { return kill(1, SIGKILL) == 0; }

/* A vfork parent killed (SIGKILL, or SIGTERM without a handler) while its
 * child runs dies then: the child sees itself orphaned and says so. */
static int vfork_parent_killed(int sig)
{
	int fds[2], status;
	char seen = 0;
	pid_t mid;

	if (pipe(fds) != 0)
		return 0;
	mid = fork();
	if (mid == 0) {
		pid_t parent = getpid();
		if (vfork() == 0) {
			int i;
			kill(parent, sig);
			for (i = 0; i < 200 && getppid() == parent; i++)
				usleep(1000);
			if (write(fds[1], getppid() == parent ? "n" : "y", 1) != 1)
				_exit(1);
			_exit(0);
		}
		_exit(0); /* not reached when the kill worked */
	}
	if (waitpid(mid, &status, 0) != mid || read(fds[0], &seen, 1) != 1)
		return 0;
	return seen == 'y' && WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

static int vfork_parent_sigkill(void) { return vfork_parent_killed(SIGKILL); }
static int vfork_parent_sigterm(void) { return vfork_parent_killed(SIGTERM); }

static const struct prog_case cases[] = {
	{ "set_thread_area(16-bit segment)", tls_16bit_refused, 0 },
	{ "set_thread_area(code segment with a base)", tls_code_refused, 0 },
	{ "set_thread_area(not present)", tls_not_present_refused, 0 },
	{ "set_thread_area(empty and all-zero descriptors clear)", tls_clear_forms, 0 },
	{ "TLS selectors in ds and fs across a handler and a context switch", tls_selectors_survive, 0 },
	{ "ss = TLS selector, entry cleared, system call", ss_entry_cleared, SIGSEGV },
	{ "ss = TLS selector, entry made not present: EINVAL", ss_entry_not_present, 0 },
	{ "ds = TLS selector, entry cleared", ds_entry_cleared, SIGSEGV },
	{ "fs = TLS selector, entry cleared", fs_entry_cleared, SIGSEGV },
	{ "gs = TLS selector, entry cleared", gs_entry_cleared, SIGSEGV },
	{ "rt_sigreturn to the kernel code segment", sigreturn_kernel_cs, SIGSEGV },
	{ "sigreturn (no SA_SIGINFO) to the kernel code segment", plain_sigreturn_kernel_cs, SIGSEGV },
	{ "rt_sigreturn to the 64-bit code segment", sigreturn_64bit_cs, SIGSEGV },
	{ "rt_sigreturn with a code segment as ss", sigreturn_code_ss, SIGSEGV },
	{ "rt_sigreturn with the TSS selector in ds", sigreturn_tss_ds, SIGSEGV },
	{ "rt_sigreturn with an LDT selector in gs", sigreturn_ldt_gs, SIGSEGV },
	{ "rt_sigreturn with a TLS data segment as ss", sigreturn_tls_ss, 0 },
	{ "null write with SIGSEGV blocked", blocked_segv, SIGSEGV },
	{ "ud2 with SIGILL ignored", ignored_ill, SIGILL },
	{ "divide by zero with SIGFPE ignored", ignored_fpe, SIGFPE },
	{ "int3 with SIGTRAP ignored", ignored_trap, SIGTRAP },
	{ "int3 with SIGTRAP blocked", blocked_trap, SIGTRAP },
	{ "sa_mask blocks in the handler (rt_sigaction layout)", sa_mask_blocks, 0 },
	{ "uc_sigmask at offset 108, read and edited by a handler", uc_sigmask_layout, 0 },
	{ "kill: SI_USER, si_pid", kill_info, 0 },
	{ "tgkill: SI_TKILL, si_pid", tkill_info, 0 },
	{ "SIGCHLD: CLD_EXITED, si_pid, si_status", sigchld_exited, 0 },
	{ "SIGCHLD: CLD_KILLED, si_status", sigchld_killed, 0 },
	{ "SIGSEGV: SEGV_MAPERR, si_addr, cr2, trapno, err", segv_maperr_info, 0 },
	{ "SIGSEGV: SEGV_ACCERR on program text", segv_accerr_info, 0 },
	{ "SIGSEGV: mov of an LDT selector to fs, SI_KERNEL, trapno 13, err", ldt_mov_info, 0 },
	{ "SIGSEGV: pop of an LDT selector into es, SI_KERNEL, trapno 13, err", ldt_pop_info, 0 },
	{ "SIGILL: ILL_ILLOPN, si_addr", ill_info, 0 },
	{ "SIGFPE: FPE_INTDIV, si_addr", fpe_info, 0 },
	{ "kill(1, SIGTERM) from a child", kill_init_term, 0 },
	{ "kill(1, SIGKILL) from a child", kill_init_kill, 0 },
	{ "vfork parent gets SIGKILL while the child runs", vfork_parent_sigkill, 0 },
	{ "vfork parent gets SIGTERM while the child runs", vfork_parent_sigterm, 0 },
};

/* As init: signals without a handler sent to itself are ignored. */
static int init_ignores_own_signals(void)
{
	if (getpid() != 1) {
		printf("init's own SIGTERM and SIGKILL: ok (not init, skipped)\n");
		return 1;
	}
	kill(getpid(), SIGTERM);
	raise(SIGKILL);
	printf("init's own SIGTERM and SIGKILL: ok (ignored)\n");
	return 1;
}

int main(int argc, char **argv)
{
	int good = 0, total = 0;

	/* stdio allocates its buffer on the first printf: before "start" */
	printf("hostile_sig: %zu cases\n", sizeof(cases) / sizeof(cases[0]) + 1);
	syscall(CV_SYS_SNAPSHOT, "start");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (argc > 1 && strstr(cases[i].name, argv[1]) == NULL)
			continue;
		good += case_run(&cases[i]);
		total++;
	}
	if (argc == 1) {
		good += init_ignores_own_signals();
		total++;
	}
	while (waitpid(-1, NULL, 0) > 0)
		; /* the orphans of the vfork cases */
	syscall(CV_SYS_SNAPSHOT, "end");
	printf("hostile_sig: %d of %d as expected\n", good, total);
	return good == total ? 0 : 1;
}
