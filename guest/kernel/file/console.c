/* The console as a file: writes go to the VMM's stdout in one hypercall
 * per page, reads come from the host's stdin without blocking the VMM. */
#include "../../../shared/linux_poll.h"
#include "file.h"

#include "../arch/clock.h"
#include "../arch/console_out.h"
#include "../arch/hypercall.h"
#include "../arch/lapic.h"
#include "../arch/layout.h"
#include "../lib/errno.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"

/* Write one piece of user memory to the console stream *ctx. */
static int write_piece(void *ctx, uint8_t *p, uint32_t n)
{
	console_write((const char *)p, n, *(int *)ctx);
	return 0;
}

/* Write user memory to the console stream of f, a page per hypercall. */
static long console_file_write(struct file *f, uaddr_t ubuf, uint32_t len)
{
	int stream = f->stream;
	uint32_t done = 0;
	long rc = console_check_write();

	if (rc)
		return rc;
	/* A page per hypercall, letting others run in between; only a fatal
	 * signal ends it early (the console is a file to programs). */
	while (done < len) {
		uint32_t n = PAGE_SIZE - ((ubuf + done) & (PAGE_SIZE - 1));
		int rc;
		if (n > len - done)
			n = len - done;
		if ((rc = user_range_visit(cur->mm, ubuf + done, n, 0, write_piece, &stream)) < 0)
			return done ? (long)done : rc;
		done += n;
		if (done < len && sched_interruption_point(true))
			break;
	}
	return done;
}

/* State of one console read: how much arrived, and whether at EOF. */
struct stdin_read {
	uint32_t got;
	bool eof, again;
};

/* Read host stdin into one piece of the user buffer. */
static int read_piece(void *ctx, uint8_t *p, uint32_t n)
{
	struct stdin_read *r = ctx;
	int64_t got = hypercall(CV_HC_STDIN, V2P(p), n, 0, 0);

	if (got == CV_HC_EAGAIN) {
		r->again = true;
		return -EAGAIN;
	}
	if (got <= 0) {
		r->eof = true;
		return -1; /* stop: end of input (or no VMM to ask) */
	}
	r->got += (uint32_t)got;
	return got < n ? -1 : 0; /* a short read ends this call */
}

/* Read the host's stdin into user memory; waits while nothing is there. */
static long console_file_read(struct file *f, uaddr_t ubuf, uint32_t len)
{
	bool nonblock = f->flags & O_NONBLOCK;
	long rc = console_check_read();

	if (rc)
		return rc;
	for (;;) {
		struct stdin_read r = { 0, false, false };
		int rc = user_range_visit(cur->mm, ubuf, len, 1, read_piece, &r);

		if (rc == -EFAULT || rc == -ENOMEM)
			return rc;
		if (r.got || r.eof || len == 0)
			return r.got;
		if (nonblock)
			return -EAGAIN;
		/* Nothing yet: let others run and ask again a tick later. */
		if (sleep_until_ns(clock_monotonic_ns() + 1000000000ull / TIMER_HZ) == -EINTR)
			return -EINTR;
	}
}

/* FIONREAD: what the host's stdin holds now (0 when nothing is there). */
static long console_file_nread(struct file *f)
{
	int64_t n = hypercall(CV_HC_STDIN_READY, 0, 0, 0, 0);

	(void)f;
	return n > 0 ? (long)n : 0;
}

/* Always writable; readable when the host's stdin has data or has ended
 * (nothing tells us when it will: POLL_RECHECK). */
static uint32_t console_file_poll(struct file *f)
{
	uint32_t mask = POLLOUT | POLLWRNORM;

	(void)f;
	if (hypercall(CV_HC_STDIN_READY, 0, 0, 0, 0) == CV_HC_EAGAIN)
		return mask | POLL_RECHECK;
	return mask | POLLIN | POLLRDNORM; /* data, or EOF: a read returns at once */
}

/* The terminal's ioctls (console_tty.c). */
static long console_file_ioctl(struct file *f, uint32_t cmd, uaddr_t arg)
{
	(void)f;
	return console_ioctl(cmd, arg);
}

/* The last reference: a console opened by path (/dev/tty) lets go of its node. */
static void console_file_release(struct file *f)
{
	if (f->node)
		fs_put(f->node);
}

const struct file_ops console_fops = {
	.read = console_file_read, .write = console_file_write, .ioctl = console_file_ioctl,
	.poll = console_file_poll, .nread = console_file_nread, .release = console_file_release,
};
