/* Switching the XSAVE state the kernel cannot reach (see xstate.h). */
#include "xstate.h"

#include "../arch/xsave_stub.h"
#include "../arch/x86.h"
#include "../lib/printk.h"
#include "../lib/string.h"

bool xstate_on;
struct proc *xstate_owner;
static uint64_t mask;       /* the components switched: user XCR0 above x87/SSE */
static uint32_t area_size;  /* of the standard-format XSAVE area for them */

/* Components of m whose standard-format place in the XSAVE area lies past
 * the room a process has (XSTUB_AREA_MAX); the area's size for the rest. */
static uint64_t too_big(uint64_t m, uint32_t *size_out)
{
	uint64_t bad = 0;

	*size_out = XSAVE_HEADER_END;
	for (uint32_t i = 2; i < 64; i++) {
		uint32_t size, offset, c, d;
		if (!(m & (1ull << i)))
			continue;
		__asm__ volatile("cpuid" : "=a"(size), "=b"(offset), "=c"(c), "=d"(d) : "a"(0xd), "c"(i));
		if ((uint64_t)offset + size > XSTUB_AREA_MAX)
			bad |= 1ull << i;
		else if (offset + size > *size_out)
			*size_out = offset + size;
	}
	return bad;
}

void xstate_init(void)
{
	uint64_t user_xcr0, bad;

	if (xcr0 == 0 || xstub_run(XSTUB_PROBE, 0, 0, 0, &user_xcr0) != 0)
		return; /* no XSAVE, or the probe failed: user mode has what the kernel set */
	mask = user_xcr0 & ~(uint64_t)XCR0_X87_SSE;
	if ((bad = too_big(mask, &area_size)) != 0) {
		printk("cowvisor kernel: user XCR0 %lx: components %lx do not fit the save area: "
		       "not switched between processes\n", user_xcr0, bad);
		mask &= ~bad;
	}
	xstate_on = mask != 0;
}

void xstate_reset(struct proc *p)
{
	const uint32_t mxcsr = MXCSR_DEFAULT;

	memset(p->xstate + XSAVE_XSTATE_BV, 0, XSAVE_HEADER_END - XSAVE_XSTATE_BV);
	memcpy(p->xstate + XSAVE_MXCSR, &mxcsr, sizeof mxcsr);
}

void xstate_load(struct proc *next)
{
	struct proc *old = xstate_owner;
	uint64_t rc = xstub_run(old ? XSTUB_SWAP : XSTUB_LOAD, mask, old ? old->xstate : 0,
				next->xstate, 0);

	xstate_owner = next;
	if (rc == 0)
		return;
	/* The areas are the kernel's alone: a fault here is a kernel bug.
	 * Not a panic: next dies, with its state reset. */
	printk("cowvisor kernel: switching AVX state to pid %d (%s) faulted (vector %lu): killed\n",
	       next->pid, next->comm, rc - 1);
	xstate_reset(next);
	next->killed_by_kernel = true;
	xstate_owner = 0;
}

void xstate_fork(struct proc *child, bool vfork)
{
	struct proc *to = vfork ? cur : child; /* whose area gets the state */

	if (xstate_owner == child)
		xstate_owner = 0; /* a recycled slot */
	if (!xstate_on || cur->abi != CV_ABI_X86_64)
		return;
	if (xstate_owner != cur) { /* (not while it runs, but in case) */
		memcpy(child->xstate, cur->xstate, sizeof child->xstate);
		return;
	}
	if (xstub_run(XSTUB_SAVE, mask, to->xstate, 0, 0) != 0)
		xstate_reset(to); /* cannot happen: the area is the kernel's */
	if (vfork)
		xstate_owner = child; /* its switch-in needs no stub run */
}

void xstate_exec(void)
{
	if (!xstate_on)
		return;
	if (cur->abi != CV_ABI_X86_64) {
		if (xstate_owner == cur)
			xstate_owner = 0; /* i386 code keeps what it finds */
		return;
	}
	xstate_reset(cur);
	if (xstate_owner == cur)
		xstate_owner = 0; /* its live state is the old program's */
	xstate_load(cur);
}

void xstate_exit(const struct proc *p)
{
	if (xstate_owner == p)
		xstate_owner = 0;
}

uint64_t xstate_mask(void)
{
	return mask;
}

uint32_t xstate_area_size(void)
{
	return area_size;
}

int xstate_save_cur(void)
{
	if (xstate_owner != cur)
		return 0; /* its area holds its state already */
	return xstub_run(XSTUB_SAVE, mask, cur->xstate, 0, 0) == 0 ? 0 : -1;
}

void xstate_reload_cur(void)
{
	if (xstate_owner == cur)
		xstate_owner = 0; /* the CPU's copy is out of date */
	xstate_load(cur);
}
