/* vfork: the child runs in the parent's memory while the parent waits;
 * a stack variable the child changes is changed for the parent; a vfork
 * child that execs another program lets the parent go on. argv[1] is a
 * program for the exec case. */
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

int main(int argc, char **argv)
{
	volatile int shared = 1;
	volatile int child_done = 0;
	int status;
	pid_t pid;

	pid = vfork();
	if (pid == 0) {
		nap(50);          /* the parent must still be waiting after this */
		shared = 2;
		child_done = 1;
		_exit(7);
	}
	printf("vfork: parent resumed, child_done=%d, shared=%d\n", child_done, shared);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 7) {
		printf("vfork: wrong status\n");
		return 1;
	}
	if (argc > 1) {
		pid = vfork();
		if (pid == 0) {
			char *args[] = { argv[1], "from-vfork", NULL };
			execv(argv[1], args);
			_exit(127);
		}
		printf("vfork+exec: parent resumed\n");
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
			printf("vfork+exec: wrong status\n");
			return 1;
		}
		printf("vfork+exec: child exited with %d\n", WEXITSTATUS(status));
	}
	return shared == 2 && child_done ? 0 : 1;
}
