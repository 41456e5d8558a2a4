/* Round-robin scheduling, sleeping and waking. The kernel runs with
 * interrupts off; it idles with sti; hlt when nothing is ready. Time slices
 * and timed sleeps follow the clock (the TSC), not the count of timer
 * interrupts: while the kernel runs with interrupts off, ticks are late or
 * lost (on kvm-pvm a busy process saw gaps of over a second). */
#include "../arch/clock.h"
#include "../arch/lapic.h"
#include "../arch/segments.h"
#include "../arch/x86.h"
#include "../core/introspect_root.h"
#include "../core/snapshot.h"
#include "../lib/errno.h"
#include "../mm/vm.h"
#include "cputime.h"
#include "itimer.h"
#include "loadavg.h"
#include "proc.h"
#include "signal.h"
#include "xstate.h"

#define SLICE_NS (1000000000ull / TIMER_HZ)
#define NEVER    (~0ull)

void swtch(uint64_t *save_sp, uint64_t new_sp);
extern char trap_return[];

static uint64_t slice_end;            /* ns: the running process's slice ends */
static uint64_t next_wake = NEVER;    /* ns: the earliest timed sleeper's deadline */
uint64_t sched_check_tsc;             /* TSC: the earlier of the two above */
static bool sched_sleeper_woke;       /* since the last switch: run it soon (check now) */

/* A sleeper woke: the next return to user mode looks at the run queue. */
static void sched_wake_soon(void)
{
	sched_sleeper_woke = true;
	sched_check_tsc = 0;
}

/* The earlier of slice_end and next_wake: when the scheduler must look. */
static uint64_t next_check_ns(void)
{
	return slice_end < next_wake ? slice_end : next_wake;
}

/* Recompute sched_check_tsc after slice_end or next_wake changed. Without
 * a TSC frequency (under QEMU) the clock moves only at timer ticks, so the
 * check stays off until sched_tick finds the time has come. */
static void update_check(void)
{
	uint64_t due = next_check_ns(), tsc = clock_tsc_at(due);

	if (sched_sleeper_woke)
		sched_check_tsc = 0; /* a woken sleeper runs at the next return to user */
	else
		sched_check_tsc = tsc != 0 || clock_monotonic_ns() >= due ? tsc : NEVER;
}

/* The running process starts a fresh slice now. */
static void start_slice(void)
{
	slice_end = clock_monotonic_ns() + SLICE_NS;
	sched_sleeper_woke = false;
	update_check();
}

/* Is a signal waiting that the process does not block? */
static bool signal_waiting(const struct proc *p)
{
	return ((p->sigpending | p->g->sigpending) & ~p->sigmask) != 0 || p->killed_by_kernel;
}

