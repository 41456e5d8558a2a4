/* rlocktest: fcntl(2) record locks as Linux keeps them: POSIX locks held
 * by the process over byte ranges (whence, lengths to the end and before
 * the start), a new lock replacing and splitting the owner's own and
 * merging with its same-type neighbours (seen through F_GETLK from a
 * child), conflicts (EAGAIN), the access each type needs (EBADF), a blocked
 * F_SETLKW woken by an unlock or cut short by a signal, EDEADLK between two
 * processes, release by the close of any descriptor of the file, none
 * inherited by fork, and OFD locks held by the open file description.
 * Prints one line per case and "rlocktest: N of N as on Linux"; the same
 * on the host. Works in /tmp, or where it runs when there is none
 * (argv[1]: another directory). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "locktest.h"

/* fcntl lock command cmd of type over start/len from whence: 0 or the errno. */
static int lk(int fd, int cmd, int type, int whence, long start, long len)
{
	struct flock l;

	memset(&l, 0, sizeof(l));
	l.l_type = type;
	l.l_whence = whence;
	l.l_start = start;
	l.l_len = len;
	return fcntl(fd, cmd, &l) == 0 ? 0 : errno;
}

/* What F_GETLK over start/len for type finds, from a child with its own
 * description, as text: "none", "W@10+5 parent", "R@0+0 ofd", "error N". */
static const char *probe(int type, long start, long len)
{
	static char out[64];
	struct flock l;
	int p[2], st;
	pid_t pid;

	if (pipe(p) != 0)
		return "no pipe";
	pid = fork();
	if (pid == 0) {
		memset(&l, 0, sizeof(l));
		l.l_type = type;
		l.l_start = start;
		l.l_len = len;
		if (fcntl(fresh(), F_GETLK, &l) != 0)
			l.l_whence = -errno;
		else if (l.l_type != F_UNLCK)
			l.l_pid = l.l_pid == getppid() ? 1 : l.l_pid == -1 ? 2 : 3;
		(void)!write(p[1], &l, sizeof(l));
		_exit(0);
	}
	close(p[1]); /* a child that dies unheard: end of file, not a hang */
	memset(&l, 0, sizeof(l));
	if (read(p[0], &l, sizeof(l)) != sizeof(l))
		snprintf(out, sizeof(out), "no answer");
	else if (l.l_whence < 0)
		snprintf(out, sizeof(out), "error %d", -l.l_whence);
	else if (l.l_type == F_UNLCK)
		snprintf(out, sizeof(out), "none");
	else
		snprintf(out, sizeof(out), "%c@%lld+%lld %s", l.l_type == F_WRLCK ? 'W' : 'R',
			 (long long)l.l_start, (long long)l.l_len,
			 l.l_pid == 1 ? "parent" : l.l_pid == 2 ? "ofd" : "other");
	waitpid(pid, &st, 0);
	close(p[0]);
	return out;
}

/* Does probe(type, start, len) answer want? */
static int sees(int type, long start, long len, const char *want)
{
	const char *got = probe(type, start, len);

	if (strcmp(got, want) != 0)
		printf("rlocktest:   got \"%s\", want \"%s\"\n", got, want);
	return strcmp(got, want) == 0;
}

/* Child: F_SETLK of a write lock on bytes 0..9 through fd: its errno. */
static int child_setlk(int fd)
{
	return lk(fd < 0 ? fresh() : fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10);
}

/* Child: a read lock on 10 bytes from start, a fresh description: its errno. */
static int child_read_lock(int start)
{
	return lk(fresh(), F_SETLK, F_RDLCK, SEEK_SET, start, 10);
}

/* Child: the same with a write lock. */
static int child_write_lock(int start)
{
	return lk(fresh(), F_SETLK, F_WRLCK, SEEK_SET, start, 10);
}

/* Child: close the inherited fd (the parent's lock stays). */
static int child_close(int fd)
{
	return close(fd);
}

/* Child: F_SETLKW (cmd) on bytes 0..9 while the parent holds them, cut
 * short by SIGALRM (a handler without SA_RESTART): 0 when EINTR. */
static int child_interrupted(int cmd)
{
	lt_alarm_soon();
	return lk(fresh(), cmd, F_WRLCK, SEEK_SET, 0, 10) == EINTR ? 0 : 1;
}


