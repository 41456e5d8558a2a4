/* sysfuzz: the guest system-call fuzzer. Run as init (pid 1):
 *
 *   sysfuzz SEED ACTIONS WORKERS [DEADLINE_S [WORKER GEN]]
 *
 * The supervisor forks WORKERS workers, each in its own process group, and
 * replaces every worker that ends until ACTIONS actions are done. A worker
 * of generation G at index W issues system calls chosen by a xorshift PRNG
 * seeded from (SEED, W, G), with hostile arguments: bad and closed fds,
 * NULL / unmapped / read-only / top-of-memory / wrapping pointers, huge and
 * negative numbers, random flags; it forks, vforks, clones and execs itself
 * and garbage, maps and unmaps memory, installs signal handlers, signals
 * itself and its own children, loads segment selectors. Before each action
 * it writes an 8-byte record to a pipe the supervisor reads, so the
 * supervisor knows the progress and the last action of every worker.
 *
 * The supervisor's watchdog (nanosleep + wait4 WNOHANG) SIGKILLs a worker's
 * process group when it made no progress for DEADLINE_S seconds (default
 * 5): "stuck in a call that may block forever" (a pipe read, a sleep, a
 * stop signal, ...) or stopped (wait4 said so: a stop signal from one of
 * its children to the group) is counted apart from a HANG (any other call), which is
 * a kernel finding; a snapshot labelled "stuck pid N" is taken first (with
 * --stats-json its process list shows whether the worker was running or
 * sleeping). Workers cannot reach the supervisor: their kill targets are
 * themselves, their own children and their own group, never pid 1 or -1,
 * and they never join group 1.
 *
 * The supervisor takes cv_snapshot("start") before the first worker and
 * cv_snapshot("end") after every process is reaped (frames used outside
 * the kernel heap, which files the workers create may grow, must be
 * equal: no leak), and prints a summary: actions, processes, worker ends by
 * exit status and by signal, stuck workers, hangs. Exit status 0, or 1 when
 * a HANG was seen. With WORKER and GEN, only that one worker generation
 * runs (to replay a finding, e.g. under --strace). `sysfuzz exec-child
 * SEED` is the program a worker execs. */
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../../shared/syscall.h"


#ifndef SA_RESTORER
#define SA_RESTORER    0x04000000    /* the i386 ABI; libcs keep it private */
#endif
#define PROG_FD        63            /* a worker's progress pipe (the last fd) */
#define SCRATCH        0x50000000u   /* a worker's 64 KiB buffer; nothing after it */
#define SCRATCH_LEN    0x10000u
#define ARENA          0x60000000u   /* where a worker's maps come and go */
#define ARENA_PAGES    256
#define UNMAPPED       0xc0000000u   /* nothing is mapped there */
#define TOP_PAGE       0xfffff000u
#define TRAMPOLINE     0xffffe000u   /* read-only, the kernel's FPU page */
#define GEN_ACTIONS    120           /* actions per worker generation */
#define CHILD_ACTIONS  6             /* actions of a forked or exec'd child */
#define MAX_DEPTH      2             /* forks below a worker */
#define MAX_WORKERS    16
#define TICK_NS        50000000L     /* the watchdog's period */
#define FAULT_LOOP_MAX 20            /* fault handler calls before giving up */
#define EXIT_FAULT_LOOP 3            /* a worker's status after giving up */
#define REC_FIRST      0x1           /* the first record of a process */
#define REC_MAY_BLOCK  0x2           /* the action may block forever, legitimately */
#define NSIGS          65

/* ---- raw system calls: no errno, no TLS, safe with any %gs ---- */

/* int 0x80 with six arguments (cdecl, on the stack); returns eax, -errno
 * on failure. In assembly: %ebp carries the sixth argument. */
long sc6(long nr, long a, long b, long c, long d, long e, long f);
__asm__(".pushsection .text\n"
	".globl sc6\n"
	"sc6:\n\t"
	"push %ebp\n\tpush %edi\n\tpush %esi\n\tpush %ebx\n\t"
	"mov 20(%esp), %eax\n\tmov 24(%esp), %ebx\n\tmov 28(%esp), %ecx\n\t"
	"mov 32(%esp), %edx\n\tmov 36(%esp), %esi\n\tmov 40(%esp), %edi\n\t"
	"mov 44(%esp), %ebp\n\tint $0x80\n\t"
	"pop %ebx\n\tpop %esi\n\tpop %edi\n\tpop %ebp\n\tret\n"
	".popsection\n");

#define sc0(nr) sc6(nr, 0, 0, 0, 0, 0, 0)
#define sc1(nr, a) sc6(nr, (long)(a), 0, 0, 0, 0, 0)
#define sc2(nr, a, b) sc6(nr, (long)(a), (long)(b), 0, 0, 0, 0)
#define sc3(nr, a, b, c) sc6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sc4(nr, a, b, c, d) sc6(nr, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

enum { NR_EXIT = SYS_exit, NR_FORK = SYS_fork, NR_READ = SYS_read, NR_WRITE = SYS_write,
       NR_OPEN = SYS_open, NR_CLOSE = SYS_close, NR_EXECVE = SYS_execve, NR_GETPID = SYS_getpid,
       NR_KILL = SYS_kill, NR_DUP2 = SYS_dup2, NR_GETPGRP = SYS_getpgrp, NR_SETPGID = SYS_setpgid,
       NR_WAIT4 = SYS_wait4, NR_CLONE = SYS_clone, NR_RT_SIGACTION = SYS_rt_sigaction,
       NR_RT_SIGRETURN = SYS_rt_sigreturn, NR_SIGRETURN = SYS_sigreturn, NR_VFORK = SYS_vfork,
       NR_MMAP2 = SYS_mmap2, NR_GETDENTS64 = SYS_getdents64, NR_TKILL = SYS_tkill,
       NR_SET_THREAD_AREA = SYS_set_thread_area, NR_GET_THREAD_AREA = SYS_get_thread_area,
       NR_TGKILL = SYS_tgkill, NR_PIPE2 = SYS_pipe2, NR_EXIT_GROUP = SYS_exit_group };

/* ---- the PRNG: xorshift32, cheap where 32-bit code is emulated ---- */

static uint32_t rng;

/* The next pseudo-random number. */
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* A number in [0, n). */
static uint32_t below(uint32_t n)
{
	return rnd() % n;
}

