/* Load averages as Linux computes them (kernel/sched/loadavg.c): every
 * LOADAVG_FREQ_NS the number of runnable processes is folded into three
 * exponentially decaying averages (1, 5 and 15 minutes), in fixed point
 * with LOADAVG_FSHIFT fraction bits. */
#ifndef PROC_LOADAVG_H
#define PROC_LOADAVG_H

#include <stdint.h>

#define LOADAVG_FSHIFT  11
#define LOADAVG_FIXED_1 (1u << LOADAVG_FSHIFT)
#define LOADAVG_FREQ_NS 5000000000ull

/* Fold in the run queue when a period has passed since the last time;
 * cheap otherwise (a timer tick calls it). */
void loadavg_tick(uint64_t now_ns);

/* The three averages (1, 5, 15 minutes), fixed point. */
void loadavg_get(uint32_t avg[3]);

/* Processes that are runnable now (running or ready). */
int loadavg_runnable(void);

#endif
