/* Process system calls. */
#include "handlers.h"

#include "../../../shared/hypercall.h"
#include "../../../shared/linux_resource.h"
#include "../../../shared/syscall.h"
#include "../arch/clock.h"
#include "../arch/hypercall.h"
#include "../arch/layout.h"
#include "../core/boot.h"
#include "../core/snapshot.h"
#include "../lib/errno.h"
#include "../lib/string.h"
#include "../mm/frame.h"
#include "../mm/uaccess.h"
#include "../proc/exec.h"
#include "../proc/exit.h"
#include "../proc/loadavg.h"
#include "../proc/pgrp.h"
#include "../proc/proc.h"
#include "../proc/signal.h"
#include "thread_area.h"
#include "../../../shared/version.h"

#define SIGCHLD_FLAGS 17u
#define SI_LOAD_SHIFT 16

long sys_exit(const uint64_t *arg)
{
	proc_exit(WSTATUS_EXITED(arg[0]));
}

long sys_exit_group(const uint64_t *arg)
{
	proc_exit_group(WSTATUS_EXITED(arg[0]));
}

long sys_fork(const uint64_t *arg)
{
	(void)arg;
	return proc_fork(SIGCHLD_FLAGS, 0, 0, 0, 0);
}

long sys_vfork(const uint64_t *arg)
{
	(void)arg;
	return proc_fork(CLONE_VFORK | CLONE_VM | SIGCHLD_FLAGS, 0, 0, 0, 0);
}

/* clone(flags, newsp, parent_tid, tls, child_tid) on i386,
 * clone(flags, newsp, parent_tid, child_tid, tls) on x86-64. CLONE_SETTLS
 * gives a thread its TLS: an i386 struct user_desc *, as set_thread_area
 * takes (an entry of its own, -1 not allowed), or x86-64's FS base. */
long sys_clone(const uint64_t *arg)
{
	uint32_t flags = (uint32_t)arg[0];
	bool wide = cur_wide();
	struct clone_tls tls = { -1, arg[4] };
	long rc;

	if (!(flags & CLONE_SETTLS)) /* fork through clone: the short way */
		return proc_fork(flags, arg[1], arg[2], wide ? arg[3] : arg[4], 0);
	if (!(flags & CLONE_THREAD))
		return -EINVAL; /* only threads need a new TLS here */
	if (!wide && (rc = thread_area_read(arg[3], false, &tls.slot, &tls.value)) != 0)
		return rc;
	return proc_fork(flags, arg[1], arg[2], wide ? arg[3] : arg[4], &tls);
}

long sys_execve(const uint64_t *arg)
{
	char path[FS_PATH_MAX];
	uint32_t size = cur_wide() ? 8 : 4; /* the caller's pointers */
	struct strvec argv = { .mm = cur->mm, .uarr = arg[1], .ptr_size = size },
		      envp = { .mm = cur->mm, .uarr = arg[2], .ptr_size = size };
	const char *why;
	int rc = copy_str_from_user(cur->mm, path, arg[0], sizeof(path));

	if (rc < 0)
		return rc;
	if (rc == 0)
		return -ENOENT;
	return exec_program(path, &argv, &envp, &why);
}

long sys_wait4(const uint64_t *arg)
{
	return proc_wait4((int)arg[0], arg[1], (int)arg[2], arg[3]);
}

long sys_waitpid(const uint64_t *arg)
{
	return proc_wait4((int)arg[0], arg[1], (int)arg[2], 0);
}

long sys_waitid(const uint64_t *arg)
{
	return proc_waitid((int)arg[0], (int)arg[1], arg[2], (int)arg[3], arg[4]);
}

long sys_getpid(const uint64_t *arg)
{
	(void)arg;
	return cur->tgid;
}

long sys_gettid(const uint64_t *arg)
{
	(void)arg;
	return cur->pid;
}

long sys_getppid(const uint64_t *arg)
{
	(void)arg;
	return cur->parent ? cur->parent->tgid : 0;
}

/* setpgid(pid, pgid) with Linux's rules: the caller or a child of its
 * session that has not exec'd, not a session leader, into its own group
 * or an existing one of the caller's session. */
