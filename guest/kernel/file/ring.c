/* Byte rings in frames. */
#include "ring.h"

#include "../arch/layout.h"
#include "../lib/errno.h"
#include "../lib/string.h"
#include "../mm/frame.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"

int ring_init(struct ring *r)
{
	*r = (struct ring){ 0 };
	for (int i = 0; i < RING_PAGES; i++) {
		uint64_t pa = frame_alloc();
		if (pa == 0) {
			ring_free(r);
			return -ENOMEM;
		}
		r->page[i] = P2V(pa);
	}
	return 0;
}

void ring_free(struct ring *r)
{
	for (int i = 0; i < RING_PAGES; i++) {
		if (r->page[i])
			frame_put(V2P(r->page[i]));
		r->page[i] = 0;
	}
}

/* The longest piece at pos that lies in one frame, at most n. */
static uint32_t piece(uint64_t pos, uint32_t n)
{
	uint32_t off = (uint32_t)(pos % 4096);

	return n < 4096 - off ? n : 4096 - off;
}

/* Where position pos lies in memory. */
static uint8_t *at(struct ring *r, uint64_t pos)
{
	uint32_t a = (uint32_t)(pos % RING_CAPACITY);

	return r->page[a / 4096] + a % 4096;
}

int ring_copy_user(struct ring *r, uint64_t pos, uaddr_t ubuf, uint32_t n, bool to_user)
{
	while (n) {
		uint32_t chunk = piece(pos, n);
		int rc = to_user ? copy_to_user(cur->mm, ubuf, at(r, pos), chunk)
				 : copy_from_user(cur->mm, at(r, pos), ubuf, chunk);
		if (rc)
			return rc;
		pos += chunk;
		ubuf += chunk;
		n -= chunk;
	}
	return 0;
}

void ring_copy_kernel(struct ring *r, uint64_t pos, void *k, uint32_t n, bool to_k)
{
	uint8_t *p = k;

	while (n) {
		uint32_t chunk = piece(pos, n);
		if (to_k)
			memcpy(p, at(r, pos), chunk);
		else
			memcpy(at(r, pos), p, chunk);
		pos += chunk;
		p += chunk;
		n -= chunk;
	}
}