/* A seed for (seed, worker, generation), never 0. */
static uint32_t mix_seed(uint32_t seed, uint32_t worker, uint32_t gen)
{
	uint32_t h = seed * 0x9e3779b1u ^ (worker + 1) * 0x85ebca6bu ^ (gen + 1) * 0xc2b2ae35u;

	h ^= h >> 16;
	h *= 0x7feb352du;
	h ^= h >> 15;
	return h ? h : 1;
}

/* ---- a worker's state ---- */

static int g_depth;                 /* 0: a worker, >0: a child below one */
static int g_first_record = 1;
static int32_t g_children[8];       /* recent children, for kill and wait4 */
static uint32_t g_tls_desc[4];      /* the libc's TLS descriptor, to restore */
static uint16_t g_gs;
static volatile int g_faults;       /* fault-signal handler calls */
static volatile int g_caught[NSIGS];

/* One progress record, written before each action by a worker or by a
 * child of it (the pipe is shared): who, which action, which call. */
struct record {
	uint16_t seq;
	uint16_t nr;
	uint16_t pid;
	uint8_t flags;
	uint8_t pad;
};

/* ---- hostile argument values ---- */

static const int32_t hostile_ints[] = {
	0, 1, -1, 2, 3, 7, 16, 255, 4096, 65536, 0x7fffffff, (int32_t)0x80000000, -4096, -2,
	(int32_t)0xffff0000, 0x10000000,
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define STR_(x) #x
#define STR(x) STR_(x) /* a number macro as a string, expanded first */

/* An integer: boundary values, small ones, or random bits. */
static int32_t any_int(void)
{
	switch (below(4)) {
	case 0: return hostile_ints[below(NELEM(hostile_ints))];
	case 1: return (int32_t)below(16);
	case 2: return (int32_t)rnd();
	default: return (int32_t)(rnd() & rnd());
	}
}

/* Flags: none, sparse random bits, or all random bits. */
static int32_t any_flags(void)
{
	switch (below(4)) {
	case 0: return 0;
	case 1: return (int32_t)(1u << below(32));
	case 2: return (int32_t)rnd();
	default: return (int32_t)(rnd() & rnd() & rnd());
	}
}

/* A file descriptor: likely open, closed, negative or huge; never PROG_FD. */
static int32_t any_fd(void)
{
	static const int32_t odd[] = { -1, 64, 62, 1 << 20, 0x7fffffff, -100 };

	return below(5) ? (int32_t)below(12) : odd[below(NELEM(odd))];
}

/* A pointer to memory the kernel may read or write: valid scratch, NULL,
 * unmapped, read-only text or trampoline, the top page, wrapping, the
 * arena (mapped or not) or random. */
static uint32_t any_ptr(void)
{
	switch (below(12)) {
	case 0: return 0;
	case 1: return UNMAPPED + below(16) * 4096;
	case 2: return (uint32_t)(uintptr_t)&any_ptr;
	case 3: return TOP_PAGE + below(4096);
	case 4: return TRAMPOLINE;
	case 5: return 0xfffffff0u;
	case 6: return ARENA + below(ARENA_PAGES) * 4096 + (below(4) ? 0 : below(4096));
	case 7: return rnd();
	case 8: return SCRATCH + SCRATCH_LEN - 1 - below(64);
	default: return SCRATCH + below(SCRATCH_LEN / 2) * 2;
	}
}

/* A length: 0, 1, small, a page, the scratch size, huge, random. */
static uint32_t any_len(void)
{
	static const uint32_t lens[] = { 0, 1, 8, 4096, SCRATCH_LEN, 0x7fffffff, 0xffffffffu,
					 0x10001, 4097 };

	switch (below(3)) {
	case 0: return lens[below(NELEM(lens))];
	case 1: return below(512);
	default: return below(2) ? rnd() : below(SCRATCH_LEN);
	}
}

/* An address for memory calls: mostly in the arena, sometimes anywhere. */
static uint32_t any_addr(void)
{
	switch (below(8)) {
	case 0: return 0;
	case 1: return any_ptr();
	case 2: return ARENA + below(ARENA_PAGES) * 4096 + below(4096);
	default: return ARENA + below(ARENA_PAGES) * 4096;
	}
}

/* A size for memory calls: pages, 0, 1, or huge. */
static uint32_t any_size(void)
{
	static const uint32_t sizes[] = { 0, 1, 0x80000000u, 0xfffff000u, 0x40000000u, 4095 };

	return below(4) ? (below(16) + 1) * 4096 : sizes[below(NELEM(sizes))];
}

/* A signal number, valid or not. */
static int32_t any_sig(void)
{
	return below(8) ? (int32_t)below(NSIGS) : any_int();
}

/* A pid the worker may name: itself, a child of its own, its group (0),
 * or one that does not exist; never 1 or -1. */
static int32_t safe_pid(void)
{
	int32_t self = (int32_t)sc0(NR_GETPID), child;

	switch (below(5)) {
	case 0: return self;
	case 1: return 0;
	case 2: return 30000 + (int32_t)below(1000);
	default:
		child = g_children[below(NELEM(g_children))];
		return child ? child : self;
	}
}

/* A path: real, missing, through a file, empty, too long, or a bad pointer. */
static uint32_t any_path(void)
{
	static const char *const paths[] = {
		"/", "/init", "/nonexistent", "/init/x", ".", "..", "", "/proc/self/exe",
		"//./../init", "/bin/../init/",
	};
	char *s = (char *)(uintptr_t)(SCRATCH + SCRATCH_LEN / 2);
	uint32_t n;

	switch (below(6)) {
	case 0: return any_ptr();
	case 1:  /* a name of up to 5000 bytes, maybe NUL-terminated */
		n = below(5000);
		memset(s, below(2) ? '/' : 'a', n);
		s[n] = below(8) ? '\0' : 'b';
		return (uint32_t)(uintptr_t)s;
	default: return (uint32_t)(uintptr_t)paths[below(NELEM(paths))];
	}
}

/* A timespec: tiny and valid mostly; bad nanoseconds, negative, huge, or a
 * bad pointer. *may_block is set when the time is long. */
static uint32_t any_timespec(int *may_block)
{
	int32_t *ts = (int32_t *)(uintptr_t)(SCRATCH + 64);

	ts[0] = 0;
	ts[1] = (int32_t)below(200000);
	switch (below(10)) {
	case 0: return any_ptr();
	case 1: ts[1] = 1000000000 + (int32_t)below(10); break;
	case 2: ts[0] = -1; break;
	case 3: ts[0] = any_int(); ts[1] = any_int(); *may_block = 1; break;
	default: break;
	}
	return (uint32_t)(uintptr_t)ts;
}

/* An iovec array in scratch (or a bad pointer): count from any_int. */
static uint32_t any_iovec(void)
{
	uint32_t *iov = (uint32_t *)(uintptr_t)(SCRATCH + 256);

	if (below(6) == 0)
		return any_ptr();
	for (int i = 0; i < 8; i++) {
		iov[2 * i] = below(3) ? SCRATCH + 4096 + below(4096) : any_ptr();
		iov[2 * i + 1] = below(3) ? below(512) : any_len();
	}
	return (uint32_t)(uintptr_t)iov;
}

/* A signal set in scratch with random bits, or a bad pointer. */
static uint32_t any_sigset(void)
{
	uint32_t *set = (uint32_t *)(uintptr_t)(SCRATCH + 8);

	if (below(6) == 0)
		return any_ptr();
	set[0] = (uint32_t)any_flags();
	set[1] = (uint32_t)any_flags();
	return SCRATCH + 8;
}

/* A user_desc for set_thread_area: random fields, a usual entry number. */
static uint32_t any_user_desc(void)
{
	static const int32_t entries[] = { -1, 6, 7, 8, 12, 0, 1000 };
	uint32_t *u = (uint32_t *)(uintptr_t)(SCRATCH + 512);

	if (below(8) == 0)
		return any_ptr();
	u[0] = (uint32_t)entries[below(NELEM(entries))];
	u[1] = below(2) ? SCRATCH : rnd();
	u[2] = below(2) ? 0xfffff : rnd();
	u[3] = below(2) ? 0x51 : rnd() & 0x7f; /* seg_32bit, limit_in_pages, useable */
	return (uint32_t)(uintptr_t)u;
}

/* ---- the table of calls: i386 number, name, argument kinds ----
 * f fd, p pointer, s path, l length, i int, x flags, a address, z size,
 * n signal, k safe pid, w whence, c clock, S sigset size, t timespec,
 * v iovec, u user_desc, m signal set, q a place for the old set.
 * may_block marks calls that may block forever with some arguments (a pipe
 * read, a wait, a long sleep): a worker stuck there is not a kernel hang. */
/* musl calls i386's 32-bit time system calls *_time32 (glibc: the Linux
 * names). */
#if !defined(SYS_clock_gettime) && defined(SYS_clock_gettime32)
#define SYS_gettimeofday    SYS_gettimeofday_time32
#define SYS_clock_gettime   SYS_clock_gettime32
#define SYS_clock_getres    SYS_clock_getres_time32
#define SYS_clock_nanosleep SYS_clock_nanosleep_time32
#define SYS_timerfd_settime SYS_timerfd_settime32
#define SYS_timerfd_gettime SYS_timerfd_gettime32
#define SYS_settimeofday    SYS_settimeofday_time32
#endif

struct call {
	uint16_t nr;
	uint8_t may_block;
	const char *name;
	const char *kinds;
};

/* A call by its libc name (SYS_name), labelled with the name. */
#define CALL(name, may_block, kinds) { SYS_##name, may_block, #name, kinds }

static const struct call calls[] = {
	CALL(read, 1, "fpl"),                CALL(write, 1, "fpl"),
	CALL(open, 0, "sxi"),                CALL(close, 0, "f"),
	CALL(waitpid, 1, "kpx"),             CALL(unlink, 0, "s"),
	CALL(chdir, 0, "s"),                 CALL(time, 0, "p"),
	CALL(lseek, 0, "fiw"),               CALL(getpid, 0, ""),
	CALL(getuid, 0, ""),                 CALL(access, 0, "si"),
	CALL(dup, 0, "f"),                   CALL(pipe, 0, "p"),
	CALL(brk, 0, "a"),                   CALL(ioctl, 0, "fip"),
	CALL(fcntl, 0, "fii"),               CALL(umask, 0, "i"),
	CALL(dup2, 0, "ff"),                 CALL(getppid, 0, ""),
	CALL(getpgrp, 0, ""),                CALL(setsid, 0, ""),
	CALL(getrlimit, 0, "ip"),            CALL(getrusage, 0, "ip"),
	CALL(gettimeofday, 0, "pp"),         CALL(readlink, 0, "spl"),
	{ SYS_mmap, 0, "old_mmap", "p" },    CALL(munmap, 0, "az"),
	CALL(wait4, 1, "kpxp"),              CALL(sysinfo, 0, "p"),
	CALL(uname, 0, "p"),                 CALL(mprotect, 0, "azx"),
	CALL(getpgid, 0, "k"),               CALL(fchdir, 0, "f"),
	CALL(_llseek, 0, "fiipw"),           CALL(getdents, 0, "fpl"),
	CALL(readv, 1, "fvi"),               CALL(writev, 1, "fvi"),
	CALL(sched_yield, 0, ""),            CALL(nanosleep, 1, "tp"),
	CALL(rt_sigprocmask, 0, "imqS"),     CALL(rt_sigpending, 0, "pS"),
	CALL(getcwd, 0, "pl"),               CALL(sigaltstack, 0, "pp"),
	CALL(ugetrlimit, 0, "ip"),           CALL(mmap2, 0, "azxxfi"),
	CALL(stat64, 0, "sp"),               CALL(lstat64, 0, "sp"),
	CALL(fstat64, 0, "fp"),              CALL(madvise, 0, "azi"),
	CALL(getdents64, 0, "fpl"),          CALL(fcntl64, 0, "fii"),
	CALL(gettid, 0, ""),                 CALL(get_thread_area, 0, "u"),
	CALL(set_tid_address, 0, "p"),       CALL(clock_gettime, 0, "cp"),
	CALL(clock_getres, 0, "cp"),         CALL(clock_nanosleep, 1, "cxtp"),
	CALL(openat, 0, "fsxi"),             CALL(fstatat64, 0, "fspx"),
	CALL(readlinkat, 0, "fspl"),         CALL(faccessat, 0, "fsix"),
	CALL(set_robust_list, 0, "pl"),      CALL(dup3, 0, "ffx"),
	CALL(pipe2, 0, "px"),                CALL(prlimit64, 0, "kipp"),
	CALL(getrandom, 0, "plx"),           CALL(statx, 0, "fsxxp"),
	CALL(clock_gettime64, 0, "cp"),      CALL(clock_nanosleep_time64, 1, "cxtp"),
	CALL(ptrace, 0, "iiii"),             CALL(reboot, 0, "iiip"),
	CALL(mount, 0, "sssxp"),             CALL(sigreturn, 0, ""),
	CALL(rt_sigreturn, 0, ""),
	CALL(eventfd2, 0, "ix"),             CALL(timerfd_create, 0, "cx"),
	CALL(timerfd_settime, 0, "fxpp"),    CALL(timerfd_gettime, 0, "fp"),
	CALL(memfd_create, 0, "sx"),         CALL(close_range, 0, "ffx"),
	CALL(preadv, 1, "fvii"),             CALL(pwritev, 1, "fvii"),
	CALL(preadv2, 1, "fviix"),           CALL(pwritev2, 1, "fviix"),
	CALL(mincore, 0, "azp"),             CALL(fadvise64_64, 0, "fiiiix"),
	CALL(personality, 0, "x"),           CALL(setrlimit, 0, "ip"),
	CALL(settimeofday, 0, "pp"),         CALL(mremap, 0, "azzxa"),
};

/* Numbers a random pick must not reach raw: they are issued by the guarded
 * actions below (signals to other processes, fork-likes, exec, groups,
 * waits for signals that never come). */
static int guarded(uint32_t nr)
{
	static const uint16_t list[] = { NR_EXIT, NR_FORK, NR_EXECVE, SYS_pause, NR_KILL,
					 NR_SETPGID, SYS_sigsuspend, NR_CLONE, SYS_rt_sigsuspend,
					 NR_VFORK, NR_TKILL, NR_TGKILL, NR_EXIT_GROUP };

	for (uint32_t i = 0; i < NELEM(list); i++)
		if (list[i] == nr)
			return 1;
	return 0;
}

/* A value for one argument of the given kind. */
static uint32_t arg_of(char kind, int *may_block)
{
	switch (kind) {
	case 'f': return (uint32_t)any_fd();
	case 'p': return any_ptr();
	case 's': return any_path();
	case 'l': return any_len();
	case 'x': return (uint32_t)any_flags();
	case 'a': return any_addr();
	case 'z': return any_size();
	case 'n': return (uint32_t)any_sig();
	case 'k': return (uint32_t)safe_pid();
	case 'w': return below(4) ? below(5) : (uint32_t)any_int();
	case 'c': return below(4) ? below(12) : (uint32_t)any_int();
	case 'S': return below(4) ? 8 : (uint32_t)any_int();
	case 't': return any_timespec(may_block);
	case 'v': return any_iovec();
	case 'u': return any_user_desc();
	case 'm': return any_sigset();
	case 'q': return below(2) ? SCRATCH + 16 : any_ptr();
	default: return (uint32_t)any_int();
	}
}

/* ---- progress records ---- */

static uint32_t g_seq;
static uint16_t g_pid;                /* this process's pid, for records */

/* Tell the supervisor which action comes next. */
static void report(uint16_t nr, int may_block)
{
	struct record r = { (uint16_t)g_seq++, nr, g_pid,
			    (uint8_t)((g_first_record ? REC_FIRST : 0) | (may_block ? REC_MAY_BLOCK : 0)), 0 };

	if (g_first_record)
		g_pid = (uint16_t)sc0(NR_GETPID);
	r.pid = g_pid;
	g_first_record = 0;
	sc3(NR_WRITE, PROG_FD, &r, sizeof(r));
}

/* ---- signal handlers that return (bounded for faults) ---- */

/* Count the signal; a fault handler that keeps being re-entered by the same
 * faulting instruction gives up with EXIT_FAULT_LOOP. */
static void on_signal(int sig)
{
	if (sig >= 0 && sig < NSIGS)
		g_caught[sig]++;
	if ((sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP) &&
	    ++g_faults > FAULT_LOOP_MAX)
		sc1(NR_EXIT_GROUP, EXIT_FAULT_LOOP);
}

/* The SA_SIGINFO form of the same handler. */
static void on_siginfo(int sig, siginfo_t *info, void *uc)
{
	(void)info;
	(void)uc;
	on_signal(sig);
}

/* The restorers: return from a handler through (rt_)sigreturn. */
void sysfuzz_restore_rt(void);
void sysfuzz_restore(void);
__asm__(".pushsection .text\n"
	"sysfuzz_restore_rt:\n\tmovl $" STR(SYS_rt_sigreturn) ", %eax\n\tint $0x80\n"
	"sysfuzz_restore:\n\tpopl %eax\n\tmovl $" STR(SYS_sigreturn) ", %eax\n\tint $0x80\n"
	".popsection\n");

/* A garbage handler address: any pointer but any_ptr's own. That one is a
 * function that returns: as the handler of a fault it would return to the
 * faulting instruction forever, without the bound on_signal keeps. Linux
 * loops there too (seed 204, worker 3 gen 13: SIGSEGV's handler any_ptr,
 * the fault a `mov %eax, %fs` of an LDT selector in act_segment), a loop
 * of the program's own that the watchdog would take for a kernel HANG. */
static uint32_t garbage_handler(void)
{
	uint32_t p = any_ptr();

	return p == (uint32_t)(uintptr_t)&any_ptr ? UNMAPPED : p;
}

/* rt_sigaction with a handler that returns, default, ignore, or garbage;
 * random flags and mask; usually the matching restorer. */
static void act_sigaction(void)
{
	uint32_t *sa = (uint32_t *)(uintptr_t)(SCRATCH + 1024);
	int32_t sig = any_sig();
	uint32_t flags = (uint32_t)any_flags() | (below(8) ? SA_RESTORER : 0);

	if (below(2))
		flags = (flags & ~(uint32_t)SA_SIGINFO) | (below(2) ? SA_SIGINFO : 0);
	switch (below(6)) {
	case 0: sa[0] = (uint32_t)(uintptr_t)SIG_DFL; break;
	case 1: sa[0] = (uint32_t)(uintptr_t)SIG_IGN; break;
	case 2: sa[0] = garbage_handler(); break;
	default:
		sa[0] = flags & SA_SIGINFO ? (uint32_t)(uintptr_t)on_siginfo
					   : (uint32_t)(uintptr_t)on_signal;
	}
	sa[1] = flags;
	sa[2] = below(4) ? (uint32_t)(uintptr_t)(flags & SA_SIGINFO ? sysfuzz_restore_rt
								    : sysfuzz_restore)
			 : any_ptr();
	sa[3] = below(2) ? 0 : rnd();
	sa[4] = below(2) ? 0 : rnd();
	report(NR_RT_SIGACTION, 0);
	sc4(NR_RT_SIGACTION, sig, below(10) ? (uint32_t)(uintptr_t)sa : any_ptr(),
	    below(2) ? SCRATCH + 2048 : any_ptr(), below(8) ? 8 : (uint32_t)any_int());
}

/* kill, tkill or tgkill of itself, its own children or its own group. */
static void act_kill(void)
{
	int32_t pid = safe_pid(), sig = any_sig(), self = (int32_t)sc0(NR_GETPID);
	int32_t pgrp = (int32_t)sc0(NR_GETPGRP);
	int stop = sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;

	if (below(4) == 0)
		pid = -pgrp;
	if ((pid == 0 || pid == -pgrp) && pgrp <= 1)
		pid = self; /* a group shared with the supervisor: never */
	switch (below(3)) {
	case 0:
		report(NR_KILL, stop);
		sc2(NR_KILL, pid, sig);
		break;
	case 1:
		report(NR_TKILL, stop);
		sc2(NR_TKILL, pid > 0 ? pid : self, sig);
		break;
	default:
		report(NR_TGKILL, stop);
		pid = pid > 0 ? pid : self;
		sc3(NR_TGKILL, below(2) ? self : pid, pid, sig);
	}
}

/* setpgid of itself or a child: to its own pid, to 0, never to the
 * supervisor's group 1 (the kernel would let it: a finding, see report). */
static void act_setpgid(void)
{
	int32_t pid = below(2) ? 0 : safe_pid(), pgid = below(2) ? 0 : safe_pid();

	if (pgid == 1 || pgid < 0)
		pgid = 0;
	report(NR_SETPGID, 0);
	sc2(NR_SETPGID, pid, pgid);
}

static void worker_loop(int actions);

/* Remember a child's pid for kill and wait4. */
static void remember_child(int32_t pid)
{
	if (pid > 0)
		g_children[below(NELEM(g_children))] = pid;
}

/* fork; the child does a few actions of its own and exits. */
static void act_fork(void)
{
	int32_t pid;

	if (g_depth >= MAX_DEPTH)
		return;
	report(NR_FORK, 0);
	pid = (int32_t)sc0(NR_FORK);
	if (pid == 0) {
		g_depth++;
		g_first_record = 1;
		memset(g_children, 0, sizeof(g_children));
		rng = mix_seed(rng, (uint32_t)g_depth, g_seq);
		worker_loop(CHILD_ACTIONS);
		sc1(NR_EXIT, below(256));
	}
	remember_child(pid);
}

static char *exec_argv[4];
static char exec_seed[12];

/* Set up exec_argv: this program as "exec-child SEED", or garbage. */
static uint32_t exec_target(uint32_t *argv)
{
	static const char *const garbage[] = { "/", "/nonexistent", "/init/", "" };

	snprintf(exec_seed, sizeof(exec_seed), "%u", rnd());
	exec_argv[0] = "/init";
	exec_argv[1] = "exec-child";
	exec_argv[2] = exec_seed;
	exec_argv[3] = NULL;
	*argv = below(6) ? (uint32_t)(uintptr_t)exec_argv : any_ptr();
	switch (below(5)) {
	case 0: return any_path();
	case 1: return (uint32_t)(uintptr_t)garbage[below(NELEM(garbage))];
	case 2: return (uint32_t)(uintptr_t)"/proc/self/exe";
	default: return (uint32_t)(uintptr_t)"/init";
	}
}

/* vfork or clone (random flags): the child execs the target or exits at
 * once, all in one asm block so it never returns into the parent's frame. */
static void act_vfork_clone(void)
{
	uint32_t argv, path = exec_target(&argv), nr = below(2) ? NR_VFORK : NR_CLONE;
	uint32_t flags = below(2) ? 0x4111 /* CLONE_VM|CLONE_VFORK|SIGCHLD */ : (uint32_t)any_flags();
	static volatile uint32_t child_path, child_argv;
	long ret;

	if (g_depth >= MAX_DEPTH)
		return;
	child_path = path;
	child_argv = argv;
	report((uint16_t)nr, 1);
	__asm__ volatile("int $0x80\n\t"
			 "test %%eax, %%eax\n\t"
			 "jnz 1f\n\t"
			 "mov %[p], %%ebx\n\t"
			 "mov %[v], %%ecx\n\t"
			 "xor %%edx, %%edx\n\t"
			 "mov $11, %%eax\n\t"
			 "int $0x80\n\t"
			 "mov $1, %%eax\n\t"
			 "mov $127, %%ebx\n\t"
			 "int $0x80\n"
			 "1:"
			 : "=a"(ret)
			 : "a"(nr), "b"(flags), "c"(0), "d"(0), "S"(0), "D"(0),
			   [p] "m"(child_path), [v] "m"(child_argv)
			 : "memory");
	remember_child((int32_t)ret);
}

/* execve of itself (which runs a few actions and exits) or of garbage. */
static void act_execve(void)
{
	uint32_t argv, path = exec_target(&argv);

	report(NR_EXECVE, 0);
	sc3(NR_EXECVE, path, argv, below(4) ? 0 : any_ptr());
}

/* set_thread_area with a random descriptor, then load a selector into %fs;
 * the libc's TLS descriptor and %gs are put back afterwards. */
static void act_segment(void)
{
	uint32_t u = any_user_desc();
	uint16_t sel;

	report(NR_SET_THREAD_AREA, 0);
	if (sc1(NR_SET_THREAD_AREA, u) == 0 && below(8)) /* the entry it filled in */
		sel = (uint16_t)(*(uint32_t *)(uintptr_t)(SCRATCH + 512) * 8 + 3);
	else /* the null selector, or a random one (a fault, mostly) */
		sel = below(4) ? 0 : (uint16_t)rnd();
	__asm__ volatile("mov %0, %%fs\n\tmov %1, %%fs" :: "r"(sel), "r"(0) : "memory");
	if (g_tls_desc[0]) {
		memcpy((void *)(uintptr_t)(SCRATCH + 512), g_tls_desc, sizeof(g_tls_desc));
		sc1(NR_SET_THREAD_AREA, SCRATCH + 512);
		__asm__ volatile("mov %0, %%gs" :: "r"(g_gs) : "memory");
	}
}

/* open "/" and list it, with a good or a bad buffer. */
static void act_list_root(void)
{
	long fd;

	report(NR_OPEN, 0);
	fd = sc3(NR_OPEN, "/", 0, 0);
	if (fd < 0)
		return;
	report(NR_GETDENTS64, 0);
	sc3(NR_GETDENTS64, fd, below(4) ? SCRATCH + 4096 : any_ptr(), below(4) ? 4096 : any_len());
	if (below(2))
		sc1(NR_CLOSE, fd);
}

/* A pipe through which the worker sends itself a few bytes. */
static void act_pipe(void)
{
	int32_t *fds = (int32_t *)(uintptr_t)(SCRATCH + 128);

	report(NR_PIPE2, 0);
	if (sc2(NR_PIPE2, fds, below(2) ? 0 : 04000 /* O_NONBLOCK */) < 0)
		return;
	report(NR_WRITE, 0);
	if (sc3(NR_WRITE, fds[1], SCRATCH, 1 + below(64)) > 0) { /* else a read would wait forever */
		report(NR_READ, 0);
		sc3(NR_READ, fds[0], SCRATCH + 4096, below(2) ? 64 : 0);
	}
	if (below(2)) {
		sc1(NR_CLOSE, fds[0]);
		sc1(NR_CLOSE, fds[1]);
	}
}

/* One call from the table with arguments of its kinds. */
static void act_table(void)
{
	const struct call *c = &calls[below(NELEM(calls))];
	uint32_t a[6] = { 0 };
	int may_block = c->may_block;

	for (int i = 0; c->kinds[i] && i < 6; i++)
		a[i] = arg_of(c->kinds[i], &may_block);
	report(c->nr, may_block);
	sc6(c->nr, (long)a[0], (long)a[1], (long)a[2], (long)a[3], (long)a[4], (long)a[5]);
}

static uint32_t g_maps[4][2];        /* recent anonymous maps: address, pages */

/* Map 1-16 anonymous pages (private, sometimes shared, sometimes at a fixed
 * arena address) and write to each: demand-zero faults, and copy-on-write
 * ones in forked children that touch the same maps. Or touch a map made
 * earlier, which a later munmap or mprotect may have taken away (SIGSEGV). */
static void act_map_touch(void)
{
	uint32_t *m = g_maps[below(NELEM(g_maps))];
	uint32_t pages = 1 + below(16), flags = below(4) ? 0x22 : 0x21; /* ANON|PRIVATE, ANON|SHARED */
	uint32_t addr = 0;
	long got;

	if (below(3)) {
		if (below(2)) {
			flags |= 0x10; /* MAP_FIXED */
			addr = ARENA + below(ARENA_PAGES - 16) * 4096;
		}
		report(NR_MMAP2, 0);
		got = sc6(NR_MMAP2, addr, pages * 4096, 3, flags, -1, 0);
		if (got < 0 && got > -4096)
			return;
		m[0] = (uint32_t)got;
		m[1] = pages;
	}
	for (uint32_t i = 0; m[0] && i < m[1]; i++)
		((volatile uint8_t *)(uintptr_t)m[0])[i * 4096 + below(4096)] = (uint8_t)rnd();
}

/* A random number (implemented or not) with random arguments. */
static void act_random_nr(void)
{
	uint32_t nr = below(8) ? below(460) : rnd();

	if (guarded(nr) || nr == CV_SYS_SNAPSHOT)
		return;
	report((uint16_t)nr, 1);
	sc6((long)nr, any_int(), (long)any_ptr(), any_int(), (long)any_ptr(), any_int(), any_int());
}

/* One action, by weight. */
static void one_action(void)
{
	uint32_t r = below(100);

	if (r < 2) act_fork();
	else if (r < 4) act_vfork_clone();
	else if (r < 5) act_execve();
	else if (r < 8) act_kill();
	else if (r < 9) act_setpgid();
	else if (r < 14) act_sigaction();
	else if (r < 17) act_segment();
	else if (r < 20) act_list_root();
	else if (r < 23) act_pipe();
	else if (r < 27) act_random_nr();
	else if (r < 32) act_map_touch();
	else act_table();
}

/* Do actions until the budget is spent. */
static void worker_loop(int actions)
{
	for (int i = 0; i < actions; i++)
		one_action();
}

/* Map the scratch buffer, park the standard fds on a read-only file, keep
 * the TLS descriptor; then fuzz. */
static void worker_main(int prog_fd, int actions)
{
	uint16_t gs;

	sc2(NR_SETPGID, 0, 0);
	if (prog_fd != PROG_FD) {
		sc2(NR_DUP2, prog_fd, PROG_FD);
		sc1(NR_CLOSE, prog_fd);
	}
	/* PROG_FD stays open across execve: the exec'd program reports too */
	for (int fd = 0; fd < PROG_FD; fd++)
		sc1(NR_CLOSE, fd);
	sc3(NR_OPEN, "/init", 0, 0); /* fds 0-2: a read-only file, so no junk reaches the console */
	sc2(NR_DUP2, 0, 1);
	sc2(NR_DUP2, 0, 2);
	if (sc6(NR_MMAP2, SCRATCH, SCRATCH_LEN, 3, 0x32 /* PRIVATE|FIXED|ANON */, -1, 0) != (long)SCRATCH)
		sc1(NR_EXIT, 99);
	__asm__ volatile("mov %%gs, %0" : "=r"(gs));
	g_gs = gs;
	g_tls_desc[0] = gs >> 3;
	if (sc1(NR_GET_THREAD_AREA, g_tls_desc) != 0)
		g_tls_desc[0] = 0;
	worker_loop(actions);
	sc1(NR_EXIT, 0);
}

/* ---- the supervisor ---- */

struct worker {
	int32_t pid;       /* 0: slot free */
	int fd;            /* read end of its progress pipe */
	uint32_t index, gen;
	uint32_t actions;  /* records received from it and its children */
	struct record last; /* the worker's own last record */
	int have_last;
	int killed;        /* SIGKILLed as stuck, not reaped yet */
	int stopped;       /* wait4 reported it stopped (a stop signal to its group), not continued */
	struct timespec progress; /* when the last record came (or the kill) */
};

struct totals {
	uint32_t actions, processes, generations, stuck, hangs, orphans, unreaped;
	uint32_t exits[256], signals[NSIGS];
};

static struct worker workers[MAX_WORKERS];
static struct totals tot;
static uint32_t seed_arg, nworkers, target_actions, deadline_s = 5;
static uint32_t next_gen;
static int replay = -1;              /* the worker index to replay, or -1 */

/* Print a line on stdout now (no stdio buffer between snapshots). */
__attribute__((format(printf, 1, 2)))
static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (write(1, buf, (size_t)n) < 0)
		return;
}

