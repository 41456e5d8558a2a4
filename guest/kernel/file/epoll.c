/* epoll instances: per instance a circular list of its registrations in
 * report order (a reported one moves to the back, so a small maxevents
 * does not starve the rest, as Linux's ready list), and per file the list
 * of its registrations, which file_put drops with the file. */
#include "epoll.h"

#include "../lib/errno.h"
#include "../mm/kheap.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "poll.h"

#define EPOLL_MAX_WATCHES 8192 /* registrations at once (Linux's max_user_watches): more ENOSPC */
#define COLLECT_CHUNK     16   /* events copied out at once */
#define NEST_LOOP         1000 /* depth_below's answer when it meets the instance it must not */

struct epitem {
	struct epitem *prev, *next; /* in its instance's list, through the head */
	struct epitem *fnext;       /* the next registration of the same file */
	struct eventpoll *ep;
	struct file *file;          /* not held: the registration goes with its last reference */
	int fd;
	uint32_t events;            /* asked for, with EPOLLERR|EPOLLHUP; the private bits only
	                               after a EPOLLONESHOT report */
	uint64_t data;
	uint32_t gen;               /* EPOLLET: poll_generation() at the last report */
};

struct eventpoll {
	struct epitem head; /* the list's sentinel: only prev and next */
	struct file *file;  /* the instance's own open file */
	int count;          /* registrations in the list */
	uint32_t walked;    /* walk_gen when a depth walk last measured it */
	int depth;          /* what that walk found */
};

static int watches;       /* registrations in all instances */
static uint32_t walk_gen; /* one per depth walk: each instance measured once */

bool file_is_epoll(const struct file *f)
{
	return f->ops == &epoll_fops;
}

/* Put it at the back of its instance's list. */
static void list_append(struct epitem *it)
{
	struct epitem *head = &it->ep->head;

	it->prev = head->prev;
	it->next = head;
	head->prev->next = it;
	head->prev = it;
}

/* Take it out of its instance's list. */
static void list_unlink(struct epitem *it)
{
	it->prev->next = it->next;
	it->next->prev = it->prev;
}

long epoll_new(struct file **out)
{
	struct eventpoll *ep = kheap_alloc(sizeof(*ep));
	struct file *f;

	if (ep == 0)
		return -ENOMEM;
	if ((f = file_alloc(FT_ANON, &epoll_fops, O_RDWR)) == 0) {
		kheap_free(ep, sizeof(*ep));
		return -ENFILE;
	}
	ep->head.prev = ep->head.next = &ep->head;
	ep->file = f;
	f->priv = ep;
	*out = f;
	return 0;
}

/* The registration of (f, fd) in ep, or NULL. */
static struct epitem *find(struct eventpoll *ep, const struct file *f, int fd)
{
	for (struct epitem *it = ep->head.next; it != &ep->head; it = it->next)
		if (it->file == f && it->fd == fd)
			return it;
	return 0;
}

/* Drop registration it from its instance and its file. */
static void remove_item(struct epitem *it)
{
	struct epitem **pp = &it->file->epitems;

	while (*pp != it)
		pp = &(*pp)->fnext;
	*pp = it->fnext;
	list_unlink(it);
	it->ep->count--;
	watches--;
	kheap_free(it, sizeof(*it));
}

/* Make it reportable again as a new registration is (ADD, MOD). */
static void arm(struct epitem *it)
{
	it->gen = poll_generation() - 1; /* "changed since the last report" */
}

/* Register (f, fd) in ep with events and data: 0, -ENOSPC or -ENOMEM. */
static long add(struct eventpoll *ep, struct file *f, int fd, uint32_t events, uint64_t data)
{
	struct epitem *it;

	if (watches >= EPOLL_MAX_WATCHES)
		return -ENOSPC;
	if ((it = kheap_alloc(sizeof(*it))) == 0)
		return -ENOMEM;
	*it = (struct epitem){ .ep = ep, .file = f, .fd = fd, .events = events, .data = data };
	arm(it);
	list_append(it);
	it->fnext = f->epitems;
	f->epitems = it;
	ep->count++;
	watches++;
	poll_notify(); /* a waiter on ep (or an instance holding it) looks again */
	return 0;
}

/* Edges from ep down to its deepest nested instance, or NEST_LOOP when
 * stop is among them (each instance measured once per walk: shared ones
 * would make the walk exponential). */
static int depth_below(struct eventpoll *ep, const struct eventpoll *stop)
{
	int d = 0;

	if (ep == stop)
		return NEST_LOOP;
	if (ep->walked == walk_gen)
		return ep->depth;
	for (const struct epitem *it = ep->head.next; it != &ep->head; it = it->next) {
		int below = file_is_epoll(it->file) ? depth_below(it->file->priv, stop) : -1;
		if (below == NEST_LOOP) {
			d = NEST_LOOP;
			break;
		}
		if (below + 1 > d)
			d = below + 1;
	}
	ep->walked = walk_gen;
	return ep->depth = d;
}

/* Edges from ep up to the outermost instance holding it (measured once
 * per walk as depth_below). */
static int depth_above(struct eventpoll *ep)
{
	int d = 0;

	if (ep->walked == walk_gen)
		return ep->depth;
	for (const struct epitem *it = ep->file->epitems; it; it = it->fnext) {
		int above = depth_above(it->ep) + 1;
		if (above > d)
			d = above;
	}
	ep->walked = walk_gen;
	return ep->depth = d;
}

