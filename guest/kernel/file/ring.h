/* A byte ring of 64 KiB in frames (Linux's default pipe capacity): the
 * buffer of pipes and sockets. Positions count bytes ever written or read. */
#ifndef FILE_RING_H
#define FILE_RING_H

#include <stdbool.h>
#include <stdint.h>

#include "../mm/uaddr.h"

#define RING_PAGES    16
#define RING_CAPACITY (RING_PAGES * 4096)

struct ring {
	uint8_t *page[RING_PAGES]; /* a frame per 4 KiB; NULL: not allocated */
	uint64_t rcount, wcount;   /* bytes ever read and written */
};

/* Give r its frames, empty: 0 or -ENOMEM (nothing kept). */
int ring_init(struct ring *r);

/* Give r's frames back. */
void ring_free(struct ring *r);

/* Bytes in r, and room left. */
static inline uint32_t ring_used(const struct ring *r)
{
	return (uint32_t)(r->wcount - r->rcount);
}

static inline uint32_t ring_space(const struct ring *r)
{
	return RING_CAPACITY - ring_used(r);
}

/* Copy n bytes between r at position pos and user memory of the current
 * process (to_user: ring -> user). 0 or -EFAULT/-ENOMEM. */
int ring_copy_user(struct ring *r, uint64_t pos, uaddr_t ubuf, uint32_t n, bool to_user);

/* The same with kernel memory k (record headers). */
void ring_copy_kernel(struct ring *r, uint64_t pos, void *k, uint32_t n, bool to_k);

#endif
