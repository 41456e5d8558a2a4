/* timerfd: a timer in an anonymous file. Deadlines are kept on the
 * monotonic clock; expirations are counted when looked at. */
#include "timerfd.h"

#include "../../../shared/linux_poll.h"
#include "../arch/clock.h"
#include "../lib/errno.h"
#include "../mm/kheap.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "poll.h"

struct timerfd {
	bool realtime;      /* CLOCK_REALTIME (an absolute setting reads that clock) */
	uint64_t next;      /* the next expiration, monotonic ns; 0: disarmed */
	uint64_t interval;  /* ns between expirations; 0: once */
	uint64_t ticks;     /* expirations not yet read */
};

static const struct file_ops timerfd_fops;

long timerfd_new(bool realtime, uint32_t flags, struct file **out)
{
	struct timerfd *t = kheap_alloc(sizeof(*t));
	struct file *f;

	if (t == 0)
		return -ENOMEM;
	if ((f = file_alloc(FT_ANON, &timerfd_fops, O_RDWR | flags)) == 0) {
		kheap_free(t, sizeof(*t));
		return -ENFILE;
	}
	*t = (struct timerfd){ .realtime = realtime };
	f->priv = t;
	*out = f;
	return 0;
}

bool file_is_timerfd(const struct file *f)
{
	return f->ops == &timerfd_fops;
}

/* Count the expirations up to now into t->ticks and move t->next on. */
static void advance(struct timerfd *t)
{
	uint64_t now = clock_monotonic_ns(), n;

	if (t->next == 0 || now < t->next)
		return;
	if (t->interval == 0) {
		t->ticks++;
		t->next = 0;
		return;
	}
	n = (now - t->next) / t->interval + 1;
	t->ticks += n;
	t->next += n * t->interval;
}

void timerfd_set(struct file *f, uint64_t value, uint64_t interval, bool abs,
		 uint64_t *old_value, uint64_t *old_interval)
{
	struct timerfd *t = f->priv;
	uint64_t now = clock_monotonic_ns();
	int64_t mono = (int64_t)value;

	timerfd_get(f, old_value, old_interval);
	if (abs && t->realtime) /* the real-time clock's offset from the monotonic one, now */
		mono -= clock_realtime_ns() - (int64_t)now;
	if (!abs)
		mono += (int64_t)now;
	t->ticks = 0;
	t->interval = value ? interval : 0;
	t->next = value == 0 ? 0 : mono > 0 ? (uint64_t)mono : 1; /* a past time: due at once */
	poll_notify();
}

void timerfd_get(struct file *f, uint64_t *value, uint64_t *interval)
{
	struct timerfd *t = f->priv;
	uint64_t now;

	advance(t);
	now = clock_monotonic_ns();
	*interval = t->interval;
	*value = t->next == 0 ? 0 : t->next > now ? t->next - now : 1;
}

/* read: the expirations since the last read (8 bytes), waiting for one. */
static long timerfd_read(struct file *f, uaddr_t ubuf, uint32_t len)
{
	struct timerfd *t = f->priv;

	if (len < sizeof(t->ticks))
		return -EINVAL;
	for (advance(t); t->ticks == 0; advance(t)) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (t->next == 0 ? sleep_on(t, true) : sleep_on_until(t, t->next))
			return -EINTR; /* restarted where Linux restarts */
	}
	if (copy_to_user(cur->mm, ubuf, &t->ticks, sizeof(t->ticks)))
		return -EFAULT;
	t->ticks = 0;
	return sizeof(t->ticks);
}

/* Readable once expired; until then a poller looks again each tick
 * (nothing calls poll_notify when the time comes). */
static uint32_t timerfd_poll(struct file *f)
{
	struct timerfd *t = f->priv;

	advance(t);
	return t->ticks ? POLLIN : t->next ? POLL_RECHECK : 0;
}

static void timerfd_release(struct file *f)
{
	kheap_free(f->priv, sizeof(struct timerfd));
}

static const struct file_ops timerfd_fops = {
	.read = timerfd_read, .release = timerfd_release, .poll = timerfd_poll,
	.anon_name = "[timerfd]",
};