/* Make next the running process: stacks, address space, TLS, then swtch. */
static void switch_to(struct proc *next)
{
	struct proc *prev = cur;

	proc_save_segments(prev);
	cur = next;
	next->state = P_RUNNING;
	start_slice();
	tss_set_kernel_stack(proc_kstack_top(next));
	if (next->mm != prev->mm || prev->mm == 0)
		vm_activate(next->mm);
	gdt_set_tls(next->tls);
	proc_load_segments(next);
	__asm__ volatile("fxsave %0" : "=m"(prev->fpu));
	xstate_switch(next); /* here: its stub run loads MXCSR, which fxrstor sets */
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
	cputime_switch_out(cur, rdtsc()); /* idling is nobody's time */
	itimer_check_cpu(cur);
	for (;;) {
		struct proc *next = pick_next();
		if (next == 0 && cur->state == P_READY)
			next = cur;
		if (next)
			cputime_switch_in(next, rdtsc());
		if (next == cur) {
			cur->state = P_RUNNING;
			start_slice();
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
	schedule();
	cur->chan = 0;
	return interruptible && signal_waiting(cur) ? -EINTR : 0;
}

void sched_note_deadline(uint64_t ns)
{
	if (ns < next_wake) {
		next_wake = ns;
		update_check();
	}
}

int sleep_on_until(const void *chan, uint64_t deadline)
{
	int rc;

	cur->wake_ns = deadline; /* wake_timed() wakes us whatever chan is */
	sched_note_deadline(deadline);
	rc = sleep_on(chan, true);
	cur->wake_ns = 0;
	return rc;
}

int sleep_until_ns(uint64_t deadline)
{
	int rc = 0;

	while (clock_monotonic_ns() < deadline && rc == 0)
		rc = sleep_on_until(&cur->wake_ns, deadline);
	return rc;
}

/* Make a sleeping process ready. */
void proc_make_ready(struct proc *p)
{
	p->state = P_READY;
}

void wakeup(const void *chan)
{
	for (struct proc *p = proc_first(); p; p = proc_next(p))
		if (p->state == P_SLEEPING && p->chan == chan)
			proc_make_ready(p);
}

/* Fire p's ITIMER_REAL when its time has come; its next deadline (NEVER
 * when disarmed). */
static uint64_t real_timer(struct proc *p, uint64_t now)
{
	uint64_t *t = &p->g->itimer[ITIMER_REAL].value;

	if (*t == 0 || proc_gone(p) || !proc_is_leader(p)) /* the group's timer, once */
		return NEVER;
	if (*t <= now) {
		itimer_fire_real(p, now);
		sched_wake_soon(); /* SIGALRM may have woken it */
	}
	return *t ? *t : NEVER;
}

/* Wake processes whose timed sleep is over at now, fire real-time
 * interval timers, and note the next deadline. */
static void wake_timed(uint64_t now)
{
	next_wake = NEVER;
	for (struct proc *p = proc_first(); p; p = proc_next(p)) {
		uint64_t t = real_timer(p, now);
		if (t < next_wake)
			next_wake = t;
		if (p->state != P_SLEEPING || p->wake_ns == 0)
			continue;
		if (p->wake_ns <= now) {
			proc_make_ready(p);
			sched_wake_soon();
		} else if (p->wake_ns < next_wake) {
			next_wake = p->wake_ns;
		}
	}
	update_check();
}

void sched_tick(void)
{
	uint64_t now = clock_monotonic_ns();

	if (introspect_sample_requested()) /* the VMM asked for a sample */
		snapshot_sample(cur ? cur->pid : 0);
	loadavg_tick(now);
	if (now >= next_wake)
		wake_timed(now);
	if (cur && cur->state == P_RUNNING) /* no process yet during self-tests */
		itimer_check_cpu(cur);
	if (now >= next_check_ns())
		sched_check_tsc = 0; /* the next return to user mode looks */
}

void sched_preempt_point(void)
{
	uint64_t now;

	if (!sched_preempt_due())
		return;
	now = clock_monotonic_ns();
	if (now >= next_wake)
		wake_timed(now);
	/* A sleeper whose time came (here or at a timer tick) runs now, as a
	 * woken interactive task preempts a CPU hog on Linux; otherwise at the
	 * end of the slice. */
	if ((sched_sleeper_woke || now >= slice_end) && cur->state == P_RUNNING) {
		cur->state = P_READY;
		schedule();
	}
}

bool sched_interruption_point(bool fatal_only)
{
	sched_preempt_point();
	if (fatal_only)
		return signal_fatal_pending(cur); /* as Linux: any signal that will kill it */
	return signal_waiting(cur);
}

void proc_start(struct proc *p)
{
	cur = p;
	p->state = P_RUNNING;
	cputime_switch_in(p, rdtsc());
	start_slice();
	tss_set_kernel_stack(proc_kstack_top(p));
	vm_activate(p->mm);
	gdt_set_tls(p->tls);
	proc_load_segments(p);
	__asm__ volatile("mov %0, %%rsp; jmp *%1" :: "r"(p->tf), "r"(trap_return));
	__builtin_unreachable();
}