/* Seconds from a to b. */
static double elapsed(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* The name of a call number, for reports. */
static const char *call_name(uint16_t nr)
{
	static const struct { uint16_t nr; const char *name; } special[] = {
		{ NR_FORK, "fork" }, { NR_VFORK, "vfork" }, { NR_CLONE, "clone" },
		{ NR_EXECVE, "execve" }, { NR_KILL, "kill" }, { NR_TKILL, "tkill" },
		{ NR_TGKILL, "tgkill" }, { NR_SETPGID, "setpgid" },
		{ NR_RT_SIGACTION, "rt_sigaction" }, { NR_SET_THREAD_AREA, "set_thread_area+segment load" },
		{ NR_OPEN, "open" }, { NR_PIPE2, "pipe2" },
	};

	for (uint32_t i = 0; i < NELEM(special); i++)
		if (special[i].nr == nr)
			return special[i].name;
	for (uint32_t i = 0; i < NELEM(calls); i++)
		if (calls[i].nr == nr)
			return calls[i].name;
	return "random number";
}

/* Start a worker in slot w: a new generation with its own pipe. */
static void spawn(struct worker *w, uint32_t index)
{
	int fds[2];
	int32_t pid;
	uint32_t gen;

	if (replay >= 0 && tot.generations > 0)
		return; /* a replay runs one generation */
	gen = next_gen++;

	if (pipe(fds) != 0)
		return;
	pid = (int32_t)sc0(NR_FORK);
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		for (int i = 0; i < MAX_WORKERS; i++)
			if (workers[i].pid)
				sc1(NR_CLOSE, workers[i].fd);
		sc1(NR_CLOSE, fds[0]);
		rng = mix_seed(seed_arg, index, gen);
		worker_main(fds[1], GEN_ACTIONS);
	}
	sc2(NR_SETPGID, pid, pid); /* as the child does: no race on kill(-pid) */
	close(fds[1]);
	sc3(55, fds[0], 4 /* F_SETFL */, 04000 /* O_NONBLOCK */);
	memset(w, 0, sizeof(*w));
	w->pid = pid;
	w->fd = fds[0];
	w->index = index;
	w->gen = gen;
	clock_gettime(CLOCK_MONOTONIC, &w->progress);
	tot.processes++;
	tot.generations++;
}

