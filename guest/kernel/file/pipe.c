/* Pipes. */
#include "pipe.h"

#include "../arch/layout.h"
#include "../lib/errno.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "../proc/signal.h"
#include "../../../shared/linux_poll.h"
#include "file.h"
#include "poll.h"
#include "ring.h"

#define NPIPE 256
#define PIPE_CHUNK PIPE_BUF /* copied between two preemption points */

struct pipe {
	struct ring ring;   /* unallocated: a free slot */
	int readers, writers;
};

static struct pipe pipes[NPIPE];

/* Wake whoever waits for p: its readers and writers, and pollers. */
static void pipe_changed(struct pipe *p)
{
	wakeup(p);
	poll_notify();
}

int pipe_create(struct pipe **out)
{
	for (int i = 0; i < NPIPE; i++) {
		struct pipe *p = &pipes[i];
		int rc;
		if (p->ring.page[0])
			continue;
		if ((rc = ring_init(&p->ring)) < 0)
			return rc;
		p->readers = p->writers = 1;
		*out = p;
		return 0;
	}
	return -ENFILE;
}

long pipe_read(struct pipe *p, uaddr_t ubuf, uint32_t len, bool nonblock)
{
	bool interrupted = false;
	uint32_t done = 0;

	/* Data (or EOF) found after a signal woke us still wins over -EINTR. */
	while (ring_used(&p->ring) == 0) {
		if (p->writers == 0 || len == 0)
			return 0;
		if (nonblock)
			return -EAGAIN;
		if (interrupted)
			return -EINTR;
		interrupted = sleep_on(p, true) != 0;
	}
	/* A page at a time, each taken out of the ring before others may run. */
	while (done < len && ring_used(&p->ring) != 0) {
		uint32_t n = ring_used(&p->ring);
		int rc;
		if (n > len - done)
			n = len - done;
		if (n > PIPE_CHUNK)
			n = PIPE_CHUNK;
		if ((rc = ring_copy_user(&p->ring, p->ring.rcount, ubuf + done, n, true)) < 0)
			return done ? (long)done : rc;
		p->ring.rcount += n;
		done += n;
		pipe_changed(p);
		if (done < len)
			sched_preempt_point();
	}
	return done;
}

long pipe_write(struct pipe *p, uaddr_t ubuf, uint32_t len, bool nonblock)
{
	uint32_t done = 0;
	bool interrupted = false;

	while (done < len) {
		uint32_t space = ring_space(&p->ring), n;
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
			pipe_changed(p);
			interrupted = sleep_on(p, true) != 0;
			continue;
		}
		/* A page at a time (small writes whole), each put in the ring
		 * before others may run. */
		n = len - done < space ? len - done : space;
		if (n > PIPE_CHUNK)
			n = PIPE_CHUNK;
		if ((rc = ring_copy_user(&p->ring, p->ring.wcount, ubuf + done, n, false)) < 0)
			return done ? (long)done : rc;
		p->ring.wcount += n;
		done += n;
		pipe_changed(p);
		if (done < len)
			sched_preempt_point();
	}
	return done;
}

void pipe_open(struct pipe *p, bool writer)
{
	if (writer)
		p->writers++;
	else
		p->readers++;
	pipe_changed(p);
}

int pipe_ends(const struct pipe *p, bool writer)
{
	return writer ? p->writers : p->readers;
}

void pipe_close(struct pipe *p, bool writer)
{
	if (writer)
		p->writers--;
	else
		p->readers--;
	pipe_changed(p);
	if (p->readers == 0 && p->writers == 0)
		ring_free(&p->ring);
}

/* The file operations of both ends: f->pipe_writer tells which end. */
static long pipe_file_read(struct file *f, uaddr_t ubuf, uint32_t len)
{
	return pipe_read(f->pipe, ubuf, len, f->flags & O_NONBLOCK);
}

static long pipe_file_write(struct file *f, uaddr_t ubuf, uint32_t len)
{
	return pipe_write(f->pipe, ubuf, len, f->flags & O_NONBLOCK);
}

static void pipe_file_release(struct file *f)
{
	pipe_close(f->pipe, f->pipe_writer);
}

/* Linux's pipe_poll: the read end is readable with data, hung up with no
 * writer; the write end writable with room for an atomic write, in error
 * with no reader. */
uint32_t pipe_poll(struct file *f)
{
	struct pipe *p = f->pipe;
	uint32_t mask = 0;

	if (!f->pipe_writer) {
		if (ring_used(&p->ring))
			mask |= POLLIN | POLLRDNORM;
		if (p->writers == 0)
			mask |= POLLHUP;
	} else {
		if (ring_space(&p->ring) >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (p->readers == 0)
			mask |= POLLERR;
	}
	return mask;
}

/* FIONREAD: the bytes in the ring (either end, as Linux). */
long pipe_nread(struct file *f)
{
	return (long)ring_used(&f->pipe->ring);
}

const struct file_ops pipe_fops = {
	.read = pipe_file_read, .write = pipe_file_write, .release = pipe_file_release,
	.poll = pipe_poll, .nread = pipe_nread,
};
