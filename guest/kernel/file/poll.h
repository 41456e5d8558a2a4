/* Waiting for any of several open files to become ready (poll, select). */
#ifndef FILE_POLL_H
#define FILE_POLL_H

#include <stdbool.h>
#include <stdint.h>

#define POLL_FOREVER (~0ull)

/* Tell waiters that some file's readiness may have changed: every kind of
 * file calls this where its poll answer can change (data in or out, an
 * end closed). */
void poll_notify(void);

/* How many times poll_notify() has been called (wrapping): a waiter that
 * saw the same count saw no change since (epoll's edge triggering). */
uint32_t poll_generation(void);

/* Sleep until poll_notify(), the monotonic deadline (POLL_FOREVER: none),
 * a signal (-EINTR), or, with recheck, the next timer tick; else 0. */
int poll_sleep(uint64_t deadline, bool recheck);

#endif