/* Take the records waiting in w's pipe. */
static void drain(struct worker *w, const struct timespec *now)
{
	struct record recs[64];
	long n;

	while ((n = sc3(NR_READ, w->fd, recs, sizeof(recs))) >= (long)sizeof(recs[0])) {
		for (long i = 0; i < n / (long)sizeof(recs[0]); i++) {
			if (recs[i].flags & REC_FIRST && w->actions)
				tot.processes++;
			w->actions++;
			tot.actions++;
		}
		for (long i = 0; i < n / (long)sizeof(recs[0]); i++)
			if (recs[i].pid == (uint16_t)w->pid) {
				w->last = recs[i];
				w->have_last = 1;
			}
		w->progress = *now;
	}
}

/* SIGKILL w and its process group (which it may have left). */
static void kill_worker(const struct worker *w)
{
	sc2(NR_KILL, w->pid, SIGKILL);
	sc2(NR_KILL, -w->pid, SIGKILL);
}

/* Kill w's process group and forget it once reaped. */
static void end_worker(struct worker *w)
{
	kill_worker(w);
	close(w->fd);
	w->pid = 0;
}

/* Account for a reaped process: a worker, or an orphan of one. */
static void reaped(int32_t pid, int status, const struct timespec *now)
{
	int stop = (status & 0xff) == 0x7f, cont = status == 0xffff; /* WIFSTOPPED, WIFCONTINUED */

	for (uint32_t i = 0; i < nworkers; i++) {
		struct worker *w = &workers[i];
		if (w->pid != pid)
			continue;
		if (stop || cont) { /* not an end: a stopped worker is stuck, not hung */
			w->stopped = stop;
			return;
		}
		drain(w, now);
		if ((status & 0x7f) == 0)
			tot.exits[(status >> 8) & 0xff]++;
		else if ((status & 0x7f) < NSIGS)
			tot.signals[status & 0x7f]++;
		end_worker(w);
		return;
	}
	if (!stop && !cont)
		tot.orphans++;
}

