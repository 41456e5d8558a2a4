/* Resource limits of a process. */
#include "rlimit.h"

#include "../mm/vm.h"
#include "../lib/errno.h"
#include "proc.h"

void rlimit_init(struct proc *p)
{
	for (int r = 0; r < RLIM_NLIMITS; r++)
		p->g->rlim[r] = (struct rlim){ RLIM_INFINITY, RLIM_INFINITY };
	p->g->rlim[RLIMIT_STACK] = (struct rlim){ USER_STACK_MAX, USER_STACK_MAX };
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
	return 0;
}

int rlimit_nofile(void)
{
	return (int)cur->g->rlim[RLIMIT_NOFILE].cur; /* at most NOFILE (rlimit_set) */
}
