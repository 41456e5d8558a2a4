/* Round-robin scheduling, sleeping and waking. The kernel runs with
 * interrupts off; it idles with sti; hlt when nothing is ready. */
#include "../arch/lapic.h"
#include "../arch/segments.h"
#include "../arch/x86.h"
#include "../introspect.h"
#include "../lib/errno.h"
#include "../mm/vm.h"
#include "proc.h"

#define SLICE_TICKS 1

void swtch(uint64_t *save_sp, uint64_t new_sp);
extern char trap_return[];

static uint64_t slice_end;

/* Is a signal waiting that the process does not block? */
static bool signal_waiting(const struct proc *p)
{
	return (p->sigpending & ~p->sigmask) != 0 || p->killed_by_kernel;
}

/* Make next the running process: stacks, address space, TLS, then swtch. */
static void switch_to(struct proc *next)
{
	struct proc *prev = cur;

	proc_save_segments(prev);
	cur = next;
	next->state = P_RUNNING;
	slice_end = ticks() + SLICE_TICKS;
	tss_set_kernel_stack(proc_kstack_top(next));
	if (next->mm != prev->mm || prev->mm == 0)
		vm_activate(next->mm);
	gdt_set_tls(next->tls);
	proc_load_segments(next);
	__asm__ volatile("fxsave %0" : "=m"(prev->fpu));
	__asm__ volatile("fxrstor %0" :: "m"(next->fpu));
	swtch(&prev->ksp, next->ksp);
}

/* The next ready process after cur in table order, or NULL. */
static struct proc *pick_next(void)
{
	struct proc *p = cur;

	for (int n = proc_slots(); n > 0; n--) {
		p = proc_next(p);
		if (p == 0)
			p = proc_first();
		if (p->state == P_READY)
			return p;
	}
	return 0;
}

void schedule(void)
{
	for (;;) {
		struct proc *next = pick_next();
		if (next == 0 && cur->state == P_READY)
			next = cur;
		if (next == cur) {
			cur->state = P_RUNNING;
			return;
		}
		if (next) {
			switch_to(next);
			return;
		}
		sti_hlt(); /* nothing to run: wait for an interrupt */
		cli();
	}
}

int sleep_on(const void *chan, bool interruptible)
{
	if (interruptible && signal_waiting(cur))
		return -EINTR;
	cur->chan = chan;
	cur->state = P_SLEEPING;
	introspect_proc(cur);
	schedule();
	cur->chan = 0;
	introspect_proc(cur);
	return interruptible && signal_waiting(cur) ? -EINTR : 0;
}

int sleep_until(uint64_t tick)
{
	int rc = 0;

	while (ticks() < tick && rc == 0) {
		cur->wake_tick = tick;
		rc = sleep_on(&cur->wake_tick, true);
	}
	cur->wake_tick = 0;
	return rc;
}

/* Make a sleeping process ready (and say so to the VMM's mirror). */
void proc_make_ready(struct proc *p)
{
	p->state = P_READY;
	introspect_proc(p);
}

void wakeup(const void *chan)
{
	for (struct proc *p = proc_first(); p; p = proc_next(p))
		if (p->state == P_SLEEPING && p->chan == chan)
			proc_make_ready(p);
}

/* Wake processes whose timed sleep is over. */
static void wake_timed(void)
{
	uint64_t now = ticks();

	for (struct proc *p = proc_first(); p; p = proc_next(p))
		if (p->state == P_SLEEPING && p->wake_tick && p->wake_tick <= now)
			proc_make_ready(p);
}

void sched_tick(struct trapframe *tf)
{
	snapshot_sample_point();
	wake_timed();
	if ((tf->cs & 3) && cur && cur->state == P_RUNNING && ticks() >= slice_end) {
		cur->state = P_READY;
		schedule();
	}
}

void proc_start(struct proc *p)
{
	cur = p;
	p->state = P_RUNNING;
	slice_end = ticks() + SLICE_TICKS;
	tss_set_kernel_stack(proc_kstack_top(p));
	vm_activate(p->mm);
	gdt_set_tls(p->tls);
	proc_load_segments(p);
	__asm__ volatile("mov %0, %%rsp; jmp *%1" :: "r"(p->tf), "r"(trap_return));
	__builtin_unreachable();
}
