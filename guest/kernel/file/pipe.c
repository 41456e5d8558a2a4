/* Pipes. */
#include "pipe.h"

#include "../lib/errno.h"
#include "../mm/frame.h"
#include "../mm/layout.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "../proc/signal.h"
#include "file.h"

#define NPIPE 256
#define PIPE_CHUNK PIPE_BUF /* copied between two preemption points */

struct pipe {
	uint8_t *page[PIPE_PAGES]; /* the ring, a frame per 4 KiB; NULL: free slot */
	uint64_t rcount, wcount;   /* bytes ever read and written */
	int readers, writers;
};

static struct pipe pipes[NPIPE];

/* Give the ring's frames back. */
static void free_pages(struct pipe *p)
{
	for (int i = 0; i < PIPE_PAGES; i++) {
		if (p->page[i])
			frame_put(V2P(p->page[i]));
		p->page[i] = 0;
	}
}

int pipe_create(struct pipe **out)
{
	for (int i = 0; i < NPIPE; i++) {
		struct pipe *p = &pipes[i];
		if (p->page[0])
			continue;
		*p = (struct pipe){ .readers = 1, .writers = 1 };
		for (int j = 0; j < PIPE_PAGES; j++) {
			uint64_t pa = frame_alloc();
			if (pa == 0) {
				free_pages(p);
				return -ENOMEM;
			}
			p->page[j] = P2V(pa);
		}
		*out = p;
		return 0;
	}
	return -ENFILE;
}

/* Copy n bytes between the ring at position pos and user memory, a page
 * of the ring at a time (to_user: ring -> user). */
static int ring_copy(struct pipe *p, uint64_t pos, uint32_t ubuf, uint32_t n, bool to_user)
{
	while (n) {
		uint32_t at = (uint32_t)(pos % PIPE_CAPACITY), off = at % 4096;
		uint32_t chunk = n < 4096 - off ? n : 4096 - off;
		uint8_t *k = p->page[at / 4096] + off;
		int rc = to_user ? copy_to_user(cur->mm, ubuf, k, chunk)
				 : copy_from_user(cur->mm, k, ubuf, chunk);
		if (rc)
			return rc;
		pos += chunk;
		ubuf += chunk;
		n -= chunk;
	}
	return 0;
}

long pipe_read(struct pipe *p, uint32_t ubuf, uint32_t len, bool nonblock)
{
	bool interrupted = false;
	uint32_t done = 0;

	/* Data (or EOF) found after a signal woke us still wins over -EINTR. */
	while (p->wcount == p->rcount) {
		if (p->writers == 0 || len == 0)
			return 0;
		if (nonblock)
			return -EAGAIN;
		if (interrupted)
			return -EINTR;
		interrupted = sleep_on(p, true) != 0;
	}
	/* A page at a time, each taken out of the ring before others may run. */
	while (done < len && p->wcount != p->rcount) {
		uint32_t n = (uint32_t)(p->wcount - p->rcount);
		int rc;
		if (n > len - done)
			n = len - done;
		if (n > PIPE_CHUNK)
			n = PIPE_CHUNK;
		if ((rc = ring_copy(p, p->rcount, ubuf + done, n, true)) < 0)
			return done ? (long)done : rc;
		p->rcount += n;
		done += n;
		wakeup(p);
		if (done < len)
			sched_preempt_point();
	}
	return done;
}

long pipe_write(struct pipe *p, uint32_t ubuf, uint32_t len, bool nonblock)
{
	uint32_t done = 0;
	bool interrupted = false;

	while (done < len) {
		uint32_t space = PIPE_CAPACITY - (uint32_t)(p->wcount - p->rcount), n;
		int rc;

		if (p->readers == 0) {
			signal_send(cur, SIGPIPE);
			return done ? (long)done : -EPIPE;
		}
		/* Small writes go in whole or wait; large ones in pieces. */
		if (space == 0 || (len <= PIPE_BUF && space < len - done)) {
			if (nonblock)
				return done ? (long)done : -EAGAIN;
			if (interrupted)
				return done ? (long)done : -EINTR;
			wakeup(p);
			interrupted = sleep_on(p, true) != 0;
			continue;
		}
		/* A page at a time (small writes whole), each put in the ring
		 * before others may run. */
		n = len - done < space ? len - done : space;
		if (n > PIPE_CHUNK)
			n = PIPE_CHUNK;
		if ((rc = ring_copy(p, p->wcount, ubuf + done, n, false)) < 0)
			return done ? (long)done : rc;
		p->wcount += n;
		done += n;
		wakeup(p);
		if (done < len)
			sched_preempt_point();
	}
	return done;
}

void pipe_open_end(struct pipe *p, bool writer)
{
	if (writer)
		p->writers++;
	else
		p->readers++;
}

void pipe_close(struct pipe *p, bool writer)
{
	if (writer)
		p->writers--;
	else
		p->readers--;
	wakeup(p);
	if (p->readers == 0 && p->writers == 0)
		free_pages(p);
}

/* The file operations of both ends: f->pipe_writer tells which end. */
static long pipe_file_read(struct file *f, uint32_t ubuf, uint32_t len)
{
	return pipe_read(f->pipe, ubuf, len, f->flags & O_NONBLOCK);
}

static long pipe_file_write(struct file *f, uint32_t ubuf, uint32_t len)
{
	return pipe_write(f->pipe, ubuf, len, f->flags & O_NONBLOCK);
}

static void pipe_file_release(struct file *f)
{
	pipe_close(f->pipe, f->pipe_writer);
}

const struct file_ops pipe_fops = {
	.read = pipe_file_read, .write = pipe_file_write, .release = pipe_file_release,
};
