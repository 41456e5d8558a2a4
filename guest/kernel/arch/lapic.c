/* Local APIC timer (xAPIC MMIO), and the legacy PICs kept quiet. */
#include "lapic.h"

#include "direct_map.h"
#include "trap.h"
#include "x86.h"

#define PIC_MASTER_DATA 0x21 /* 8259 interrupt mask registers */
#define PIC_SLAVE_DATA  0xa1

#define LAPIC_EOI       0x0b0
#define LAPIC_SVR       0x0f0
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_LINT1 0x360
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_DIV 0x3e0

#define SVR_ENABLE      0x100
#define LVT_MASKED      0x10000
#define LVT_PERIODIC    0x20000
#define DIV_BY_16       0x3
/* KVM's and QEMU's emulated APIC timers count at 1 GHz (1 ns per tick of
 * the bus clock); divided by 16. */
#define LAPIC_TIMER_HZ  (1000000000u / 16)

static volatile uint64_t tick_count;

/* Write a LAPIC register. */
static void lapic_write(uint32_t reg, uint32_t v)
{
	*(volatile uint32_t *)((uintptr_t)P2V(CV_LAPIC_PADDR) + reg) = v;
}

void lapic_init(void)
{
	/* Mask every 8259 line: a firmware's PIT tick left raised there (SeaBIOS
	 * under QEMU) would otherwise reach the CPU as an interrupt with no
	 * vector, which QEMU turns into a #GP in whatever runs next. */
	outb(PIC_MASTER_DATA, 0xff);
	outb(PIC_SLAVE_DATA, 0xff);
	lapic_write(LAPIC_SVR, SVR_ENABLE | VEC_SPURIOUS);
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT1, LVT_MASKED);
	lapic_write(LAPIC_TIMER_DIV, DIV_BY_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | VEC_TIMER);
	lapic_write(LAPIC_TIMER_INIT, LAPIC_TIMER_HZ / TIMER_HZ);
}

void lapic_timer_tick(void)
{
	tick_count++;
	lapic_write(LAPIC_EOI, 0);
}

uint64_t ticks(void)
{
	return tick_count;
}
