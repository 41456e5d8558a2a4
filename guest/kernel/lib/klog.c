/* The kernel log's ring buffer. */
#include "klog.h"

#include <stdbool.h>

#include "../arch/clock.h"
#include "printk.h"
#include "string.h"

#define KLOG_LEVEL 6 /* KERN_INFO: every message has this level */

static char ring[KLOG_SIZE];
static uint64_t head;        /* bytes ever written */
static bool mid_line;        /* the last byte written was not a newline */

/* Store one byte. */
static void put(char c)
{
	ring[head % KLOG_SIZE] = c;
	head++;
}

void klog_append(const char *s, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		if (!mid_line) {
			char stamp[40];
			uint64_t us = clock_monotonic_ns() / 1000;
			int k = snprintf(stamp, sizeof(stamp), "<%d>[%5lu.%06lu] ", KLOG_LEVEL,
					 us / 1000000, us % 1000000);
			for (int j = 0; j < k; j++)
				put(stamp[j]);
		}
		put(s[i]);
		mid_line = s[i] != '\n';
	}
}

uint64_t klog_head(void)
{
	return head;
}

uint64_t klog_tail(void)
{
	return head > KLOG_SIZE ? head - KLOG_SIZE : 0;
}

void klog_copy(char *dst, uint64_t from, uint32_t n)
{
	uint32_t at = (uint32_t)(from % KLOG_SIZE), first = KLOG_SIZE - at < n ? KLOG_SIZE - at : n;

	memcpy(dst, ring + at, first); /* up to the ring's end, then from its start */
	memcpy(dst + first, ring, n - first);
}
