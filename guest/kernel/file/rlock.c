/* fcntl record locks: one ordered table of every lock (each owner's locks
 * on an object kept together, sorted by start, as Linux's per-inode list
 * keeps them, so F_GETLK finds the same first conflict), the POSIX waiters
 * for deadlock detection, and one wait channel (see rlock.h). */
#include "rlock.h"

#include "../core/limits.h"
#include "../lib/errno.h"
#include "../lib/string.h"
#include "../proc/proc.h"
#include "file.h"

#define RLOCK_MAX 256         /* locks held at once; more: ENOLCK */
#define MAX_DEADLK_STEPS 12   /* Linux follows at most this many waiters */

struct rlock {
	const void *obj;   /* what is locked (file_lock_object) */
	const void *owner; /* the process (POSIX) or the open file description (OFD) */
	struct rlock_range r;
};

static struct rlock locks[RLOCK_MAX];
static int nlocks;
static struct rlock scratch[RLOCK_MAX + 2]; /* one owner's new locks (no sleep while used) */

/* The POSIX waiters: who waits, and the owner of the lock it waits for. */
static struct {
	const void *owner, *blocker;
} waiting[NPROC];

/* Do the ranges a and b share a byte? */
static bool overlap(const struct rlock_range *a, const struct rlock_range *b)
{
	return a->start <= b->end && b->start <= a->end;
}

/* The index of the first lock on obj that another owner holds and r
 * conflicts with (one of them a write lock), or -1. */
static int first_conflict(const void *obj, const void *owner, const struct rlock_range *r)
{
	for (int i = 0; i < nlocks; i++) {
		const struct rlock *l = &locks[i];
		if (l->obj == obj && l->owner != owner && overlap(&l->r, r) &&
		    (l->r.type == F_WRLCK || r->type == F_WRLCK))
			return i;
	}
	return -1;
}

/* Append to scratch[*k] what of owned lock l lies outside r. */
static void keep_outside(const struct rlock *l, const struct rlock_range *r, int *k)
{
	if (l->r.start < r->start) { /* the part before r */
		scratch[*k] = *l;
		if (scratch[*k].r.end >= r->start)
			scratch[*k].r.end = r->start - 1;
		(*k)++;
	}
	if (l->r.end > r->end) { /* the part after r */
		scratch[*k] = *l;
		if (scratch[*k].r.start <= r->end)
			scratch[*k].r.start = r->end + 1;
		(*k)++;
	}
}

/* Merge neighbouring same-type locks of scratch[0..k) (sorted, disjoint)
 * that touch; the new count. */
static int coalesce(int k)
{
	int out = 0;

	for (int i = 0; i < k; i++) {
		struct rlock *prev = out ? &scratch[out - 1] : 0;
		if (prev && prev->r.type == scratch[i].r.type && prev->r.end != RLOCK_EOF &&
		    prev->r.end + 1 >= scratch[i].r.start)
			prev->r.end = scratch[i].r.end; /* adjacent or overlapping: one lock */
		else
			scratch[out++] = scratch[i];
	}
	return out;
}

/* Replace what owner holds on obj over r with r (nothing for F_UNLCK),
 * posix_lock_inode's outcome: 0 or -ENOLCK with nothing changed. */
static int replace_owned(const void *obj, const void *owner, const struct rlock_range *r)
{
	struct rlock req = { obj, owner, *r };
	int group = -1, old = 0, k = 0, kept = 0;
	bool placed = r->type == F_UNLCK;

	for (int i = 0; i < nlocks; i++) {
		if (locks[i].obj != obj || locks[i].owner != owner)
			continue;
		if (group < 0)
			group = i;
		old++;
		if (!placed && locks[i].r.start > r->start) {
			scratch[k++] = req; /* sorted by start: before the first that starts later */
			placed = true;
		}
		keep_outside(&locks[i], r, &k);
	}
	if (!placed)
		scratch[k++] = req;
	k = coalesce(k);
	if (nlocks - old + k > RLOCK_MAX)
		return -ENOLCK;
	for (int i = 0; i < nlocks; i++) /* take the owner's old locks out */
		if (locks[i].obj != obj || locks[i].owner != owner)
			locks[kept++] = locks[i];
	nlocks = kept;
	if (group < 0)
		group = nlocks; /* a new owner's locks go last, as on Linux */
	memmove(&locks[group + k], &locks[group], (size_t)(nlocks - group) * sizeof(locks[0]));
	memcpy(&locks[group], scratch, (size_t)k * sizeof(locks[0]));
	nlocks += k;
	return 0;
}

