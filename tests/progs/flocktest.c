/* flocktest: BSD file locks (flock(2)) as Linux keeps them: held by an
 * open file description (dup and fork share it), shared or exclusive,
 * LOCK_NB's EWOULDBLOCK, a conversion that fails having dropped the old
 * lock, release by LOCK_UN or the description's last close, a blocked
 * caller woken by the release or interrupted by a signal, and the errors.
 * Prints one line per case and "flocktest: N of N as on Linux"; the same
 * on the host. Works in /tmp, or where it runs when there is none
 * (argv[1]: another directory). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "locktest.h"

/* flock's result as 0 or the errno. */
static int lk(int fd, int op)
{
	return flock(fd, op) == 0 ? 0 : errno;
}

/* Child: can a fresh description take an exclusive lock now? 0 yes, 1 no. */
static int child_try_ex(int unused)
{
	(void)unused;
	return lk(fresh(), LOCK_EX | LOCK_NB) == 0 ? 0 : 1;
}

/* Child: close the inherited fd, then try as child_try_ex. */
static int child_close_then_try(int fd)
{
	close(fd);
	return child_try_ex(0);
}

/* Child: a blocking exclusive lock while the parent holds one, cut short by
 * SIGALRM (a handler without SA_RESTART): 0 when it failed with EINTR. */
static int child_interrupted(int unused)
{
	(void)unused;
	lt_alarm_soon();
	return lk(fresh(), LOCK_EX) == EINTR ? 0 : 1;
}


/* Child: a blocking exclusive lock on a fresh description: the errno. */
static int take_ex(int unused)
{
	(void)unused;
	return lk(fresh(), LOCK_EX);
}

/* Unlock fd. */
static void unlock(int fd)
{
	lk(fd, LOCK_UN);
}

int main(int argc, char **argv)
{
	int a, b, c, d, p[2];

	if ((a = lt_create("flocktest", argc, argv)) < 0)
		return 2;
	b = fresh();
	check("exclusive lock taken", lk(a, LOCK_EX) == 0);
	check("again on the same description: no change", lk(a, LOCK_EX | LOCK_NB) == 0);
	check("another description: exclusive EWOULDBLOCK", lk(b, LOCK_EX | LOCK_NB) == EWOULDBLOCK);
	check("another description: shared EWOULDBLOCK", lk(b, LOCK_SH | LOCK_NB) == EWOULDBLOCK);
	check("unlock", lk(a, LOCK_UN) == 0);
	check("shared locks coexist", lk(a, LOCK_SH) == 0 && lk(b, LOCK_SH | LOCK_NB) == 0);
	check("conversion to exclusive blocked by a shared lock", lk(a, LOCK_EX | LOCK_NB) == EWOULDBLOCK);
	c = fresh();
	check("the failed conversion dropped the old lock",
	      lk(b, LOCK_UN) == 0 && lk(c, LOCK_EX | LOCK_NB) == 0);
	d = dup(c);
	check("a dup shares the lock: its unlock releases it",
	      lk(d, LOCK_UN) == 0 && lk(a, LOCK_EX | LOCK_NB) == 0);
	close(d);
	check("a forked child sees the parent's lock", in_child(child_try_ex, 0) == 1);
	check("the child's close of the shared description keeps it", in_child(child_close_then_try, a) == 1);
	check("the last close releases it", close(a) == 0 && lk(b, LOCK_EX | LOCK_NB) == 0);
	check("a blocked caller gets the lock when it is released", lt_waits_for(take_ex, 0, unlock, b));
	check("a signal interrupts a blocked caller: EINTR",
	      lk(b, LOCK_EX) == 0 && in_child(child_interrupted, 0) == 0 && lk(b, LOCK_UN) == 0);
	check("an unlock without a lock", lk(b, LOCK_UN) == 0);
	check("no operation: EINVAL", lk(b, 0) == EINVAL);
	check("shared and exclusive at once: EINVAL", lk(b, LOCK_SH | LOCK_EX) == EINVAL);
	check("LOCK_NB alone: EINVAL", lk(b, LOCK_NB) == EINVAL);
	check("a closed descriptor: EBADF", lk(a, LOCK_SH) == EBADF && lk(-1, LOCK_SH) == EBADF);
	check("pipes can be locked", pipe(p) == 0 && lk(p[0], LOCK_EX) == 0 && lk(p[1], LOCK_SH | LOCK_NB) == EWOULDBLOCK);
	close(b);
	close(c);
	return lt_finish();
}
