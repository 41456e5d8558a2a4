/* The memory devices: null, zero, full, random and urandom (Linux's
 * drivers/char/mem.c and random.c, as programs see them). */
#include "chardev.h"

#include "../../../shared/linux_poll.h"

#include "../arch/hypercall.h"
#include "../arch/layout.h"
#include "../lib/errno.h"
#include "../lib/random.h"
#include "../lib/string.h"
#include "../mm/frame.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"

typedef int (*piece_fn)(void *ctx, uint8_t *p, uint32_t n);

/* Fill user memory a page at a time with fill; a signal ends it early
 * with the bytes done (none done: -EINTR). */
static long fill_user(uaddr_t ubuf, uint32_t len, piece_fn fill, bool fatal_only)
{
	uint32_t done = 0;

	while (done < len) {
		uaddr_t at = ubuf + done;
		uint32_t n = PAGE_SIZE - (uint32_t)(at & (PAGE_SIZE - 1));
		int rc;
		if (n > len - done)
			n = len - done;
		if ((rc = user_range_visit(cur->mm, at, n, 1, fill, 0)) < 0)
			return done ? (long)done : rc;
		done += n;
		if (done < len && sched_interruption_point(fatal_only))
			break;
	}
	return done;
}

/* One piece of zeros: a whole page through frame_zero (the VMM's, where
 * kernel code is emulated). */
static int zero_piece(void *ctx, uint8_t *p, uint32_t n)
{
	(void)ctx;
	if (n == PAGE_SIZE)
		frame_zero(V2P(p));
	else
		memset(p, 0, n);
	return 0;
}

/* One piece of random bytes: the host's under cowvisor, else the kernel's. */
static int random_piece(void *ctx, uint8_t *p, uint32_t n)
{
	(void)ctx;
	if (hypercall(CV_HC_RANDOM, V2P(p), n, 0, 0) != 0)
		random_bytes(p, n);
	return 0;
}

long random_to_user(uaddr_t ubuf, uint32_t len, bool fatal_only)
{
	return fill_user(ubuf, len, random_piece, fatal_only);
}

/* /dev/null reads: end of file at once. */
static long null_read(struct file *f, uaddr_t ubuf, uint32_t len)
{
	(void)f, (void)ubuf, (void)len;
	return 0;
}

/* /dev/null and /dev/zero writes: all of it taken, nothing kept. */
static long sink_write(struct file *f, uaddr_t ubuf, uint32_t len)
{
	(void)f, (void)ubuf;
	return len;
}

/* /dev/zero and /dev/full reads: zeros (only a fatal signal stops them, as
 * Linux's read_iter_zero). */
static long zero_read(struct file *f, uaddr_t ubuf, uint32_t len)
{
	(void)f;
	return fill_user(ubuf, len, zero_piece, true);
}

/* /dev/full writes: no space left, ever. */
static long full_write(struct file *f, uaddr_t ubuf, uint32_t len)
{
	(void)f, (void)ubuf, (void)len;
	return -ENOSPC;
}

/* /dev/random and /dev/urandom reads: as getrandom (never blocking here). */
static long random_read(struct file *f, uaddr_t ubuf, uint32_t len)
{
	(void)f;
	return random_to_user(ubuf, len, false);
}

/* Always ready both ways: Linux's default poll mask for a driver without poll. */
static uint32_t mem_poll(struct file *f)
{
	(void)f;
	return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
}

/* FIONREAD: -ENOTTY, as Linux's memory devices, which answer no ioctl. */
static long mem_nread(struct file *f)
{
	(void)f;
	return -ENOTTY;
}

/* The last reference to the open device: let go of its node. */
static void mem_release(struct file *f)
{
	fs_put(f->node);
}

#define MEM_COMMON .poll = mem_poll, .nread = mem_nread, .release = mem_release
const struct file_ops null_fops = { .read = null_read, .write = sink_write, MEM_COMMON };
const struct file_ops zero_fops = { .read = zero_read, .write = sink_write, MEM_COMMON };
const struct file_ops full_fops = { .read = zero_read, .write = full_write, MEM_COMMON };
/* Writes to random devices are mixed into the pool on Linux; here they are taken and dropped. */
const struct file_ops random_fops = { .read = random_read, .write = sink_write, MEM_COMMON };
