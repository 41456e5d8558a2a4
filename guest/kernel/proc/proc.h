/* Processes: the table, the current process, scheduling and sleeping. */
#ifndef PROC_PROC_H
#define PROC_PROC_H

#include <stdbool.h>
#include <stdint.h>

#include "../../../shared/abi.h"
#include "../../../shared/introspect_proc.h"
#include "../mm/uaddr.h"

#include "../arch/segments.h"
#include "../arch/trap.h"
#include "../arch/x86.h"
#include "../arch/xsave_stub.h"
#include "../core/limits.h"
#include "cred.h"
#include "rlimit.h"

#define KSTACK_SIZE  16384
#define NOFILE       64
_Static_assert(NOFILE <= 64, "cloexec and fd_open: a bit per descriptor");
#define COMM_LEN     CV_COMM_LEN
#define NSIG         64

struct mm;
struct file;
struct fnode;

/* P_STOPPED: stopped by a stop signal, all state kept, not scheduled
 * until SIGCONT (or SIGKILL) makes it P_READY. */
enum proc_state { P_FREE, P_READY, P_RUNNING, P_SLEEPING, P_STOPPED, P_ZOMBIE };

/* The interval timers setitimer names, then the kernel's own CPU-time
 * timer of RLIMIT_CPU (rlimit.c), checked with them. */
enum { ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF, NITIMER, ITIMER_RLIMIT_CPU = NITIMER, NTIMERS };

/* An interval timer in ns: value is a monotonic deadline (ITIMER_REAL) or
 * an amount of CPU time (the other two) at which it fires; 0: disarmed. */
struct itimer {
	uint64_t value, interval;
};

/* CPU time accounting in TSC cycles: user time is run - sys. */
struct cputime {
	uint64_t run;          /* on the CPU, up to the last switch-out */
	uint64_t sys;          /* of which in the kernel, up to the last return to user */
	uint64_t since;        /* TSC: switched in */
	uint64_t trap_tsc;     /* TSC: the current trap from user began (or switch-in) */
	uint64_t child_user_ns, child_sys_ns; /* reaped children's (and theirs), ns */
};

/* A signal disposition, as rt_sigaction's struct (i386 layout). */
struct sigact {
	uaddr_t handler;    /* SIG_DFL 0, SIG_IGN 1, or a user address */
	uint32_t flags;     /* SA_* */
	uaddr_t restorer;
	uint64_t mask;
};

/* Why a pending signal was sent (its siginfo): valid while the signal is
 * pending, so not cleared when a slot is allocated. */
struct sigsource {
	int16_t code;       /* si_code: SI_USER, SI_TKILL, CLD_EXITED, SEGV_MAPERR... */
	uint8_t status;     /* SIGCHLD: si_status */
	uint64_t value;     /* si_pid of the sender (or child), or si_addr of a fault */
};

/* What the threads of a group share (Linux's signal, files, fs and sighand
 * structures in one): it lives in the group leader's slot (struct proc's
 * grp), which stays, a zombie if it ended first, until its last thread has
 * gone; every thread reaches it through its g. */
struct tgroup {
	int pgid, sid;              /* process group, session */
	bool ctty;                  /* the console is its controlling terminal */
	bool rlocked;               /* may hold POSIX record locks (file/rlock.c); fork clears it */
	int nthreads;               /* threads not yet ended (the leader's slot counts while it runs) */
	int exit_status;            /* exit_group's or a fatal signal's wait status, once exiting */
	bool exiting;               /* exit_group or a fatal signal: every thread ends */
	struct file *files[NOFILE];
	uint64_t cloexec;           /* bit n: close fd n on exec */
	uint64_t fd_open;           /* bit n: files[n] is set (loops over the open ones) */
	struct fnode *cwd;          /* held (fs_get) */
	uint32_t umask;             /* the file mode creation mask */
	struct rlim rlim[RLIM_NLIMITS]; /* resource limits (rlimit.h) */
	struct itimer itimer[NTIMERS]; /* setitimer's, and RLIMIT_CPU's (ITIMER_RLIMIT_CPU) */
	struct sigact sigact[NSIG];
	uint64_t sigpending;        /* process-directed signals no thread has taken yet
	                               (a one-thread process queues them on its thread) */
	struct sigsource sigsrc[NSIG]; /* their siginfo */
	uint64_t ended_user_ns, ended_sys_ns; /* CPU time of its threads that ended */
};

