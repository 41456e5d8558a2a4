/* What the file-lock test programs share (flocktest, rlocktest; rlimitenf
 * uses the case lines and the file): a test file in /tmp (or where they
 * run, or argv[1]), one line per case, the summary "NAME: N of N as on
 * Linux", children run for a case, and a SIGALRM that interrupts a
 * blocking call. Header only (static inline: a program uses what it
 * needs): each program is a single file. */
#ifndef TESTS_PROGS_LOCKTEST_H
#define TESTS_PROGS_LOCKTEST_H

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *lt_name; /* the program's name, each line's prefix */
static char path[256];       /* the test file */
static int cases, good;

/* Record a case: what it checks and whether it held. */
static inline void check(const char *what, int ok)
{
	cases++;
	good += ok;
	printf("%s: %s: %s\n", lt_name, what, ok ? "ok" : "WRONG");
}

/* Create the test file for program name: its descriptor (read-write), or
 * -1 having said why. */
static inline int lt_create(const char *name, int argc, char **argv)
{
	int fd;

	lt_name = name;
	snprintf(path, sizeof(path), "%s/%s.%d",
		 argc > 1 ? argv[1] : access("/tmp", W_OK) == 0 ? "/tmp" : ".", name, (int)getpid());
	if ((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) < 0)
		printf("%s: cannot create %s\n", name, path);
	return fd;
}

/* Remove the test file and print the summary: the exit status. */
static inline int lt_finish(void)
{
	unlink(path);
	printf("%s: %d of %d as on Linux\n", lt_name, good, cases);
	return good == cases ? 0 : 1;
}

/* A new open file description of the test file. */
static inline int fresh(void)
{
	return open(path, O_RDWR);
}

/* Run fn(arg) in a child; its exit status (0..255), or -1. */
static inline int in_child(int (*fn)(int), int arg)
{
	int st;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(arg));
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static inline void lt_on_alarm(int sig)
{
	(void)sig;
}

/* SIGALRM in 0.2 s, caught by a handler without SA_RESTART: a call
 * blocked then fails with EINTR. */
static inline void lt_alarm_soon(void)
{
	struct sigaction sa;
	struct itimerval t = { { 0, 0 }, { 0, 200000 } };

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = lt_on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &t, NULL);
}

/* A child blocks in take(take_arg) (0: it got the lock) while the parent
 * holds it; it must get it only after the parent's release(release_arg):
 * true when it did. */
static inline int lt_waits_for(int (*take)(int), int take_arg, void (*release)(int), int release_arg)
{
	int p[2], st, early, got;
	char c = 0;
	struct pollfd pf;
	pid_t pid;

	if (pipe(p) != 0)
		return 0;
	pid = fork();
	if (pid == 0) {
		if (take(take_arg) != 0)
			_exit(1);
		(void)!write(p[1], "c", 1);
		_exit(0);
	}
	close(p[1]); /* a child that fails: end of file, not a hang */
	usleep(300000); /* time to reach the lock and block there */
	pf = (struct pollfd){ .fd = p[0], .events = POLLIN };
	early = poll(&pf, 1, 0) != 0;
	release(release_arg);
	got = read(p[0], &c, 1) == 1 && c == 'c';
	waitpid(pid, &st, 0);
	close(p[0]);
	return !early && got && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

#endif