long sys_setpgid(const uint64_t *arg)
{
	int pid = arg[0] ? (int)arg[0] : cur->tgid, pgid = arg[1] ? (int)arg[1] : pid;
	struct proc *p = proc_find(pid), *me = proc_leader(cur);

	if (pgid < 0)
		return -EINVAL;
	if (p == 0 || (p->g != cur->g && p->parent != me))
		return -ESRCH;
	p = proc_leader(p); /* any thread's id names its process */
	if (p != me && p->g->sid != cur->g->sid)
		return -EPERM;
	if (p != me && p->did_exec)
		return -EACCES;
	if (p->g->sid == p->tgid)
		return -EPERM; /* a session leader stays in its group */
	if (pgid != p->tgid && !pgrp_in_session(pgid, cur->g->sid))
		return -EPERM; /* only a group of this session can be joined */
	p->g->pgid = pgid;
	return 0;
}

long sys_getpgid(const uint64_t *arg)
{
	struct proc *p = arg[0] ? proc_find((int)arg[0]) : cur;

	return p ? p->g->pgid : -ESRCH;
}

long sys_getsid(const uint64_t *arg)
{
	struct proc *p = arg[0] ? proc_find((int)arg[0]) : cur;

	return p ? p->g->sid : -ESRCH;
}

long sys_getpgrp(const uint64_t *arg)
{
	(void)arg;
	return cur->g->pgid;
}

/* setsid: a new session and group led by the caller, without a
 * controlling terminal; EPERM when a group with its pid exists. */
long sys_setsid(const uint64_t *arg)
{
	(void)arg;
	for (struct proc *q = proc_first(); q; q = proc_next(q))
		if (q->state != P_FREE && q->g->pgid == cur->tgid)
			return -EPERM;
	cur->g->pgid = cur->g->sid = cur->tgid;
	cur->g->ctty = false;
	return cur->tgid;
}

#define PER_MASK    0xff
#define PER_LINUX32 0x0008 /* setarch i686, linux32: uname says i686 */
#define PER_QUERY   0xffffffffu

/* personality(persona): the old one; 0xffffffff only reads it. */
long sys_personality(const uint64_t *arg)
{
	uint32_t old = cur->personality;

	if ((uint32_t)arg[0] != PER_QUERY)
		cur->personality = (uint32_t)arg[0];
	return old;
}

/* struct utsname: six fields of 65 bytes; the machine by the caller's ABI,
 * or i686 for a PER_LINUX32 personality (Linux's override_architecture). */
long sys_uname(const uint64_t *arg)
{
	static const char fields[6][65] = {
		CV_UTS_SYSNAME, "cowvisor", CV_UTS_RELEASE, CV_UTS_VERSION, CV_UTS_MACHINE, "(none)",
	};
	static const char fields64[6][65] = {
		CV_UTS_SYSNAME, "cowvisor", CV_UTS_RELEASE, CV_UTS_VERSION, CV_UTS_MACHINE64, "(none)",
	};

	bool wide = cur_wide() && (cur->personality & PER_MASK) != PER_LINUX32;

	return copy_to_user(cur->mm, arg[0], wide ? fields64 : fields, sizeof(fields));
}

long sys_set_tid_address(const uint64_t *arg)
{
	cur->clear_child_tid = arg[0];
	return cur->pid;
}

/* set_robust_list(head, len): accepted when len is the ABI's struct
 * robust_list_head; the list is never walked (a dying thread's robust
 * mutexes are not marked OWNER_DIED). */
long sys_set_robust_list(const uint64_t *arg)
{
	return arg[1] == (cur_wide() ? 24u : 12u) ? 0 : -EINVAL;
}

long sys_umask(const uint64_t *arg)
{
	uint32_t old = cur->g->umask;

	cur->g->umask = arg[0] & 0777;
	return old;
}

long sys_sched_yield(const uint64_t *arg)
{
	(void)arg;
	cur->state = P_READY;
	schedule();
	return 0;
}

/* The current process's limit resource as an i386 program sees it: each
 * value above top is top (i386's struct rlimit has 32-bit values). */
static long put_rlimit32(uint32_t resource, uaddr_t uaddr, uint32_t top)
{
	const struct rlim *l = &cur->g->rlim[resource];
	uint32_t out[2] = { l->cur > top ? top : (uint32_t)l->cur, l->max > top ? top : (uint32_t)l->max };

	return copy_to_user(cur->mm, uaddr, out, sizeof(out));
}

/* ugetrlimit(resource, struct rlimit *) (x86-64's getrlimit: 64-bit values). */
long sys_getrlimit(const uint64_t *arg)
{
	if (arg[0] >= RLIM_NLIMITS)
		return -EINVAL;
	if (cur_wide())
		return copy_to_user(cur->mm, arg[1], &cur->g->rlim[arg[0]], sizeof(struct rlim));
	return put_rlimit32(arg[0], arg[1], 0xffffffffu); /* infinity: ~0 */
}