struct proc {
	enum proc_state state;
	int pid;                    /* the thread's id (gettid); a process's is its tgid */
	int tgid;                   /* the thread group's id: its leader's pid (getpid) */
	struct tgroup *g;           /* the group's shared state: &leader->grp */
	bool did_exec;              /* has exec'd since fork (setpgid: EACCES) */
	int stop_report;            /* stopped by this signal, not yet waited for */
	bool cont_report;           /* continued, not yet waited for (WCONTINUED) */
	int nice;                   /* -20 .. 19 */
	uint32_t personality;       /* personality(2): PER_LINUX (0) unless set; fork and exec keep it */
	struct proc *parent;
	int exit_signal;            /* sent to the parent at exit (SIGCHLD) */
	char comm[COMM_LEN];        /* the program's name (exec, PR_SET_NAME), NUL-padded */
	uint64_t start_ns;          /* monotonic time of its creation */
	int pdeath_signal;          /* PR_SET_PDEATHSIG: sent when the parent exits */
	struct fnode *exe;          /* the program file, for /proc/self/exe (held) */
	struct mm *mm;
	enum cv_abi abi;            /* the ABI of the program it runs (exec sets it) */
	enum cv_proc_origin origin; /* how it was created (fork sets it; the VMM's tree) */
	uint16_t execs;             /* execve()s it has done, saturating (the VMM reads it) */
	uint64_t fsbase, gsbase;    /* x86-64 FS/GS bases (arch_prctl), switched with it */
	struct trapframe *tf;       /* user registers, top of the kernel stack */
	uint64_t ksp;               /* saved kernel stack pointer when switched out */
	struct cred cred;           /* uids, gids, groups (all 0 from boot) */
	uint64_t tls[GDT_TLS_COUNT];/* the process's TLS GDT descriptors */
	uint16_t useg[4];           /* user ds, es, fs, gs while switched out */
	int wait_status;            /* zombie: status as wait4 reports it */
	const void *chan;           /* sleeping on this */
	uint64_t wake_ns;           /* timed sleep: wake at this monotonic ns (0: none) */
	struct cputime cpu;
	struct {                    /* what restart_syscall continues: a relative
	                               sleep a stop interrupted (ERESTART_RESTARTBLOCK) */
		uaddr_t urem;      /* the sleep: where the time left goes */
		bool wide;          /* 64-bit timespec */
		uint64_t deadline;  /* monotonic ns; 0: nothing for restart_syscall */
	} restart;
	uaddr_t clear_child_tid;    /* set_tid_address / CLONE_CHILD_CLEARTID */
	struct proc *vfork_parent;  /* set while a vfork parent waits for us */
	/* signals (the dispositions are the group's) */
	uint64_t sigmask, sigpending;
	uint64_t sigwaiting;        /* rt_sigtimedwait's set while it waits: these wake
	                               it even blocked (an ignored one is still dropped) */
	uint64_t saved_sigmask;     /* sigsuspend: the mask to restore */
	union {                     /* work for the return to user mode besides
	                               pending signals: one test for both */
		struct {                /* bits of one byte: one compare tests them all */
			bool restore_sigmask : 1;
			bool killed_by_kernel : 1; /* e.g. out of memory on a fault */
			bool shared_work : 1;  /* the group's pending signals may be for us */
		};
		uint8_t return_work;
	};
	uaddr_t altstack_sp;
	uint32_t altstack_size, altstack_flags;
	struct {                    /* the last fault that raised a signal */
		int sig;
		uint32_t vector, error;
		uint64_t eip, addr; /* addr: cr2 of a page fault */
	} fault;
	struct tgroup grp;          /* the group's state, when this slot leads one */
	uint8_t fpu[512] __attribute__((aligned(16))); /* fxsave area */
	/* XSAVE area of the state beyond x87/SSE while another process's is
	 * in the CPU (proc/xstate.h; x86-64 on kvm-pvm only) */
	uint8_t xstate[XSTUB_AREA_MAX] __attribute__((aligned(XSTUB_AREA_ALIGN)));
	struct sigsource sigsrc[NSIG]; /* each pending signal's siginfo (of one taken
	                               from the group's: copied here as it is taken) */
};

extern struct proc *cur;

/* Does the current system call use Linux x86-64's structure layouts
 * (8-byte longs and pointers): an x86-64 program's, unless it came by
 * int 0x80 (then i386's, as Linux's compat calls)? */
static inline bool cur_wide(void)
{
	return cur->abi == CV_ABI_X86_64 && cur->tf->vector != VEC_SYSCALL; /* not int 0x80 */
}

/* Does p lead its thread group (its slot holds the group's state)? */
static inline bool proc_is_leader(const struct proc *p)
{
	return p->g == &p->grp;
}

/* The leader of p's thread group. */
static inline struct proc *proc_leader(const struct proc *p)
{
	return (struct proc *)((char *)p->g - __builtin_offsetof(struct proc, grp));
}

/* Has p's process (its whole thread group) ended? A leader whose threads
 * still run is a zombie but not gone. */
