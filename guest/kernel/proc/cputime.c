/* CPU time accounting. */
#include "cputime.h"

#include "../arch/clock.h"
#include "../arch/x86.h"
#include "../mm/uaccess.h"

#define RUSAGE32_WORDS 18 /* i386 struct rusage: two timevals, 14 longs */

void cputime_switch_out(struct proc *p, uint64_t now)
{
	p->cpu.run += now - p->cpu.since;
	p->cpu.sys += now - p->cpu.trap_tsc; /* it left from inside a trap */
}

void cputime_switch_in(struct proc *p, uint64_t now)
{
	p->cpu.since = p->cpu.trap_tsc = now; /* the trap goes on from here */
}

/* cputime_get's work, inlined where a process's time is summed (every
 * wait's). */
static inline __attribute__((always_inline)) void times_of(const struct proc *p, uint64_t *user_ns,
							   uint64_t *sys_ns)
{
	uint64_t run = p->cpu.run, sys = p->cpu.sys;

	if (p == cur && p->state == P_RUNNING) {
		uint64_t now = rdtsc();
		run += now - p->cpu.since;
		sys += now - p->cpu.trap_tsc; /* called from the kernel: inside a trap */
	}
	*sys_ns = clock_cycles_ns(sys);
	*user_ns = run > sys ? clock_cycles_ns(run - sys) : 0;
}

void cputime_get(const struct proc *p, uint64_t *user_ns, uint64_t *sys_ns)
{
	times_of(p, user_ns, sys_ns);
}

void cputime_get_process(const struct proc *p, uint64_t *user_ns, uint64_t *sys_ns)
{
	const struct proc *leader = proc_leader(p);
	const struct tgroup *g = p->g;
	bool leader_runs = leader->state != P_ZOMBIE;

	times_of(leader, user_ns, sys_ns); /* (a zombie's: what it ran after its end was counted) */
	*user_ns += g->ended_user_ns;
	*sys_ns += g->ended_sys_ns;
	if (g->nthreads <= (leader_runs ? 1 : 0))
		return; /* no other thread runs (a one-thread process, an ended one) */
	for (struct proc *q = proc_first(); q; q = proc_next(q)) {
		uint64_t user, sys;
		if (q->g != g || q == leader || q->state == P_FREE || q->state == P_ZOMBIE)
			continue;
		times_of(q, &user, &sys);
		*user_ns += user;
		*sys_ns += sys;
	}
}

void cputime_thread_end(void)
{
	uint64_t user, sys;

	cputime_get(cur, &user, &sys);
	cur->g->ended_user_ns += user;
	cur->g->ended_sys_ns += sys;
	cur->cpu.run = cur->cpu.sys = 0; /* a zombie leader's count starts again */
	cur->cpu.since = cur->cpu.trap_tsc = rdtsc();
}

void cputime_add_child(struct proc *parent, const struct proc *child)
{
	uint64_t user, sys;

	cputime_get_process(child, &user, &sys);
	parent->cpu.child_user_ns += user + child->cpu.child_user_ns;
	parent->cpu.child_sys_ns += sys + child->cpu.child_sys_ns;
}

int rusage_put(uaddr_t urusage, uint64_t user_ns, uint64_t sys_ns)
{
	uint64_t ru[RUSAGE32_WORDS] = { /* x86-64: the same fields as longs */
		user_ns / 1000000000u, user_ns % 1000000000u / 1000,
		sys_ns / 1000000000u, sys_ns % 1000000000u / 1000,
	};
	uint32_t *narrow = (uint32_t *)ru;

	if (cur->abi == CV_ABI_X86_64)
		return copy_to_user(cur->mm, urusage, ru, sizeof(ru));
	for (int i = 0; i < RUSAGE32_WORDS; i++) /* upward: no overlap */
		narrow[i] = (uint32_t)ru[i];
	return copy_to_user(cur->mm, urusage, ru, RUSAGE32_WORDS * 4);
}
