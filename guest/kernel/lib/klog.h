/* The kernel log: what printk writes, kept in a ring buffer for syslog(2)
 * (dmesg), each line stamped "<level>[seconds.micros] " as Linux's
 * syslog interface gives it. */
#ifndef LIB_KLOG_H
#define LIB_KLOG_H

#include <stdint.h>

#define KLOG_SIZE 16384u /* bytes kept; older text is overwritten */

/* Append s[0..n) to the log, stamping each line that starts. */
void klog_append(const char *s, uint64_t n);

/* Total bytes ever logged (a position in the log's stream). */
uint64_t klog_head(void);

/* The oldest position still kept. */
uint64_t klog_tail(void);

/* Copy the logged bytes [from, from + n) (all still kept) to dst. */
void klog_copy(char *dst, uint64_t from, uint32_t n);

#endif
