/* zombie_init ign|nocldwait [N]: run as init, ignoring SIGCHLD (or with
 * SA_NOCLDWAIT), create N (300) orphans by double forks, in batches: half
 * exit after their parent (orphans re-parented to init, then end), half
 * before it (zombies when re-parented). None may be left behind: after
 * each batch wait() blocks until all are gone and finds no zombie (ECHILD,
 * as on Linux for such a parent), fork keeps working (the table has 128
 * slots) and the process count returns to 1. With nocldwait, a parent that is not init and ignores SIGCHLD then
 * forks 130 children that end, and none is left either. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KIDS    130
#define BATCH   25

static void on_chld(int sig) { (void)sig; }

/* Sleep for ms milliseconds. */
static void nap(int ms)
{
	struct timespec ts = { 0, ms * 1000000L };

	nanosleep(&ts, NULL);
}

/* Processes in the system (sysinfo), waiting up to a second for it to
 * drop to want. */
static int processes(int want)
{
	struct sysinfo si;

	for (int i = 0; i < 100; i++) {
		if (sysinfo(&si) == 0 && si.procs == want)
			break;
		nap(10);
	}
	return sysinfo(&si) == 0 ? si.procs : -1;
}

/* A child that forks a grandchild and exits; the grandchild exits after
 * (early: before) its parent. 0, or -1 when a fork failed. */
static int double_fork(int early)
{
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		char c;
		int fds[2];
		pid_t g;
		signal(SIGCHLD, SIG_DFL); /* our own children do become zombies */
		if (pipe(fds) != 0 || (g = fork()) < 0)
			_exit(1);
		if (g == 0 && early)
			_exit(0);
		close(fds[1]);
		/* EOF when the other one has exited (its write end closed):
		 * the grandchild waits for us, or (early) we wait for it */
		if (g == 0 || early)
			read(fds[0], &c, 1);
		_exit(0);
	}
	return 0;
}

/* A parent (not init) ignoring SIGCHLD: its children leave nothing. */
static int non_init_parent(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int failed = 0;
		for (int i = 0; i < KIDS; i++) {
			pid_t k = fork();
			if (k == 0)
				_exit(0);
			failed += k < 0;
		}
		nap(20);
		_exit(failed == 0 && wait(NULL) == -1 && errno == ECHILD ? 0 : 1);
	}
	signal(SIGCHLD, SIG_DFL);
	waitpid(pid, &status, 0);
	printf("parent ignoring SIGCHLD: %d children, none left to wait for: %s\n", KIDS,
	       WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "yes" : "no");
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(int argc, char **argv)
{
	int nocldwait = argc > 1 && strcmp(argv[1], "nocldwait") == 0, failed = 0, left, ok;
	int orphans = argc > 2 ? atoi(argv[2]) : 300, zombies = 0;
	struct sigaction sa;
	pid_t pid;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = nocldwait ? on_chld : SIG_IGN;
	sa.sa_flags = nocldwait ? SA_NOCLDWAIT | SA_RESTART : 0;
	sigaction(SIGCHLD, &sa, NULL);
	for (int i = 0; i < orphans && !failed; i++) {
		failed = double_fork(i % 2) != 0;
		if (i % BATCH == BATCH - 1 || i == orphans - 1)
			while (wait(NULL) > 0)
				zombies++; /* none: they were reaped for us */
	}
	left = processes(1);
	pid = fork();
	if (pid == 0)
		_exit(0);
	printf("%s init: %d orphans, fork failed: %s, zombies init had to reap: %d, "
	       "processes left: %d, fork after: %s\n", nocldwait ? "SA_NOCLDWAIT" : "SIG_IGN",
	       orphans, failed ? "yes" : "no", zombies, left, pid > 0 ? "works" : "fails");
	ok = !failed && zombies == 0 && left == 1 && pid > 0 && wait(NULL) == -1 && errno == ECHILD;
	printf("wait afterwards: %s\n", ok ? "ECHILD" : "a child is left");
	if (nocldwait)
		ok &= non_init_parent();
	return ok ? 0 : 1;
}
