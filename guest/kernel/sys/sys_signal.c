/* Signal system calls. */
#include "handlers.h"

#include "../arch/clock.h"
#include "../lib/errno.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "../proc/signal.h"
#include "timespec.h"

#define MINSIGSTKSZ 2048
#define SS_ONSTACK  1
#define SS_DISABLE  2

/* Send sig to p if it exists and is alive, with si_code code; 0 or -ESRCH. */
static long send_to(struct proc *p, int sig, int code)
{
	if (p == 0 || p->state == P_FREE)
		return -ESRCH;
	if (sig)
		signal_send_info(p, sig, code, cur->tgid, 0);
	return 0;
}

/* kill(pid, sig) for pid > 0, 0 (own group), -1 (all but init and self)
 * and < -1 (group -pid). */
long sys_kill(const uint64_t *arg)
{
	int pid = (int)arg[0], sig = (int)arg[1], found = 0;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (pid > 0)
		return send_to(proc_find(pid), sig, SI_USER);
	for (struct proc *p = proc_first(); p; p = proc_next(p)) {
		bool match = pid == -1 ? (p->pid > 1 && p->g != cur->g)
			   : p->g->pgid == (pid == 0 ? cur->g->pgid : -pid);
		if (proc_gone(p) || !proc_is_leader(p) || !match)
			continue; /* each process once, by its leader */
		found++;
		if (sig)
			signal_send(p, sig);
	}
	return found ? 0 : -ESRCH;
}

/* Send sig to thread t if it exists and runs, with si_code SI_TKILL;
 * 0 or -ESRCH. */
static long send_to_thread(struct proc *t, int sig)
{
	if (t == 0 || t->state == P_FREE || t->state == P_ZOMBIE)
		return -ESRCH;
	if (sig)
		signal_send_thread(t, sig, SI_TKILL, cur->tgid);
	return 0;
}

/* tgkill(tgid, tid, sig): thread tid of process tgid. */
long sys_tgkill(const uint64_t *arg)
{
	struct proc *p = proc_find((int)arg[1]);

	if ((int)arg[2] < 0 || (int)arg[2] > NSIG || (int)arg[0] <= 0 || (int)arg[1] <= 0)
		return -EINVAL;
	if (p && p->tgid != (int)arg[0])
		return -ESRCH;
	return send_to_thread(p, (int)arg[2]);
}

long sys_tkill(const uint64_t *arg)
{
	if ((int)arg[1] < 0 || (int)arg[1] > NSIG || (int)arg[0] <= 0)
		return -EINVAL;
	return send_to_thread(proc_find((int)arg[0]), (int)arg[1]);
}

/* The i386 kernel's struct sigaction for rt_sigaction: 4-byte words, the
 * mask (two words, sigsetsize bytes) at offset 12. */
struct sigaction32 {
	uint32_t handler, flags, restorer;
	uint32_t mask[2];
};
_Static_assert(sizeof(struct sigaction32) == 20, "i386 rt_sigaction layout");

/* Can sig's disposition be read (set: changed)? */
static bool sigaction_ok(int sig, bool set)
{
	return sig >= 1 && sig <= NSIG && !(set && (sig == SIGKILL || sig == SIGSTOP));
}

/* Install act for sig (checked by sigaction_ok): a signal now ignored is
 * discarded if pending. */
static void set_action(int sig, struct sigact act)
{
	act.mask &= ~UNBLOCKABLE;
	cur->g->sigact[sig - 1] = act;
	if (act.handler == SIG_IGN || (act.handler == SIG_DFL && signal_default_ignored(sig))) {
		cur->sigpending &= ~SIGBIT(sig);
		cur->g->sigpending &= ~SIGBIT(sig); /* (other threads' own stay, as few as they are) */
	}
}

/* x86-64's struct sigaction: handler, flags, restorer, mask, 8 bytes each. */
struct sigaction64 {
	uint64_t handler, flags, restorer, mask;
};

/* rt_sigaction with the x86-64 layout (checked by the caller). */
static long rt_sigaction64(int sig, uaddr_t uact, uaddr_t uold)
{
	struct sigact old = cur->g->sigact[sig - 1], act;
	struct sigaction64 u;

	if (uact) {
		if (copy_from_user(cur->mm, &u, uact, sizeof(u)))
			return -EFAULT;
		act = (struct sigact){ u.handler, (uint32_t)u.flags, u.restorer, u.mask };
	}
	u = (struct sigaction64){ old.handler, old.flags, old.restorer, old.mask };
	if (uold && copy_to_user(cur->mm, uold, &u, sizeof(u)))
		return -EFAULT;
	if (uact)
		set_action(sig, act);
	return 0;
}

