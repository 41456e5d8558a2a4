/* fcntl(2) record locks as Linux keeps them (fs/locks.c's POSIX locks):
 * byte ranges of a file, read (shared) or write (exclusive), held either
 * by a process (POSIX locks: released when it closes any descriptor of the
 * file) or by an open file description (OFD locks: released at its last
 * close). The two kinds conflict with each other. */
#ifndef FILE_RLOCK_H
#define FILE_RLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct file;

#define RLOCK_EOF INT64_MAX /* an end "to end of file" (Linux's OFFSET_MAX) */

/* A lock or a request: type F_RDLCK, F_WRLCK or F_UNLCK over the bytes
 * start..end (inclusive); pid: the holder's (-1 for an OFD lock). */
struct rlock_range {
	int type;
	int64_t start, end;
	int pid;
};

/* The first lock another owner holds on f's file that r would conflict
 * with, into r; r->type F_UNLCK when none. ofd: the owner is f, else the
 * current process. */
void rlock_test(struct file *f, bool ofd, struct rlock_range *r);

/* Lock (or F_UNLCK: unlock) r for the owner (ofd as above): its own locks
 * over the range are replaced and same-type neighbours merged. Waits while
 * a conflict lasts when wait, else -EAGAIN. 0, -EAGAIN, -EDEADLK (waiting
 * would close a circle of POSIX waiters), -EINTR (a signal; restarted as
 * Linux's ERESTARTSYS) or -ENOLCK (no room). */
int rlock_set(struct file *f, bool ofd, const struct rlock_range *r, bool wait);

/* Drop every lock the current process holds on f's file (it closed a
 * descriptor of it). Call only when cur->g->rlocked. */
void rlock_close(struct file *f);

/* Drop f's OFD locks (its last reference went). Call only when f->rlocked. */
void rlock_release(struct file *f);

/* The POSIX locks of owner from now belong to to (a process whose shared
 * state moved: execve from a thread other than the leader). */
void rlock_move_owner(const void *from, const void *to);

#endif