/* A statistics snapshot labelled "stuck pid N": its process list shows
 * whether the worker was running (a loop) or sleeping (blocked). */
static void snapshot_stuck(int32_t pid)
{
	char label[32];

	snprintf(label, sizeof(label), "stuck pid %d", pid);
	sc1(CV_SYS_SNAPSHOT, label);
}

/* SIGKILL a worker whose group made no progress for the deadline; a hang
 * of the kernel unless the worker's own last action may block forever (a
 * child hung in the kernel while the worker waits for it counts as stuck:
 * the worker's call is the one known to be in progress). */
static void check_stuck(struct worker *w, const struct timespec *now)
{
	int blocking = (w->have_last && (w->last.flags & REC_MAY_BLOCK)) || w->stopped;

	if (elapsed(&w->progress, now) < deadline_s)
		return;
	if (w->killed) {
		say("sysfuzz: HANG worker %u gen %u pid %d seed %u: survives SIGKILL for %u s\n",
		    w->index, w->gen, w->pid, seed_arg, deadline_s);
		tot.hangs++;
		w->progress = *now;
		return;
	}
	say("sysfuzz: %s worker %u gen %u pid %d seed %u: no progress for %u s after action #%u %s (nr %u)%s\n",
	    w->stopped ? "stuck (stopped)" : blocking ? "stuck (blocking call)" : "HANG", w->index, w->gen, w->pid, seed_arg,
	    deadline_s, w->have_last ? w->last.seq : 0, w->have_last ? call_name(w->last.nr) : "none",
	    w->have_last ? w->last.nr : 0, w->have_last ? "" : " before its first action");
	if (blocking)
		tot.stuck++;
	else
		tot.hangs++;
	snapshot_stuck(w->pid);
	kill_worker(w);
	w->progress = *now;
	w->killed = 1;
}