/* rt_sigaction(sig, act, oact, sigsetsize) with the caller's ABI's layout. */
long sys_rt_sigaction(const uint64_t *arg)
{
	int sig = (int)arg[0];
	struct sigaction32 u;
	struct sigact act, old;

	if (arg[3] != SIGSET_SIZE || !sigaction_ok(sig, arg[1] != 0))
		return -EINVAL;
	if (cur_wide())
		return rt_sigaction64(sig, arg[1], arg[2]);
	old = cur->g->sigact[sig - 1];
	if (arg[1]) {
		if (copy_from_user(cur->mm, &u, arg[1], sizeof(u)))
			return -EFAULT;
		act = (struct sigact){ u.handler, u.flags, u.restorer, u.mask[0] | (uint64_t)u.mask[1] << 32 };
	}
	u = (struct sigaction32){ (uint32_t)old.handler, old.flags, (uint32_t)old.restorer,
				  { (uint32_t)old.mask, (uint32_t)(old.mask >> 32) } };
	if (arg[2] && copy_to_user(cur->mm, arg[2], &u, sizeof(u)))
		return -EFAULT;
	if (arg[1])
		set_action(sig, act);
	return 0;
}

/* The i386 struct old_sigaction of sigaction (67): handler, a one-word
 * mask (signals 1-32), flags, restorer. */
struct old_sigaction32 {
	uint32_t handler, mask, flags, restorer;
};
_Static_assert(sizeof(struct old_sigaction32) == 16, "i386 old_sigaction layout");

/* sigaction(sig, act, oact) with struct old_sigaction: the mask is the
 * first 32 signals (the others are left out of a new mask, as Linux). */
long sys_sigaction(const uint64_t *arg)
{
	int sig = (int)arg[0];
	struct old_sigaction32 u;
	struct sigact act, old;

	if (!sigaction_ok(sig, arg[1] != 0))
		return -EINVAL;
	old = cur->g->sigact[sig - 1];
	if (arg[1]) {
		if (copy_from_user(cur->mm, &u, arg[1], sizeof(u)))
			return -EFAULT;
		act = (struct sigact){ u.handler, u.flags, u.restorer, u.mask };
	}
	u = (struct old_sigaction32){ old.handler, (uint32_t)old.mask, old.flags, old.restorer };
	if (arg[2] && copy_to_user(cur->mm, arg[2], &u, sizeof(u)))
		return -EFAULT;
	if (arg[1])
		set_action(sig, act);
	return 0;
}

/* signal(sig, handler): a one-shot handler that does not block its
 * signal (SA_RESETHAND | SA_NODEFER, no restorer); the old handler. */
long sys_signal(const uint64_t *arg)
{
	int sig = (int)arg[0];
	uint32_t old;

	if (!sigaction_ok(sig, true))
		return -EINVAL;
	old = cur->g->sigact[sig - 1].handler;
	set_action(sig, (struct sigact){ arg[1], SA_RESETHAND | SA_NODEFER, 0, 0 });
	return old;
}

/* rt_sigprocmask(how, set, oset, sigsetsize) */
long sys_rt_sigprocmask(const uint64_t *arg)
{
	uint64_t set, old = cur->sigmask;

	if (arg[3] != SIGSET_SIZE)
		return -EINVAL;
	if (arg[1]) {
		if (copy_from_user(cur->mm, &set, arg[1], sizeof(set)))
			return -EFAULT;
		if (arg[0] == SIG_BLOCK)
			signal_mask_set(cur->sigmask | set);
		else if (arg[0] == SIG_UNBLOCK)
			signal_mask_set(cur->sigmask & ~set);
		else if (arg[0] == SIG_SETMASK)
			signal_mask_set(set);
		else
			return -EINVAL;
	}
	if (arg[2] && copy_to_user(cur->mm, arg[2], &old, sizeof(old))) {
		signal_mask_set(old);
		return -EFAULT;
	}
	return 0;
}

/* sigprocmask(how, set, oset) with one-word sets (signals 1-32):
 * SIG_SETMASK keeps the mask of signals 33-64, as Linux. */