/* Child: a blocking write lock (cmd: F_SETLKW or F_OFD_SETLKW) on bytes
 * 0..9 of a fresh description: the errno. */
static int take_first_ten(int cmd)
{
	return lk(fresh(), cmd, F_WRLCK, SEEK_SET, 0, 10);
}

/* Unlock bytes 0..9 of fd's POSIX locks, or of its OFD ones. */
static void unlock_posix(int fd)
{
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 10);
}

static void unlock_ofd(int fd)
{
	lk(fd, F_OFD_SETLK, F_UNLCK, SEEK_SET, 0, 10);
}

/* fd takes byte 0 alone; a child takes byte 1 and blocks waiting for byte 0;
 * the parent's wait for byte 1 would close the circle: true when it gets
 * EDEADLK and the child its lock after the parent's unlock. */
static int deadlock_detected(int fd)
{
	int p[2], st, rc;
	char c;
	pid_t pid;

	if (lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0) != 0 || lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1) != 0 ||
	    pipe(p) != 0)
		return 0;
	pid = fork();
	if (pid == 0) {
		int mine = fresh();
		if (lk(mine, F_SETLK, F_WRLCK, SEEK_SET, 1, 1) != 0)
			_exit(1);
		(void)!write(p[1], "c", 1);
		_exit(lk(mine, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1) == 0 ? 0 : 2);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1) {
		close(p[0]);
		return 0;
	}
	usleep(300000); /* time for the child to block on byte 0 */
	rc = lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 1, 1);
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 1);
	waitpid(pid, &st, 0);
	close(p[0]);
	return rc == EDEADLK && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* F_GETLK of fd over its own locked bytes 0..9: the F_UNLCK answer, the
 * rest of the struct unchanged? */
static int own_lock_invisible(int fd)
{
	struct flock l;

	memset(&l, 0, sizeof(l));
	l.l_type = F_WRLCK;
	l.l_whence = SEEK_SET;
	l.l_start = 2;
	l.l_len = 3;
	l.l_pid = 77;
	return fcntl(fd, F_GETLK, &l) == 0 && l.l_type == F_UNLCK && l.l_whence == SEEK_SET &&
	       l.l_start == 2 && l.l_len == 3 && l.l_pid == 77;
}

/* A lock at 3 GiB through the 64-bit struct; F_GETLK in the caller's
 * struct flock: the lock, or EOVERFLOW where off_t has 32 bits. */
static int far_lock_reported(int fd)
{
	struct flock64 w;
	struct flock l;
	int rc, ok;
	pid_t pid;

	memset(&w, 0, sizeof(w));
	w.l_type = F_WRLCK;
	w.l_start = 3LL << 30;
	w.l_len = 1;
	if (fcntl(fd, F_SETLK64, &w) != 0)
		return 0;
	pid = fork();
	if (pid == 0) {
		memset(&l, 0, sizeof(l));
		l.l_type = F_RDLCK;
		rc = fcntl(fresh(), F_GETLK, &l) == 0 ? 0 : errno;
		if (sizeof(l.l_start) == 4)
			_exit(rc == EOVERFLOW ? 0 : 1);
		_exit(rc == 0 && l.l_type == F_WRLCK && l.l_start / 1024 == 3 << 20 ? 0 : 1);
	}
	ok = waitpid(pid, &rc, 0) == pid && WIFEXITED(rc) && WEXITSTATUS(rc) == 0;
	w.l_type = F_UNLCK;
	return ok && fcntl(fd, F_SETLK64, &w) == 0;
}