/* The owner of the lock POSIX owner o waits for, or NULL. */
static const void *waits_for(const void *o)
{
	for (int i = 0; i < NPROC; i++)
		if (waiting[i].owner == o)
			return waiting[i].blocker;
	return 0;
}

/* Would the current process waiting for a lock of blocker's close a
 * circle: does blocker wait, through other waiters, for the caller? */
static bool deadlocks(const void *blocker)
{
	for (int i = 0; i < MAX_DEADLK_STEPS && (blocker = waits_for(blocker)); i++)
		if (blocker == cur->g)
			return true;
	return false;
}

/* Sleep until a lock changes, owner (POSIX: recorded as waiting for
 * blocker's lock) or interrupted: 0 or -EINTR. */
static int wait_for(const void *owner, bool ofd, const void *blocker)
{
	int slot = proc_index(cur);
	int rc;

	if (!ofd)
		waiting[slot].owner = owner, waiting[slot].blocker = blocker;
	rc = sleep_on(locks, true);
	waiting[slot].owner = waiting[slot].blocker = 0;
	return rc ? -EINTR : 0;
}

/* Remove owner's locks on obj (any object when obj is NULL) and wake the
 * waiters; true when owner still holds some elsewhere. */
static bool drop_owned(const void *obj, const void *owner)
{
	int kept = 0;
	bool more = false;

	for (int i = 0; i < nlocks; i++) {
		if (locks[i].owner == owner && (obj == 0 || locks[i].obj == obj))
			continue;
		more |= locks[i].owner == owner;
		locks[kept++] = locks[i];
	}
	nlocks = kept;
	wakeup(locks);
	return more;
}

void rlock_test(struct file *f, bool ofd, struct rlock_range *r)
{
	int c = first_conflict(file_lock_object(f), ofd ? (const void *)f : (const void *)cur->g, r);

	if (c < 0)
		r->type = F_UNLCK;
	else
		*r = locks[c].r;
}

int rlock_set(struct file *f, bool ofd, const struct rlock_range *r, bool wait)
{
	/* a POSIX lock belongs to the thread group (its shared state), not one thread */
	const void *obj = file_lock_object(f), *owner = ofd ? (const void *)f : (const void *)cur->g;
	struct rlock_range mine = *r;
	int c, rc;

	mine.pid = ofd ? -1 : cur->tgid;
	while (r->type != F_UNLCK && (c = first_conflict(obj, owner, r)) >= 0) {
		if (!wait)
			return -EAGAIN;
		if (!ofd && deadlocks(locks[c].owner))
			return -EDEADLK;
		if ((rc = wait_for(owner, ofd, locks[c].owner)))
			return rc;
	}
	if ((rc = replace_owned(obj, owner, &mine)))
		return rc;
	if (ofd)
		f->rlocked = true;
	else
		cur->g->rlocked = true;
	wakeup(locks); /* an unlock or a narrowed lock may let a waiter in */
	return 0;
}

void rlock_close(struct file *f)
{
	cur->g->rlocked = drop_owned(file_lock_object(f), cur->g);
}

void rlock_release(struct file *f)
{
	f->rlocked = drop_owned(0, f);
}

void rlock_move_owner(const void *from, const void *to)
{
	for (int i = 0; i < nlocks; i++)
		if (locks[i].owner == from)
			locks[i].owner = to;
}
