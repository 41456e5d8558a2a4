/* The 8254 PIT: channel 2 as a 10 ms stopwatch for the TSC. */
#include "pit.h"

#include "x86.h"

#define PIT_HZ        1193182u
#define PIT_CH2       0x42
#define PIT_MODE      0x43
#define PIT_PORT_B    0x61     /* bit 0: channel 2's gate, 1: speaker, 5: channel 2's output */
#define CH2_ONESHOT   0xb0     /* channel 2, low then high byte, mode 0, binary */
#define CAL_MS        10
#define POLL_MAX      50000000u /* a PIT that never ends the count: give up */

uint32_t pit_tsc_khz(void)
{
	uint16_t count = PIT_HZ * CAL_MS / 1000;
	uint64_t t0, t1;
	uint32_t polls = 0;

	outb(PIT_PORT_B, (uint8_t)((inb(PIT_PORT_B) & ~0x02) | 0x01)); /* gate on, speaker off */
	outb(PIT_MODE, CH2_ONESHOT);
	outb(PIT_CH2, (uint8_t)count);
	outb(PIT_CH2, (uint8_t)(count >> 8)); /* counting starts here */
	t0 = rdtsc();
	while (!(inb(PIT_PORT_B) & 0x20)) /* output goes high when the count ends */
		if (++polls == POLL_MAX)
			return 0;
	t1 = rdtsc();
	return (uint32_t)((t1 - t0) / CAL_MS);
}
