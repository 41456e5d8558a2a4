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
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static char path[256];
static int cases, good;

/* Record a case: what it checks and whether it held. */
static void check(const char *what, int ok)
{
	cases++;
	good += ok;
	printf("flocktest: %s: %s\n", what, ok ? "ok" : "WRONG");
}

/* flock's result as 0 or the errno. */
static int lk(int fd, int op)
{
	return flock(fd, op) == 0 ? 0 : errno;
}

/* A new open file description of the test file. */
static int fresh(void)
{
	return open(path, O_RDWR);
}

/* Run fn in a child; its exit status (0..255), or -1. */
static int in_child(int (*fn)(int), int arg)
{
	int st;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(arg));
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
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

static void on_alarm(int sig)
{
	(void)sig;
}

/* Child: a blocking exclusive lock while the parent holds one, cut short by
 * SIGALRM (a handler without SA_RESTART): 0 when it failed with EINTR. */
static int child_interrupted(int unused)
{
	struct sigaction sa;
	struct itimerval t = { { 0, 0 }, { 0, 200000 } };

	(void)unused;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &t, NULL);
	return lk(fresh(), LOCK_EX) == EINTR ? 0 : 1;
}

/* A child blocks on the lock fd holds; it must get it only after fd's
 * release: true when it did. */
static int waits_for_release(int fd)
{
	int p[2], st;
	char c = 0;
	struct pollfd pf;
	pid_t pid;

	if (pipe(p) != 0)
		return 0;
	pid = fork();
	if (pid == 0) {
		int mine = fresh();
		if (lk(mine, LOCK_EX) != 0)
			_exit(1);
		(void)!write(p[1], "c", 1);
		_exit(0);
	}
	usleep(300000); /* time to reach the lock and block there */
	pf = (struct pollfd){ .fd = p[0], .events = POLLIN };
	int early = poll(&pf, 1, 0) != 0;
	lk(fd, LOCK_UN);
	int got = read(p[0], &c, 1) == 1 && c == 'c';
	waitpid(pid, &st, 0);
	close(p[0]);
	close(p[1]);
	return !early && got && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int main(int argc, char **argv)
{
	int a, b, c, d, p[2];

	snprintf(path, sizeof(path), "%s/flocktest.%d",
		 argc > 1 ? argv[1] : access("/tmp", W_OK) == 0 ? "/tmp" : ".", (int)getpid());
	if ((a = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) < 0) {
		printf("flocktest: cannot create %s\n", path);
		return 2;
	}
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
	check("a blocked caller gets the lock when it is released", waits_for_release(b));
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
	unlink(path);
	printf("flocktest: %d of %d as on Linux\n", good, cases);
	return good == cases ? 0 : 1;
}
