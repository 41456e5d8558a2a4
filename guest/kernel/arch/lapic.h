/* The local APIC: a periodic timer interrupt at TIMER_HZ. */
#ifndef ARCH_LAPIC_H
#define ARCH_LAPIC_H

#include <stdint.h>

#define TIMER_HZ 100

/* Enable the LAPIC and start its periodic timer (vector VEC_TIMER), the
 * only interrupt source: the legacy 8259 PICs are masked. The xAPIC
 * window must already be mapped (mm_init). */
void lapic_init(void);

/* Timer interrupt: count the tick and acknowledge it. */
void lapic_timer_tick(void);

/* Timer ticks since lapic_init(). */
uint64_t ticks(void);

#endif
