/* A fork bomb meets the process limit: fork fails with EAGAIN, the
 * children are stopped and reaped, and fork works again afterwards. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX 4096

int main(void)
{
	static pid_t kids[MAX];
	int n = 0, err = 0, reaped = 0, status;
	pid_t pid;

	for (;;) {
		pid = fork();
		if (pid < 0) {
			err = errno;
			break;
		}
		if (pid == 0) {
			pause();
			_exit(0);
		}
		if (n == MAX)
			break;
		kids[n++] = pid;
	}
	printf("fork bomb: %d children, then fork failed with %s\n", n,
	       err == EAGAIN ? "EAGAIN" : strerror(err));
	for (int i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	while (wait(&status) > 0)
		reaped++;
	pid = fork();
	if (pid == 0)
		_exit(5);
	waitpid(pid, &status, 0);
	printf("reaped %d; fork afterwards: %s\n", reaped,
	       WIFEXITED(status) && WEXITSTATUS(status) == 5 ? "works" : "FAILED");
	return err == EAGAIN && reaped == n && WEXITSTATUS(status) == 5 ? 0 : 1;
}