/* i386's old getrlimit: infinity and all above 2^31-1 read as 2^31-1. */
long sys_old_getrlimit(const uint64_t *arg)
{
	if (arg[0] >= RLIM_NLIMITS)
		return -EINVAL;
	return put_rlimit32(arg[0], arg[1], 0x7fffffffu);
}

/* setrlimit(resource, const struct rlimit *): i386's ~0 means infinity. */
long sys_setrlimit(const uint64_t *arg)
{
	struct rlim lim;
	uint32_t in[2];

	if (arg[0] >= RLIM_NLIMITS)
		return -EINVAL;
	if (cur_wide()) {
		if (copy_from_user(cur->mm, &lim, arg[1], sizeof(lim)))
			return -EFAULT;
	} else {
		if (copy_from_user(cur->mm, in, arg[1], sizeof(in)))
			return -EFAULT;
		lim.cur = in[0] == 0xffffffffu ? RLIM_INFINITY : in[0];
		lim.max = in[1] == 0xffffffffu ? RLIM_INFINITY : in[1];
	}
	return rlimit_set(cur, arg[0], &lim);
}

/* prlimit64(pid, resource, new, old): the old limit read, then the new one
 * set (64-bit values in both ABIs); another process's needs root or the
 * same user. */
long sys_prlimit64(const uint64_t *arg)
{
	struct proc *p = arg[0] ? proc_find((int)arg[0]) : cur;
	struct rlim old, lim;
	long rc;

	if (p == 0 || (int)arg[0] < 0)
		return -ESRCH;
	if (p != cur && cur->cred.euid != 0 && cur->cred.uid != p->cred.uid)
		return -EPERM;
	if (arg[1] >= RLIM_NLIMITS)
		return -EINVAL;
	if (arg[2] && copy_from_user(cur->mm, &lim, arg[2], sizeof(lim)))
		return -EFAULT;
	old = p->g->rlim[arg[1]];
	if (arg[2] && (rc = rlimit_set(p, arg[1], &lim)))
		return rc;
	if (arg[3] && copy_to_user(cur->mm, arg[3], &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* struct sysinfo of i386 programs: 4-byte longs. */
struct sysinfo32 {
	int32_t uptime;
	uint32_t loads[3];
	uint32_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	uint16_t procs, pad;
	uint32_t totalhigh, freehigh, mem_unit;
	char reserved[8];
};

/* struct sysinfo of x86-64 programs: 8-byte longs. */
struct sysinfo64 {
	int64_t uptime;
	uint64_t loads[3];
	uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	uint16_t procs, pad;
	uint64_t totalhigh, freehigh;
	uint32_t mem_unit;
};

_Static_assert(sizeof(struct sysinfo32) == 64, "i386 struct sysinfo");
_Static_assert(sizeof(struct sysinfo64) == 112, "x86-64 struct sysinfo");

/* sysinfo(struct sysinfo *) in the caller's ABI's layout: uptime, loads,
 * RAM in units of mem_unit bytes, number of processes. */
long sys_sysinfo(const uint64_t *arg)
{
	struct sysinfo32 s32 = { .mem_unit = PAGE_SIZE };
	struct sysinfo64 s64 = { .mem_unit = PAGE_SIZE };
	uint32_t loads[3];
	int n = 0;

	for (struct proc *p = proc_first(); p; p = proc_next(p))
		n += p->state != P_FREE;
	loadavg_get(loads);
	for (int i = 0; i < 3; i++) /* sysinfo's loads have 16 fraction bits */
		s64.loads[i] = s32.loads[i] = loads[i] << (SI_LOAD_SHIFT - LOADAVG_FSHIFT);
	s64.uptime = s32.uptime = (int32_t)(clock_monotonic_ns() / 1000000000ull);
	s64.totalram = s32.totalram = (uint32_t)frames_total();
	s64.freeram = s32.freeram = (uint32_t)frames_free();
	s64.procs = s32.procs = (uint16_t)n;
	if (cur_wide())
		return copy_to_user(cur->mm, arg[0], &s64, sizeof(s64));
	return copy_to_user(cur->mm, arg[0], &s32, sizeof(s32));
}

/* cv_snapshot(label): a statistics snapshot now; its sequence number, or
 * -ENOSYS when the VMM was not asked for statistics. */
long sys_cv_snapshot(const uint64_t *arg)
{
	char label[CV_SNAPSHOT_LABEL_MAX + 1];
	int n = copy_str_from_user(cur->mm, label, arg[0], sizeof(label));

	if (n == -ENAMETOOLONG)
		return -EINVAL;
	if (n < 0)
		return n;
	return snapshot_request(label, (uint32_t)n, cur->pid);
}