static inline bool proc_gone(const struct proc *p)
{
	return p->state == P_FREE || p->g->nthreads == 0;
}

/* A free process slot with a pid and a kernel stack, state P_READY not yet
 * set (the caller fills it in); NULL when the table is full. */
struct proc *proc_alloc(void);

/* Make node p's program file, held against writers (ETXTBSY) until
 * proc_drop_exe; the caller took fs_deny_write(node) when it could fail. */
void proc_set_exe(struct proc *p, struct fnode *node);
void proc_drop_exe(struct proc *p);

/* Return a slot to the free pool (its resources already released). */
void proc_free(struct proc *p);

/* The process with this pid, or NULL. */
struct proc *proc_find(int pid);

/* The pid given out last. */
int proc_last_pid(void);

/* How many slots can be in use (all above are free). */
int proc_slots(void);

/* Iterate over the table: for (p = proc_first(); p; p = proc_next(p)).
 * Only the slots up to the highest one in use are visited. */
struct proc *proc_first(void);
struct proc *proc_next(struct proc *p);

/* The table itself: NPROC records, for the VMM's view of it. */
const struct proc *proc_table(void);

/* p's slot number in the table (0 .. NPROC-1). */
int proc_index(const struct proc *p);

/* The top of p's kernel stack. */
uint64_t proc_kstack_top(const struct proc *p);

/* Prepare p's kernel stack so that switching to it returns to user mode
 * with the registers in *p->tf. */
void proc_prepare_return(struct proc *p);

/* Run the first process: never returns. */
void proc_start(struct proc *p) __attribute__((noreturn));

/* Give up the CPU: run another ready process (or idle until one is). The
 * caller has set cur->state (P_READY to stay runnable). */
void schedule(void);

/* Sleep until wakeup(chan). Returns early, with -EINTR, when a signal is
 * pending for the process and interruptible is set; else 0. */
int sleep_on(const void *chan, bool interruptible);

/* Sleep until wakeup(chan), clock_monotonic_ns() reaching deadline (the
 * caller tells which), or a signal (-EINTR); else 0. */
int sleep_on_until(const void *chan, uint64_t deadline);

/* Sleep until clock_monotonic_ns() reaches deadline, or a signal; 0 or
 * -EINTR. */
int sleep_until_ns(uint64_t deadline);

/* Make a sleeping process ready to run. */
void proc_make_ready(struct proc *p);

/* Make every process sleeping on chan ready. */
void wakeup(const void *chan);

/* Read the CPU's user data segment registers into p->useg, or load them
 * from it: selectors whose descriptor is gone or unusable become null
 * (p->useg too), and proc_load_segments returns how many did. */
void proc_save_segments(struct proc *p);
int proc_load_segments(struct proc *p);

/* Give the current process p these data selectors (ds, es, fs, gs), as
 * proc_load_segments() does, loading only when one differs from the CPU's:
 * the CPU's are loaded from the GDT as it is (set_thread_area and context
 * switches reload them). */
int proc_set_segments(struct proc *p, const uint16_t sel[4]);

/* Timer tick: wake timed sleepers whose deadline has passed, fire
 * interval timers that ran out. */
void sched_tick(void);

/* Tell the scheduler of a new timed deadline (a sleep or ITIMER_REAL) at
 * monotonic ns, so it is checked in time. */
void sched_note_deadline(uint64_t ns);

/* CPU time: a trap from user mode begins and ends (cheap: every system
 * call passes here). */
static inline void cputime_trap_entry(struct proc *p)
{
	p->cpu.trap_tsc = rdtsc();
}
static inline void cputime_trap_exit(struct proc *p)
{
	p->cpu.sys += rdtsc() - p->cpu.trap_tsc; /* the kernel's part of this trap */
}

/* Is sched_preempt_point() due at TSC value now (cheap enough for every
 * return to user mode: one compare; a woken sleeper zeroes the deadline)? */
extern uint64_t sched_check_tsc;
static inline bool sched_preempt_due_at(uint64_t now)
{
	return now >= sched_check_tsc;
}
static inline bool sched_preempt_due(void)
{
	return sched_preempt_due_at(rdtsc());
}

/* Run another process when the current one's slice is over or a timed
 * sleeper's deadline has passed. Called on every return to user mode and
 * in long kernel loops, where the caller holds nothing another process
 * could change under it (the kernel itself is never preempted). */
void sched_preempt_point(void);

/* sched_preempt_point() for a long kernel loop, then: should the loop stop
 * early (with a partial count, or -EINTR when nothing was done)? True when
 * a signal waits for the current process (fatal_only: only one that will
 * end it, as regular-file reads on Linux). */
bool sched_interruption_point(bool fatal_only);

#endif
