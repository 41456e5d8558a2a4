/* BSD file locks: a small table of (object, holder, kind) entries, and one
 * wait channel for every waiter (see flock.h). */
#include "flock.h"

#include "../lib/errno.h"
#include "../proc/proc.h"
#include "file.h"

#define FLOCK_MAX 256 /* locks held at once; more: ENOLCK */

static struct flock_entry {
	const void *obj;          /* what is locked (NULL: a free entry) */
	const struct file *owner; /* the open file description holding it */
	bool ex;                  /* exclusive, else shared */
} locks[FLOCK_MAX];

/* The entry f holds on obj, or NULL. */
static struct flock_entry *held_by(const struct file *f, const void *obj)
{
	for (int i = 0; i < FLOCK_MAX; i++)
		if (locks[i].obj == obj && locks[i].owner == f)
			return &locks[i];
	return 0;
}

/* Does another description hold a lock on obj that a shared (or ex:
 * exclusive) lock of f's would conflict with? */
static bool conflicts(const struct file *f, const void *obj, bool ex)
{
	for (int i = 0; i < FLOCK_MAX; i++)
		if (locks[i].obj == obj && locks[i].owner != f && (ex || locks[i].ex))
			return true;
	return false;
}

/* Free entry e (f's) and wake the waiters. */
static void drop(struct file *f, struct flock_entry *e)
{
	e->obj = 0;
	e->owner = 0;
	f->flocked = false;
	wakeup(locks);
}

int flock_lock(struct file *f, bool ex, bool nonblock)
{
	const void *obj = file_lock_object(f);
	struct flock_entry *e = held_by(f, obj);

	if (e && e->ex == ex)
		return 0;
	if (e)
		drop(f, e); /* a conversion is not atomic on Linux either */
	while (conflicts(f, obj, ex)) {
		if (nonblock)
			return -EAGAIN;
		if (sleep_on(locks, true) != 0)
			return -EINTR;
	}
	for (int i = 0; i < FLOCK_MAX; i++)
		if (locks[i].obj == 0) {
			locks[i] = (struct flock_entry){ obj, f, ex };
			f->flocked = true;
			return 0;
		}
	return -ENOLCK;
}

void flock_unlock(struct file *f)
{
	struct flock_entry *e = f->flocked ? held_by(f, file_lock_object(f)) : 0;

	if (e)
		drop(f, e);
}
