/* Trap dispatch: exceptions, the timer, spurious interrupts. */
#include "trap.h"

#include "../panic.h"
#include "lapic.h"

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
	"invalid opcode", "device not available", "double fault", "coprocessor overrun",
	"invalid TSS", "segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 floating point", "alignment check",
	"machine check", "SIMD floating point", "virtualization", "control protection",
};

const char *trap_name(uint64_t vector)
{
	if (vector < 32 && exception_names[vector])
		return exception_names[vector];
	return "interrupt";
}

void trap(struct trapframe *tf)
{
	switch (tf->vector) {
	case VEC_TIMER:
		lapic_timer_tick();
		return;
	case VEC_SPURIOUS:
		return;
	}
	panic_frame(tf, "%s (vector %lu) in %s mode at rip 0x%lx", trap_name(tf->vector),
		    tf->vector, (tf->cs & 3) ? "user" : "kernel", tf->rip);
}