/* Reap whatever ended (workers and orphans), without blocking; note
 * workers stopped and continued. */
static int reap_some(const struct timespec *now)
{
	int status, n = 0;
	long pid;

	while ((pid = sc4(NR_WAIT4, -1, &status, 1 | 2 | 8 /* WNOHANG|WUNTRACED|WCONTINUED */, 0)) > 0) {
		reaped((int32_t)pid, status, now);
		n++;
	}
	return pid == -10 /* ECHILD */ ? -1 : n;
}

/* One watchdog tick: sleep, read progress, reap, kill the stuck. */
static void tick(void)
{
	struct timespec nap = { 0, TICK_NS }, now;

	nanosleep(&nap, NULL);
	clock_gettime(CLOCK_MONOTONIC, &now);
	for (uint32_t i = 0; i < nworkers; i++)
		if (workers[i].pid)
			drain(&workers[i], &now);
	reap_some(&now);
	for (uint32_t i = 0; i < nworkers; i++)
		if (workers[i].pid)
			check_stuck(&workers[i], &now);
}

/* Whether any worker is still running. */
static int any_running(void)
{
	for (uint32_t i = 0; i < nworkers; i++)
		if (workers[i].pid)
			return 1;
	return 0;
}

/* End everything left (orphans that left their group) and reap it all;
 * processes that cannot be reaped within the deadline are counted. */