int main(int argc, char **argv)
{
	int a, b, o1, o2, d, ro, wo;
	struct flock l;

	if ((a = lt_create("rlocktest", argc, argv)) < 0)
		return 2;
	if (write(a, "0123456789012345678901234567890123456789012345678901234567890123456789"
		     "012345678901234567890123456789", 100) != 100) {
		printf("rlocktest: cannot write %s\n", path);
		return 2;
	}
	check("a write lock on bytes 10..19", lk(a, F_SETLK, F_WRLCK, SEEK_SET, 10, 10) == 0);
	check("another process sees it", sees(F_RDLCK, 0, 0, "W@10+10 parent"));
	check("a range beside it is free", sees(F_WRLCK, 20, 5, "none"));
	check("the owner's own lock does not conflict (the rest unchanged)", own_lock_invisible(a));
	check("F_GETLK of F_UNLCK: EINVAL", lk(a, F_GETLK, F_UNLCK, SEEK_SET, 0, 0) == EINVAL);
	check("a read lock inside splits it",
	      lk(a, F_SETLK, F_RDLCK, SEEK_SET, 14, 2) == 0 && sees(F_WRLCK, 0, 0, "W@10+4 parent") &&
	      sees(F_WRLCK, 14, 2, "R@14+2 parent") && sees(F_WRLCK, 16, 0, "W@16+4 parent"));
	check("an unlock inside leaves both ends",
	      lk(a, F_SETLK, F_UNLCK, SEEK_SET, 12, 6) == 0 && sees(F_WRLCK, 0, 0, "W@10+2 parent") &&
	      sees(F_WRLCK, 12, 0, "W@18+2 parent"));
	check("a write lock over the gap merges them",
	      lk(a, F_SETLK, F_WRLCK, SEEK_SET, 12, 6) == 0 && sees(F_RDLCK, 0, 0, "W@10+10 parent"));
	check("an adjacent lock of the same type merges",
	      lk(a, F_SETLK, F_WRLCK, SEEK_SET, 20, 10) == 0 && sees(F_RDLCK, 0, 0, "W@10+20 parent"));
	check("an adjacent lock of the other type stays apart",
	      lk(a, F_SETLK, F_RDLCK, SEEK_SET, 30, 10) == 0 && sees(F_WRLCK, 30, 0, "R@30+10 parent") &&
	      sees(F_WRLCK, 0, 0, "W@10+20 parent"));
	check("a read lock is shared, a write lock refused: EAGAIN",
	      in_child(child_read_lock, 30) == 0 && in_child(child_write_lock, 30) == EAGAIN &&
	      in_child(child_read_lock, 15) == EAGAIN && in_child(child_write_lock, 0) == 0);
	check("unlock of everything (length 0: to the end)",
	      lk(a, F_SETLK, F_UNLCK, SEEK_SET, 0, 0) == 0 && sees(F_WRLCK, 0, 0, "none"));
	check("SEEK_CUR counts from the position",
	      lseek(a, 50, SEEK_SET) == 50 && lk(a, F_SETLK, F_WRLCK, SEEK_CUR, -10, 5) == 0 &&
	      sees(F_RDLCK, 0, 0, "W@40+5 parent"));
	check("SEEK_END counts from the size; length 0 runs to the end",
	      lk(a, F_SETLK, F_RDLCK, SEEK_END, -10, 0) == 0 && sees(F_WRLCK, 46, 0, "R@90+0 parent"));
	check("a negative length locks the bytes before the start",
	      lk(a, F_SETLK, F_WRLCK, SEEK_SET, 70, -10) == 0 && sees(F_WRLCK, 46, 0, "W@60+10 parent"));
	check("a lock to the end, then past the size",
	      lk(a, F_SETLK, F_UNLCK, SEEK_SET, 0, 0) == 0 && lk(a, F_SETLK, F_WRLCK, SEEK_SET, 200, 0) == 0 &&
	      sees(F_RDLCK, 1000, 5, "W@200+0 parent") && sees(F_RDLCK, 0, 200, "none"));
	check("a start before 0: EINVAL", lk(a, F_SETLK, F_WRLCK, SEEK_SET, -1, 5) == EINVAL &&
	      lk(a, F_SETLK, F_WRLCK, SEEK_CUR, -51, 5) == EINVAL && lk(a, F_SETLK, F_WRLCK, SEEK_SET, 3, -4) == EINVAL);
	check("a bad whence or type: EINVAL", lk(a, F_SETLK, F_WRLCK, 3, 0, 1) == EINVAL &&
	      lk(a, F_SETLK, 5, SEEK_SET, 0, 1) == EINVAL && lk(a, F_GETLK, 5, SEEK_SET, 0, 1) == EINVAL);
	ro = open(path, O_RDONLY);
	wo = open(path, O_WRONLY);
	check("a write lock needs a descriptor open for writing: EBADF",
	      lk(ro, F_SETLK, F_WRLCK, SEEK_SET, 0, 1) == EBADF && lk(ro, F_SETLK, F_RDLCK, SEEK_SET, 0, 1) == 0);
	check("a read lock needs one open for reading: EBADF",
	      lk(wo, F_SETLK, F_RDLCK, SEEK_SET, 0, 1) == EBADF && lk(wo, F_SETLK, F_WRLCK, SEEK_SET, 0, 1) == 0);
	check("a closed descriptor: EBADF", lk(-1, F_SETLK, F_WRLCK, SEEK_SET, 0, 1) == EBADF);
	check("closing another descriptor of the file releases them all",
	      close(ro) == 0 && sees(F_RDLCK, 0, 0, "none"));
	close(wo);
	b = fresh();
	d = dup(a);
	check("so does closing a dup", lk(b, F_SETLK, F_WRLCK, SEEK_SET, 0, 10) == 0 &&
	      sees(F_RDLCK, 0, 0, "W@0+10 parent") && close(d) == 0 && sees(F_RDLCK, 0, 0, "none"));
	check("fork: the child holds none of the parent's locks",
	      lk(a, F_SETLK, F_WRLCK, SEEK_SET, 0, 10) == 0 && in_child(child_setlk, a) == EAGAIN);
	check("the child's close leaves the parent's locks",
	      in_child(child_close, a) == 0 && sees(F_RDLCK, 0, 0, "W@0+10 parent"));
	check("a blocked F_SETLKW gets the lock at the unlock", lt_waits_for(take_first_ten, F_SETLKW, unlock_posix, a));
	check("a signal interrupts F_SETLKW: EINTR",
	      lk(a, F_SETLK, F_WRLCK, SEEK_SET, 0, 10) == 0 && in_child(child_interrupted, F_SETLKW) == 0);
	check("waiting for a process that waits for us: EDEADLK", deadlock_detected(a));
	check("a lock past 2 GiB (EOVERFLOW in a 32-bit struct flock)", far_lock_reported(a));
	check("fcntl's F_GETLK64 (fcntl64's alone on i386; none on x86-64): EINVAL",
	      syscall(SYS_fcntl, a, 12, &l) == -1 && errno == EINVAL);
	lk(a, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
	o1 = fresh();
	o2 = fresh();
	check("OFD locks: one per open file description",
	      lk(o1, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10) == 0 &&
	      lk(o2, F_OFD_SETLK, F_WRLCK, SEEK_SET, 5, 1) == EAGAIN);
	check("F_OFD_GETLK answers pid -1", sees(F_RDLCK, 0, 0, "W@0+10 ofd") &&
	      lk(o2, F_OFD_GETLK, F_RDLCK, SEEK_SET, 0, 0) == 0);
	check("an OFD lock and a POSIX lock conflict",
	      lk(a, F_SETLK, F_RDLCK, SEEK_SET, 9, 1) == EAGAIN && lk(a, F_SETLK, F_RDLCK, SEEK_SET, 10, 5) == 0 &&
	      lk(o2, F_OFD_SETLK, F_WRLCK, SEEK_SET, 12, 1) == EAGAIN);
	check("a nonzero l_pid with an OFD command: EINVAL",
	      (memset(&l, 0, sizeof(l)), l.l_type = F_RDLCK, l.l_pid = 1, fcntl(o2, F_OFD_SETLK, &l)) == -1 &&
	      errno == EINVAL);
	d = dup(o1);
	check("a dup shares the description's lock; closing it keeps it",
	      lk(d, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10) == 0 && close(d) == 0 &&
	      close(b) == 0 && sees(F_RDLCK, 0, 5, "W@0+10 ofd"));
	check("a forked child shares the description's lock",
	      in_child(child_setlk, -1) == EAGAIN && in_child(child_close, o1) == 0 &&
	      sees(F_RDLCK, 0, 5, "W@0+10 ofd"));
	check("a blocked F_OFD_SETLKW gets the lock at the unlock", lt_waits_for(take_first_ten, F_OFD_SETLKW, unlock_ofd, o1));
	check("the description's last close releases its locks",
	      lk(o1, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10) == 0 && close(o1) == 0 &&
	      lk(o2, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10) == 0);
	close(o2);
	close(a);
	return lt_finish();
}
