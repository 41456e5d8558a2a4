/* Resource limits (getrlimit, setrlimit, prlimit64): each process has its
 * own, a child inherits its parent's and exec keeps them, as on Linux.
 * The kernel's own limits are where they start: RLIMIT_NOFILE at the
 * descriptor table's size (which also bounds raising it, as Linux's
 * nr_open), RLIMIT_STACK at the stack's room, RLIMIT_NPROC at the process
 * table's size, the rest unlimited. RLIMIT_NOFILE's soft limit bounds the
 * descriptors a process may use; RLIMIT_CORE's decides whether a core is
 * dumped; the others are kept and reported. */
#ifndef PROC_RLIMIT_H
#define PROC_RLIMIT_H

#include <stdint.h>

#include "../../../shared/linux_resource.h"

struct proc;

/* A soft and a hard limit, RLIM_INFINITY (~0) for none. */
struct rlim {
	uint64_t cur, max;
};

#define RLIM_INFINITY (~0ull)

/* Set p's limits to the kernel's (init's at boot). */
void rlimit_init(struct proc *p);

/* Linux's do_prlimit checks, then p's limit resource becomes lim: 0, or
 * -EINVAL (soft above hard), -EPERM (a hard limit raised without root, or
 * RLIMIT_NOFILE's above the descriptor table). */
long rlimit_set(struct proc *p, uint32_t resource, const struct rlim *lim);

/* The number of descriptors the current process may use (its soft
 * RLIMIT_NOFILE): descriptors from it on are refused. */
int rlimit_nofile(void);

#endif
