/* Pipes. */
#include "pipe.h"

#include "../lib/errno.h"
#include "../mm/frame.h"
#include "../mm/layout.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "../proc/signal.h"

#define NPIPE 256

struct pipe {
	uint8_t *buf;           /* one frame */
	uint64_t rcount, wcount;/* bytes ever read and written */
	int readers, writers;
};

static struct pipe pipes[NPIPE];

struct pipe *pipe_create(void)
{
	for (int i = 0; i < NPIPE; i++) {
		struct pipe *p = &pipes[i];
		uint64_t pa;
		if (p->buf)
			continue;
		if ((pa = frame_alloc()) == 0)
			return 0;
		*p = (struct pipe){ .buf = P2V(pa), .readers = 1, .writers = 1 };
		return p;
	}
	return 0;
}

/* Copy n bytes between the ring at position pos and user memory, in up to
 * two pieces (to_user: ring -> user). */
static int ring_copy(struct pipe *p, uint64_t pos, uint32_t ubuf, uint32_t n, bool to_user)
{
	uint32_t at = (uint32_t)(pos % PIPE_BUF);
	uint32_t first = n < PIPE_BUF - at ? n : PIPE_BUF - at;
	int rc;

	rc = to_user ? copy_to_user(cur->mm, ubuf, p->buf + at, first)
		     : copy_from_user(cur->mm, p->buf + at, ubuf, first);
	if (rc == 0 && n > first)
		rc = to_user ? copy_to_user(cur->mm, ubuf + first, p->buf, n - first)
			     : copy_from_user(cur->mm, p->buf, ubuf + first, n - first);
	return rc;
}

long pipe_read(struct pipe *p, uint32_t ubuf, uint32_t len, bool nonblock)
{
	uint32_t n;
	int rc;

	while (p->wcount == p->rcount) {
		if (p->writers == 0 || len == 0)
			return 0;
		if (nonblock)
			return -EAGAIN;
		if (sleep_on(p, true))
			return -EINTR;
	}
	n = p->wcount - p->rcount < len ? (uint32_t)(p->wcount - p->rcount) : len;
	if ((rc = ring_copy(p, p->rcount, ubuf, n, true)) < 0)
		return rc;
	p->rcount += n;
	wakeup(p);
	return n;
}

long pipe_write(struct pipe *p, uint32_t ubuf, uint32_t len, bool nonblock)
{
	uint32_t done = 0;

	while (done < len) {
		uint32_t space = PIPE_BUF - (uint32_t)(p->wcount - p->rcount), n;
		int rc;

		if (p->readers == 0) {
			signal_send(cur, SIGPIPE);
			return done ? (long)done : -EPIPE;
		}
		/* Small writes go in whole or wait; large ones in pieces. */
		if (space == 0 || (len <= PIPE_BUF && space < len - done)) {
			if (nonblock)
				return done ? (long)done : -EAGAIN;
			wakeup(p);
			if (sleep_on(p, true))
				return done ? (long)done : -EINTR;
			continue;
		}
		n = len - done < space ? len - done : space;
		if ((rc = ring_copy(p, p->wcount, ubuf + done, n, false)) < 0)
			return done ? (long)done : rc;
		p->wcount += n;
		done += n;
		wakeup(p);
	}
	return done;
}

void pipe_close(struct pipe *p, bool writer)
{
	if (writer)
		p->writers--;
	else
		p->readers--;
	wakeup(p);
	if (p->readers == 0 && p->writers == 0) {
		frame_put(V2P(p->buf));
		p->buf = 0;
	}
}
