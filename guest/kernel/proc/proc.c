/* The process table and kernel stacks. */
#include "proc.h"

#include "../arch/clock.h"
#include "../fs/fs.h"
#include <stddef.h>

#include "../core/panic.h"
#include "../lib/string.h"

static struct proc procs[NPROC];
static uint8_t kstacks[NPROC][KSTACK_SIZE] __attribute__((aligned(16)));
static int next_pid = 1;
static int last_pid;    /* the pid given out last */
/* Slots from here on are all free: scans stop (a pointer, so that no
 * scan multiplies by the record's size). */
static struct proc *procs_end = procs;
static int used_slots;  /* procs_end - procs, kept (proc_slots: the scheduler's count) */
struct proc *cur;

/* A pid not in use, counting up and wrapping below 32768 as Linux does. */
static int allocate_pid(void)
{
	for (;;) {
		int pid = next_pid;
		next_pid = next_pid >= 32767 ? 2 : next_pid + 1;
		if (proc_find(pid) == 0)
			return last_pid = pid;
	}
}

struct proc *proc_alloc(void)
{
	struct proc *p = procs;

	for (int i = 0; i < NPROC; i++, p++) {
		if (p->state != P_FREE)
			continue;
		memset(p, 0, offsetof(struct proc, fpu)); /* fork and exec fill the FPU image */
		if (p >= procs_end) {
			procs_end = p + 1;
			used_slots = i + 1;
		}
		p->pid = p->tgid = allocate_pid();
		p->g = &p->grp; /* its own group until it joins one (thread.c) */
		p->grp.nthreads = 1;
		p->start_ns = clock_monotonic_ns();
		p->tf = (struct trapframe *)(proc_kstack_top(p) - sizeof(struct trapframe));
		return p;
	}
	return 0;
}

void proc_free(struct proc *p)
{
	p->state = P_FREE;
	p->pid = 0;
	while (procs_end > procs && procs_end[-1].state == P_FREE) {
		procs_end--;
		used_slots--;
	}
}

struct proc *proc_find(int pid)
{
	for (struct proc *p = procs; p < procs_end; p++)
		if (p->state != P_FREE && p->pid == pid)
			return p;
	return 0;
}

int proc_last_pid(void)
{
	return last_pid;
}

int proc_slots(void)
{
	return used_slots;
}

struct proc *proc_first(void)
{
	return &procs[0];
}

struct proc *proc_next(struct proc *p)
{
	return p + 1 < procs_end ? p + 1 : 0;
}

const struct proc *proc_table(void)
{
	return procs;
}

int proc_index(const struct proc *p)
{
	return (int)(p - procs);
}

uint64_t proc_kstack_top(const struct proc *p)
{
	return (uint64_t)(uintptr_t)(kstacks[p - procs] + KSTACK_SIZE);
}

extern char proc_first_return[];

void proc_prepare_return(struct proc *p)
{
	uint64_t *sp = (uint64_t *)p->tf;

	*--sp = (uint64_t)(uintptr_t)proc_first_return;
	for (int i = 0; i < 6; i++)  /* rbp rbx r12 r13 r14 r15 for swtch */
		*--sp = 0;
	p->ksp = (uint64_t)(uintptr_t)sp;
}

void proc_set_exe(struct proc *p, struct fnode *node)
{
	proc_drop_exe(p);
	p->exe = fs_get(node);
}

void proc_drop_exe(struct proc *p)
{
	if (p->exe == 0)
		return;
	fs_allow_write(p->exe);
	fs_put(p->exe);
	p->exe = 0;
}