/* Would putting instance inner into ep make a cycle or a chain of more
 * than EPOLL_MAX_NESTS + 1 instances (Linux's ep_loop_check)? */
static bool nest_bad(struct eventpoll *ep, struct eventpoll *inner)
{
	int below, above;

	walk_gen++;
	if ((below = depth_below(inner, ep)) == NEST_LOOP)
		return true;
	walk_gen++;
	above = depth_above(ep);
	return above + 1 + below > EPOLL_MAX_NESTS;
}

long epoll_ctl_file(struct file *epf, int op, struct file *tf, int fd,
		    const struct linux_epoll_event *ev)
{
	struct eventpoll *ep = epf->priv;
	uint32_t events = op != EPOLL_CTL_DEL ? ev->events : 0;
	struct epitem *it;

	if (events & EPOLLEXCLUSIVE) { /* ADD only, to a file that is not an instance */
		if (op == EPOLL_CTL_MOD)
			return -EINVAL;
		if (op == EPOLL_CTL_ADD &&
		    (file_is_epoll(tf) || (events & ~EPOLLEXCLUSIVE_OK_BITS)))
			return -EINVAL;
	}
	if (op == EPOLL_CTL_ADD && file_is_epoll(tf) && nest_bad(ep, tf->priv))
		return -ELOOP;
	it = find(ep, tf, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		return it ? -EEXIST : add(ep, tf, fd, events | POLLERR | POLLHUP, ev->data);
	case EPOLL_CTL_DEL:
		if (it == 0)
			return -ENOENT;
		remove_item(it);
		return 0;
	case EPOLL_CTL_MOD:
		if (it == 0)
			return -ENOENT;
		if (it->events & EPOLLEXCLUSIVE)
			return -EINVAL; /* Linux: an exclusive registration is not modified */
		it->events = events | POLLERR | POLLHUP;
		it->data = ev->data;
		arm(it);
		poll_notify();
		return 0;
	}
	return -EINVAL;
}

/* The events to report for it now (0: none): its file's readiness within
 * what it asks for; edge-triggered, only after a poll_notify() since its
 * last report (any file's: see the README) or from a file that changes
 * unnoticed (POLL_RECHECK). */
static uint32_t item_ready(const struct epitem *it, bool *recheck)
{
	uint32_t want = it->events & ~EPOLL_PRIVATE_BITS, mask;

	if (want == 0)
		return 0; /* a EPOLLONESHOT one, reported */
	mask = file_poll(it->file);
	if (mask & POLL_RECHECK)
		*recheck = true;
	else if ((it->events & EPOLLET) && it->gen == poll_generation())
		return 0; /* nothing happened since its last report */
	return mask & want;
}

/* it was reported: ONESHOT disables it, ET remembers when, and it goes
 * to the back of the list. */
static void reported(struct epitem *it)
{
	if (it->events & EPOLLONESHOT)
		it->events &= EPOLL_PRIVATE_BITS;
	it->gen = poll_generation();
	list_unlink(it);
	list_append(it);
}

/* Copy n events to the caller at at and mark their items reported; false
 * when the copy failed (nothing marked). */
static bool flush(uaddr_t at, const struct linux_epoll_event *buf, struct epitem *const *got,
		  uint32_t n)
{
	if (copy_to_user(cur->mm, at, buf, n * sizeof(buf[0])))
		return false;
	for (uint32_t i = 0; i < n; i++)
		reported(got[i]);
	return true;
}

long epoll_collect(struct file *epf, uaddr_t uevents, uint32_t max, bool *recheck)
{
	struct eventpoll *ep = epf->priv;
	struct linux_epoll_event buf[COLLECT_CHUNK];
	struct epitem *got[COLLECT_CHUNK];
	struct epitem *it = ep->head.next, *next;
	uint32_t n = 0, total = 0;

	/* count steps: what is reported moves behind the ones not yet seen */
	for (int left = ep->count; left > 0 && total + n < max; left--, it = next) {
		next = it->next;
		if ((buf[n].events = item_ready(it, recheck)) == 0)
			continue;
		buf[n].data = it->data;
		got[n++] = it;
		if (n == COLLECT_CHUNK) {
			if (!flush(uevents + total * sizeof(buf[0]), buf, got, n))
				return total ? (long)total : -EFAULT;
			total += n;
			n = 0;
		}
	}
	if (n && !flush(uevents + total * sizeof(buf[0]), buf, got, n))
		return total ? (long)total : -EFAULT;
	return total + n;
}

/* Readable while any registration has an event to report (Linux's
 * ep_eventpoll_poll); instances inside instances are looked into. */
static uint32_t epoll_poll(struct file *f)
{
	struct eventpoll *ep = f->priv;
	bool recheck = false;

	for (struct epitem *it = ep->head.next; it != &ep->head; it = it->next)
		if (item_ready(it, &recheck))
			return POLLIN | POLLRDNORM;
	return recheck ? POLL_RECHECK : 0;
}

/* The instance's last reference went: drop its registrations. */
static void epoll_release(struct file *f)
{
	struct eventpoll *ep = f->priv;

	while (ep->head.next != &ep->head)
		remove_item(ep->head.next);
	kheap_free(ep, sizeof(*ep));
}

void epoll_file_gone(struct file *f)
{
	while (f->epitems)
		remove_item(f->epitems);
}

const struct file_ops epoll_fops = {
	.release = epoll_release, .poll = epoll_poll, .anon_name = "[eventpoll]",
};