long sys_sigprocmask(const uint64_t *arg)
{
	uint32_t set, old = (uint32_t)cur->sigmask;
	uint64_t mask = cur->sigmask;

	if (arg[1]) {
		if (copy_from_user(cur->mm, &set, arg[1], sizeof(set)))
			return -EFAULT;
		if (arg[0] == SIG_BLOCK)
			mask |= set;
		else if (arg[0] == SIG_UNBLOCK)
			mask &= ~(uint64_t)set;
		else if (arg[0] == SIG_SETMASK)
			mask = (mask & ~0xffffffffull) | set;
		else
			return -EINVAL;
		signal_mask_set(mask);
	}
	return arg[2] ? copy_to_user(cur->mm, arg[2], &old, sizeof(old)) : 0;
}

/* sgetmask(): the mask of signals 1-32. */
long sys_sgetmask(const uint64_t *arg)
{
	(void)arg;
	return (uint32_t)cur->sigmask;
}

/* ssetmask(mask): block exactly these of signals 1-32 (and none above);
 * the old mask of signals 1-32. */
long sys_ssetmask(const uint64_t *arg)
{
	uint32_t old = (uint32_t)cur->sigmask;

	signal_mask_set(arg[0]);
	return old;
}

/* sigpending(set): pending blocked signals 1-32. */
long sys_sigpending(const uint64_t *arg)
{
	uint32_t pending = (uint32_t)((cur->sigpending | cur->g->sigpending) & cur->sigmask);

	return copy_to_user(cur->mm, arg[0], &pending, sizeof(pending));
}

long sys_rt_sigpending(const uint64_t *arg)
{
	uint64_t pending = (cur->sigpending | cur->g->sigpending) & cur->sigmask;

	if (arg[1] != SIGSET_SIZE)
		return -EINVAL;
	return copy_to_user(cur->mm, arg[0], &pending, sizeof(pending));
}

/* Read a stack_t of the caller's ABI at ustack into ss { sp, flags, size }. */
static int get_stack(uaddr_t ustack, uint64_t ss[3])
{
	uint32_t narrow[3];

	if (cur_wide()) { /* x86-64: sp (8), flags (4, padded to 8), size (8) */
		if (copy_from_user(cur->mm, ss, ustack, 24))
			return -EFAULT;
		ss[1] &= 0xffffffffu; /* an int */
		return 0;
	}
	if (copy_from_user(cur->mm, narrow, ustack, sizeof(narrow)))
		return -EFAULT;
	for (int i = 0; i < 3; i++)
		ss[i] = narrow[i];
	return 0;
}

/* Store ss { sp, flags, size } as a stack_t of the caller's ABI at ustack. */
static int put_stack(uaddr_t ustack, const uint64_t ss[3])
{
	const uint32_t narrow[3] = { (uint32_t)ss[0], (uint32_t)ss[1], (uint32_t)ss[2] };

	return cur_wide() ? copy_to_user(cur->mm, ustack, ss, 24)
			  : copy_to_user(cur->mm, ustack, narrow, sizeof(narrow));
}

/* sigaltstack(ss, oss) with the caller's stack_t { sp, flags, size } */
long sys_sigaltstack(const uint64_t *arg)
{
	uaddr_t sp = cur->tf->rsp;
	bool on = cur->altstack_size && sp - cur->altstack_sp < cur->altstack_size;
	const uint64_t old[3] = { cur->altstack_sp,
				  on ? SS_ONSTACK : (cur->altstack_size ? 0 : SS_DISABLE),
				  cur->altstack_size };
	uint64_t ss[3];

	if (arg[0]) {
		if (get_stack(arg[0], ss))
			return -EFAULT;
		if (on)
			return -EPERM;
		if (ss[1] & ~(uint64_t)SS_DISABLE)
			return -EINVAL;
		if (!(ss[1] & SS_DISABLE) && ss[2] < MINSIGSTKSZ)
			return -ENOMEM;
		if (!(ss[1] & SS_DISABLE) && ss[2] > UINT32_MAX)
			return -ENOMEM; /* more than this kernel keeps */
	}
	if (arg[1] && put_stack(arg[1], old))
		return -EFAULT;
	if (arg[0]) {
		bool off = ss[1] & SS_DISABLE;
		cur->altstack_sp = off ? 0 : ss[0];
		cur->altstack_size = off ? 0 : (uint32_t)ss[2];
		cur->altstack_flags = off ? SS_DISABLE : 0;
	}
	return 0;
}

