/* Resource limits (getrlimit, setrlimit, prlimit64): each process has its
 * own, a child inherits its parent's and exec keeps them, as on Linux.
 * The kernel's own limits are where they start: RLIMIT_NOFILE at the
 * descriptor table's size (which also bounds raising it, as Linux's
 * nr_open), RLIMIT_STACK at Linux's 8 MiB soft limit (exec sizes the stack
 * and the room for arguments from it), RLIMIT_NPROC at the process
 * table's size, the rest unlimited. RLIMIT_NOFILE's soft limit bounds the
 * descriptors a process may use; RLIMIT_CORE's decides whether a core is
 * dumped; RLIMIT_FSIZE, AS, DATA, NPROC and CPU are enforced as Linux
 * does (below); the others are kept and reported. */
#ifndef PROC_RLIMIT_H
#define PROC_RLIMIT_H

#include <stdbool.h>
#include <stdint.h>

#include "../mm/uaddr.h"

#include "../../../shared/linux_resource.h"

struct mm;
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

#define STACK_MIN (256u << 10) /* the least stack exec gives (Linux: the arguments and 128 KiB) */

/* The bytes of stack exec gives the current process's new program: its
 * soft RLIMIT_STACK, at least STACK_MIN, at most room. */
uint64_t rlimit_stack_size(uint64_t room);

/* The bytes execve's strings and their pointers may take: a quarter of
 * the soft RLIMIT_STACK, at most 6 MiB, at least 128 KiB (Linux's). */
uint32_t rlimit_arg_space(void);

/* Arm p's RLIMIT_CPU timer from its soft limit (setrlimit, fork). */
void rlimit_cpu_arm(struct proc *p);

/* p's CPU time (now, ns) has reached the RLIMIT_CPU timer: SIGKILL at the
 * hard limit, else SIGXCPU and the soft limit a second higher (below the
 * hard one), as Linux. */
void rlimit_cpu_reached(struct proc *p, uint64_t now);

/* RLIMIT_FSIZE for a write of len bytes at off of a regular file: the
 * bytes it may write (len cut at the limit), or -EFBIG with SIGXFSZ when
 * off is at or past the limit. */
long rlimit_fsize_allow(uint64_t off, uint64_t len);

/* Is off at or past RLIMIT_FSIZE (a write there would fail)? */
bool rlimit_fsize_reached(uint64_t off);

/* May a file grow to size (truncate)? 0, or -EFBIG with SIGXFSZ. */
int rlimit_fsize_grow(uint64_t size);

/* May mm gain len bytes of mappings (data: private writable ones), where
 * the mappings in [skip, skip_end) go (MAP_FIXED's replacement)? 0, or
 * -ENOMEM past RLIMIT_AS or (data) RLIMIT_DATA. */
int rlimit_vm_grow(struct mm *mm, uint64_t len, bool data, uaddr_t skip, uaddr_t skip_end);

/* May the current process fork under RLIMIT_NPROC? 0, or -EAGAIN when its
 * real user has that many processes (root exempt: fork asks only others). */
int rlimit_nproc_check(void);

#endif
