/* eventfd: a counter in an anonymous file. */
#include "eventfd.h"

#include "../../../shared/linux_poll.h"
#include "../lib/errno.h"
#include "../mm/kheap.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "poll.h"

#define EVENTFD_MAX (~0ull - 1) /* the most the counter holds; writes wait above */

struct eventfd {
	uint64_t count;
	bool semaphore; /* EFD_SEMAPHORE: a read takes 1 */
};

static const struct file_ops eventfd_fops;

long eventfd_new(uint64_t initval, bool semaphore, uint32_t flags, struct file **out)
{
	struct eventfd *e = kheap_alloc(sizeof(*e));
	struct file *f;

	if (e == 0)
		return -ENOMEM;
	if ((f = file_alloc(FT_ANON, &eventfd_fops, O_RDWR | flags)) == 0) {
		kheap_free(e, sizeof(*e));
		return -ENFILE;
	}
	*e = (struct eventfd){ initval, semaphore };
	f->priv = e;
	*out = f;
	return 0;
}

/* The counter changed: wake readers, writers and pollers. */
static void changed(struct eventfd *e)
{
	wakeup(e);
	poll_notify();
}

/* Is e ready for a read (reading), or for a write of v? */
static bool ready(const struct eventfd *e, bool reading, uint64_t v)
{
	return reading ? e->count != 0 : EVENTFD_MAX - e->count >= v;
}

/* Sleep until e is ready for the read or write; 0, -EAGAIN (O_NONBLOCK)
 * or -EINTR (a signal: restarted where Linux restarts). */
static long wait_ready(struct file *f, struct eventfd *e, bool reading, uint64_t v)
{
	while (!ready(e, reading, v)) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (sleep_on(e, true))
			return -EINTR;
	}
	return 0;
}

/* read: the count (then 0), or 1 with EFD_SEMAPHORE, as 8 bytes. */
static long eventfd_read(struct file *f, uaddr_t ubuf, uint32_t len)
{
	struct eventfd *e = f->priv;
	uint64_t v;
	long rc;

	if (len < sizeof(v))
		return -EINVAL;
	if ((rc = wait_ready(f, e, true, 0)))
		return rc;
	v = e->semaphore ? 1 : e->count;
	if (copy_to_user(cur->mm, ubuf, &v, sizeof(v)))
		return -EFAULT; /* nothing taken */
	e->count -= v;
	changed(e);
	return sizeof(v);
}

/* write: add an 8-byte value (not ~0), waiting while it does not fit. */
static long eventfd_write(struct file *f, uaddr_t ubuf, uint32_t len)
{
	struct eventfd *e = f->priv;
	uint64_t v;
	long rc;

	if (len < sizeof(v))
		return -EINVAL;
	if (copy_from_user(cur->mm, &v, ubuf, sizeof(v)))
		return -EFAULT;
	if (v == ~0ull)
		return -EINVAL;
	if ((rc = wait_ready(f, e, false, v)))
		return rc;
	e->count += v;
	changed(e);
	return sizeof(v);
}

static uint32_t eventfd_poll(struct file *f)
{
	const struct eventfd *e = f->priv;

	return (e->count ? POLLIN : 0) | (e->count < EVENTFD_MAX ? POLLOUT : 0);
}

static void eventfd_release(struct file *f)
{
	kheap_free(f->priv, sizeof(struct eventfd));
}

static const struct file_ops eventfd_fops = {
	.read = eventfd_read, .write = eventfd_write, .release = eventfd_release,
	.poll = eventfd_poll, .anon_name = "[eventfd]",
};
