/* The 8254 programmable interval timer, used once: to measure the TSC's
 * frequency where no VMM tells it (under QEMU). */
#ifndef ARCH_PIT_H
#define ARCH_PIT_H

#include <stdint.h>

/* The TSC's frequency in kHz, timed against 10 ms of the PIT's channel 2
 * (Linux's PIT calibration); 0 when the PIT does not answer. */
uint32_t pit_tsc_khz(void);

#endif