static void reap_all(void)
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct timespec nap = { 0, TICK_NS };
		sc2(NR_KILL, -1, SIGKILL);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (reap_some(&now) < 0)
			return;
		if (elapsed(&start, &now) > deadline_s) {
			tot.unreaped++;
			say("sysfuzz: HANG seed %u: a process survives SIGKILL for %u s\n", seed_arg, deadline_s);
			return;
		}
		nanosleep(&nap, NULL);
	}
}

/* Print the summary line and the worker ends by status and signal. */
static void summary(void)
{
	say("sysfuzz: summary seed %u actions %u processes %u generations %u stuck %u hangs %u orphans %u\n",
	    seed_arg, tot.actions, tot.processes, tot.generations, tot.stuck, tot.hangs + tot.unreaped,
	    tot.orphans);
	for (int s = 1; s < NSIGS; s++)
		if (tot.signals[s])
			say("sysfuzz: workers killed by signal %d (%s): %u\n", s, strsignal(s), tot.signals[s]);
	for (int e = 0; e < 256; e++)
		if (tot.exits[e])
			say("sysfuzz: workers exited with %d%s: %u\n", e,
			    e == EXIT_FAULT_LOOP ? " (fault handler loop)" : "", tot.exits[e]);
}

extern char __bss_start[], _end[];

