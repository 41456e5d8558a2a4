/* Zombies and orphans: a reaped zombie's status is right (WNOHANG finds
 * it without blocking); an orphaned grandchild gets parent 1, and process
 * 1 - this program, when it runs as init - reaps it. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Sleep for ms milliseconds. */
static void nap(int ms)
{
	struct timespec ts = { 0, ms * 1000000L };

	nanosleep(&ts, NULL);
}

/* A child exits with 42; once it is a zombie WNOHANG reports it. */
static int zombie_status(void)
{
	int status = 0, tries = 0;
	pid_t pid = fork(), got = 0;

	if (pid == 0)
		_exit(42);
	while (got == 0 && tries++ < 200) {
		got = waitpid(pid, &status, WNOHANG);
		if (got == 0)
			nap(5);
	}
	printf("zombie: reaped %s, exited=%d status=%d\n", got == pid ? "the child" : "nothing",
	       WIFEXITED(status), WEXITSTATUS(status));
	return got == pid && WIFEXITED(status) && WEXITSTATUS(status) == 42;
}

/* A signal-killed child reports the signal. */
static int killed_status(void)
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		pause();
		_exit(0);
	}
	nap(20);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	printf("killed: signaled=%d sig=%d\n", WIFSIGNALED(status), WTERMSIG(status));
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM;
}

/* The child forks a grandchild and exits; the grandchild sees ppid 1. */
static int orphan(void)
{
	int fds[2], status;
	char ppid_seen[32] = "";
	pid_t child, grand = 0;

	if (pipe(fds) != 0)
		return 0;
	child = fork();
	if (child == 0) {
		grand = fork();
		if (grand == 0) {
			int tries = 0;
			while (getppid() != 1 && tries++ < 400)
				nap(5);
			dprintf(fds[1], "%d", (int)getppid());
			_exit(9);
		}
		dprintf(fds[1], "%d ", (int)grand);
		_exit(0);
	}
	close(fds[1]);
	waitpid(child, &status, 0);
	{
		ssize_t n = read(fds[0], ppid_seen, sizeof(ppid_seen) - 1);
		int total = n > 0 ? (int)n : 0;
		while (n > 0 && total < (int)sizeof(ppid_seen) - 1) {
			n = read(fds[0], ppid_seen + total, sizeof(ppid_seen) - 1 - (size_t)total);
			total += n > 0 ? (int)n : 0;
		}
		ppid_seen[total] = '\0';
	}
	grand = (pid_t)atoi(ppid_seen);
	{
		const char *sp = ppid_seen;
		while (*sp && *sp != ' ')
			sp++;
		printf("orphan: grandchild saw ppid %s\n", *sp ? sp + 1 : "?");
		if (getpid() == 1) {
			pid_t got = waitpid(grand, &status, 0);
			printf("orphan: init reaped it: %s, status %d\n", got == grand ? "yes" : "no",
			       WEXITSTATUS(status));
			return got == grand && WEXITSTATUS(status) == 9 && atoi(sp + 1) == 1;
		}
		return atoi(sp + 1) == 1;
	}
}

int main(void)
{
	int a = zombie_status(), b = killed_status(), c = orphan();
	pid_t none = wait(NULL);

	printf("no children left: %s\n", none == -1 && errno == ECHILD ? "ECHILD" : "still some");
	return a && b && c ? 0 : 1;
}