long sys_sigreturn_h(const uint64_t *arg)
{
	(void)arg;
	return sys_sigreturn();
}

long sys_rt_sigreturn_h(const uint64_t *arg)
{
	(void)arg;
	return sys_rt_sigreturn();
}

/* Sleep until a signal arrives: -EINTR, never restarted after a handler
 * (restarted after a stop, as Linux's ERESTARTNOHAND). */
static long wait_for_signal(void)
{
	while (sleep_on(&cur->sigpending, true) == 0)
		;
	return -ERESTARTNOHAND;
}

/* Wait with mask as the temporary signal mask (restored after the handler). */
static long suspend_with(uint64_t mask)
{
	cur->saved_sigmask = cur->sigmask;
	cur->restore_sigmask = true;
	signal_mask_set(mask);
	return wait_for_signal();
}

/* rt_sigsuspend(mask, size): wait with a temporary mask. */
long sys_rt_sigsuspend(const uint64_t *arg)
{
	uint64_t mask;

	if (arg[1] != SIGSET_SIZE)
		return -EINVAL;
	if (copy_from_user(cur->mm, &mask, arg[0], sizeof(mask)))
		return -EFAULT;
	return suspend_with(mask);
}

/* sigsuspend(unused, unused, mask), the i386 form: a one-word mask
 * (signals 1-32; none above blocked meanwhile). */
long sys_sigsuspend(const uint64_t *arg)
{
	return suspend_with(arg[2]);
}

long sys_pause(const uint64_t *arg)
{
	(void)arg;
	return wait_for_signal();
}

/* Sleep until a signal of set is pending (those wake it even blocked;
 * one that would be ignored unblocked is dropped on arrival, as Linux
 * drops it), until the
 * monotonic deadline when timed (-EAGAIN), or until another signal
 * interrupts (-ERESTARTNOHAND: EINTR when a handler runs); 0 when one of
 * set is pending. */
static long wait_for_set(uint64_t set, bool timed, uint64_t deadline)
{
	int rc = 0;

	cur->sigwaiting = set;
	while (!((cur->sigpending | cur->g->sigpending) & set) && rc == 0) {
		if (timed && clock_monotonic_ns() >= deadline) {
			rc = -EAGAIN;
			break;
		}
		rc = timed ? sleep_on_until(&cur->sigwaiting, deadline) : sleep_on(&cur->sigwaiting, true);
	}
	cur->sigwaiting = 0;
	if ((cur->sigpending | cur->g->sigpending) & set)
		return 0;
	return rc == -EAGAIN ? rc : -ERESTARTNOHAND;
}

/* rt_sigtimedwait(set, info, timeout, sigsetsize): take the lowest pending
 * signal of set (SIGKILL and SIGSTOP never), waiting at most timeout (a
 * 32-bit or, wide, 64-bit timespec; NULL: no limit); its number, its
 * siginfo at info in the caller's ABI's layout. */
static long sigtimedwait(const uint64_t *arg, bool wide)
{
	uint64_t set, deadline = 0;
	int64_t ns = 0;
	long rc;
	int sig;

	if (arg[3] != SIGSET_SIZE)
		return -EINVAL;
	if (copy_from_user(cur->mm, &set, arg[0], sizeof(set)))
		return -EFAULT;
	if (arg[2] && (ns = get_timespec(arg[2], wide)) < 0)
		return ns;
	set &= ~UNBLOCKABLE;
	if (arg[2])
		deadline = clock_monotonic_ns() + (uint64_t)ns;
	if ((rc = wait_for_set(set, arg[2] != 0, deadline)) != 0)
		return rc;
	sig = __builtin_ctzll((cur->sigpending | cur->g->sigpending) & set) + 1;
	signal_take(sig); /* its siginfo stays readable (proc.h) */
	if (arg[1] && signal_put_siginfo(arg[1], sig))
		return -EFAULT; /* taken all the same, as Linux */
	return sig;
}

/* rt_sigtimedwait with i386's 32-bit timespec (177). */
long sys_rt_sigtimedwait(const uint64_t *arg)
{
	return sigtimedwait(arg, false);
}

/* rt_sigtimedwait_time64 (i386 421) and x86-64's rt_sigtimedwait (128). */
long sys_rt_sigtimedwait64(const uint64_t *arg)
{
	return sigtimedwait(arg, true);
}
