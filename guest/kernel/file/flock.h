/* BSD file locks (flock(2)) as Linux keeps them: a whole-file lock, shared
 * or exclusive, held by an open file description (dup and fork share it)
 * on the object the file refers to, and gone with the description's last
 * reference. */
#ifndef FILE_FLOCK_H
#define FILE_FLOCK_H

#include <stdbool.h>

struct file;

/* Give f a shared or (ex) exclusive lock, converting one it holds (the old
 * lock is dropped first, as Linux does); waits while another description's
 * lock conflicts unless nonblock. 0, -EAGAIN (nonblock), -EINTR (a signal;
 * restarted as Linux's ERESTARTSYS) or -ENOLCK (no room). */
int flock_lock(struct file *f, bool ex, bool nonblock);

/* Drop f's lock, if it holds one, and wake whoever waits. */
void flock_unlock(struct file *f);

#endif
