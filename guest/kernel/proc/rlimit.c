/* Resource limits of a process. */
#include "rlimit.h"

#include "../arch/clock.h"
#include "../arch/layout.h"
#include "../lib/errno.h"
#include "../mm/vm.h"
#include "proc.h"
#include "signal.h"

void rlimit_init(struct proc *p)
{
	for (int r = 0; r < RLIM_NLIMITS; r++)
		p->g->rlim[r] = (struct rlim){ RLIM_INFINITY, RLIM_INFINITY };
	p->g->rlim[RLIMIT_STACK] = (struct rlim){ USER_STACK_MAX, RLIM_INFINITY };
	p->g->rlim[RLIMIT_NOFILE] = (struct rlim){ NOFILE, NOFILE };
	p->g->rlim[RLIMIT_NPROC] = (struct rlim){ NPROC, NPROC };
}

long rlimit_set(struct proc *p, uint32_t resource, const struct rlim *lim)
{
	if (resource >= RLIM_NLIMITS || lim->cur > lim->max)
		return -EINVAL;
	if (resource == RLIMIT_NOFILE && lim->max > NOFILE)
		return -EPERM; /* Linux: above fs.nr_open; here the table is that size */
	if (lim->max > p->g->rlim[resource].max && cur->cred.euid != 0)
		return -EPERM; /* raising a hard limit needs CAP_SYS_RESOURCE */
	p->g->rlim[resource] = *lim;
	if (resource == RLIMIT_CPU)
		rlimit_cpu_arm(p);
	return 0;
}

/* A limit in seconds as ns of CPU time (RLIM_INFINITY stays so). */
static uint64_t cpu_ns(uint64_t seconds)
{
	return seconds >= RLIM_INFINITY / NS_PER_S ? RLIM_INFINITY : seconds * NS_PER_S;
}

void rlimit_cpu_arm(struct proc *p)
{
	uint64_t soft = p->g->rlim[RLIMIT_CPU].cur;

	/* CPU time only grows: the timer is due at the soft limit (a soft
	 * limit of 0 at the next check, as Linux) */
	p->g->itimer[ITIMER_RLIMIT_CPU].value = soft == RLIM_INFINITY ? 0 : cpu_ns(soft) ?: 1;
}

void rlimit_cpu_reached(struct proc *p, uint64_t now)
{
	struct rlim *l = &p->g->rlim[RLIMIT_CPU];

	if (l->max != RLIM_INFINITY && now >= cpu_ns(l->max)) {
		p->g->itimer[ITIMER_RLIMIT_CPU].value = 0;
		signal_send_info(p, SIGKILL, SI_KERNEL, 0, 0);
		return;
	}
	signal_send_info(p, SIGXCPU, SI_KERNEL, 0, 0);
	if (l->cur < l->max)
		l->cur++; /* the next SIGXCPU a second later (getrlimit shows it) */
	rlimit_cpu_arm(p);
	if (p->g->itimer[ITIMER_RLIMIT_CPU].value <= now) /* soft == hard below now: next, the hard check */
		p->g->itimer[ITIMER_RLIMIT_CPU].value = now + NS_PER_S;
}

uint64_t rlimit_stack_size(uint64_t room)
{
	uint64_t soft = cur->g->rlim[RLIMIT_STACK].cur & ~(uint64_t)(PAGE_SIZE - 1);

	return soft < STACK_MIN ? STACK_MIN : soft > room ? room : soft;
}

uint32_t rlimit_arg_space(void)
{
	uint64_t quarter = cur->g->rlim[RLIMIT_STACK].cur / 4;

	/* Linux's bprm_stack_limits: at most 3/4 of the 8 MiB default stack,
	 * at least ARG_MAX (128 KiB) */
	if (quarter > USER_STACK_MAX / 4 * 3)
		return USER_STACK_MAX / 4 * 3;
	return quarter < STACK_MIN / 2 ? STACK_MIN / 2 : (uint32_t)quarter;
}

long rlimit_fsize_allow(uint64_t off, uint64_t len)
{
	uint64_t lim = cur->g->rlim[RLIMIT_FSIZE].cur;

	if (__builtin_expect(lim == RLIM_INFINITY, 1) || off + len <= lim)
		return (long)len;
	if (off >= lim) {
		signal_send(cur, SIGXFSZ); /* Linux's send_sig: from the writer itself */
		return -EFBIG;
	}
	return (long)(lim - off);
}

bool rlimit_fsize_reached(uint64_t off)
{
	return off >= cur->g->rlim[RLIMIT_FSIZE].cur;
}

int rlimit_fsize_grow(uint64_t size)
{
	if (size <= cur->g->rlim[RLIMIT_FSIZE].cur)
		return 0;
	signal_send(cur, SIGXFSZ);
	return -EFBIG;
}

int rlimit_vm_grow(struct mm *mm, uint64_t len, bool data, uaddr_t skip, uaddr_t skip_end)
{
	uint64_t as = cur->g->rlim[RLIMIT_AS].cur, dl = cur->g->rlim[RLIMIT_DATA].cur, total, in_data;

	if (as == RLIM_INFINITY && (!data || dl == RLIM_INFINITY))
		return 0; /* the usual case: nothing to count */
	vm_usage(mm, skip, skip_end, &total, &in_data);
	if ((total + len) / PAGE_SIZE > as / PAGE_SIZE) /* pages, as Linux's may_expand_vm */
		return -ENOMEM;
	if (data && (in_data + len) / PAGE_SIZE > dl / PAGE_SIZE &&
	    !(dl == 0 && (in_data + len) / PAGE_SIZE <= cur->g->rlim[RLIMIT_DATA].max / PAGE_SIZE))
		return -ENOMEM; /* (a soft limit of 0 lets the hard one decide, as Linux) */
	return 0;
}

int rlimit_nproc_check(void)
{
	uint32_t uid = cur->cred.uid;
	uint64_t n = 0;

	if (uid == 0 || cur->cred.euid == 0)
		return 0; /* root (CAP_SYS_RESOURCE) is exempt */
	for (struct proc *p = proc_first(); p; p = proc_next(p))
		n += p->state != P_FREE && p->cred.uid == uid; /* zombies too: Linux counts them until reaped */
	return n >= cur->g->rlim[RLIMIT_NPROC].cur ? -EAGAIN : 0;
}

int rlimit_nofile(void)
{
	return (int)cur->g->rlim[RLIMIT_NOFILE].cur; /* at most NOFILE (rlimit_set) */
}