/* Touch 32 KiB of stack below the caller's frame. */
__attribute__((noinline)) static void touch_stack(void)
{
	volatile char reserve[32 * 1024];

	for (uint32_t i = 0; i < sizeof(reserve); i += 4096)
		reserve[i] = 0;
}

/* Fault in every page the supervisor will use (its data, bss and stack)
 * and run its x87 code once (on kvm-pvm the kernel maps its FPU trampoline,
 * with two page tables, at the first) before "start", so that only what
 * the run leaks differs at "end". */
static void touch_own_pages(void)
{
	const struct timespec zero = { 0, 0 };
	volatile double x87 = elapsed(&zero, &zero);

	(void)x87;
	for (uintptr_t p = (uintptr_t)__bss_start & ~(uintptr_t)4095; p < (uintptr_t)_end; p += 4096)
		*(volatile char *)p = *(volatile char *)p;
	touch_stack();
}

/* Keep the workers going until the actions are done, then clean up. */
static int supervise(void)
{
	touch_own_pages();
	say("sysfuzz: seed %u actions %u workers %u deadline %u s\n", seed_arg, target_actions,
	    nworkers, deadline_s);
	sc1(CV_SYS_SNAPSHOT, "start");
	while (tot.actions < target_actions || any_running()) {
		for (uint32_t i = 0; i < nworkers && tot.actions < target_actions; i++)
			if (!workers[i].pid && (replay < 0 || i == (uint32_t)replay))
				spawn(&workers[i], i);
		if (replay >= 0 && !any_running())
			break;
		tick();
	}
	reap_all();
	sc1(CV_SYS_SNAPSHOT, "end");
	summary();
	return tot.hangs || tot.unreaped ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "exec-child") == 0) {
		g_depth = MAX_DEPTH; /* reports on PROG_FD if it is still open */
		rng = mix_seed((uint32_t)strtoul(argv[2], NULL, 10), 0, 0);
		if (sc6(NR_MMAP2, SCRATCH, SCRATCH_LEN, 3, 0x32, -1, 0) == (long)SCRATCH)
			worker_loop(CHILD_ACTIONS);
		return 0;
	}
	if (argc < 4 || getpid() != 1) {
		fprintf(stderr, "usage: sysfuzz SEED ACTIONS WORKERS [DEADLINE_S] (as init)\n");
		return 2;
	}
	seed_arg = (uint32_t)strtoul(argv[1], NULL, 10);
	target_actions = (uint32_t)strtoul(argv[2], NULL, 10);
	nworkers = (uint32_t)strtoul(argv[3], NULL, 10);
	if (argc > 4)
		deadline_s = (uint32_t)strtoul(argv[4], NULL, 10);
	if (argc > 6) {
		replay = (int)strtoul(argv[5], NULL, 10);
		next_gen = (uint32_t)strtoul(argv[6], NULL, 10);
		nworkers = (uint32_t)replay + 1;
	}
	if (nworkers < 1 || nworkers > MAX_WORKERS || deadline_s < 1) {
		fprintf(stderr, "sysfuzz: WORKERS must be 1..%d, DEADLINE_S at least 1\n", MAX_WORKERS);
		return 2;
	}
	return supervise();
}
