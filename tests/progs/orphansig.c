/* orphansig: a child created by clone() with SIGHUP as its exit signal is
 * orphaned, then exits; init (this program) must survive, as on Linux,
 * where an orphan's exit signal becomes SIGCHLD when init adopts it.
 * Prints "orphansig: init survived" and exits 0. Run as init. */
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* clone(SIGHUP) without a new stack: a fork whose exit signal is SIGHUP. */
static long clone_sighup(void)
{
	return syscall(SYS_clone, (long)SIGHUP, 0L, 0L, 0L, 0L);
}

int main(void)
{
	struct timespec nap = { 0, 20000000 };
	pid_t a = fork();
	int status;

	if (a < 0)
		return 2;
	if (a == 0) {
		long b = clone_sighup();
		if (b == 0) {
			nanosleep(&nap, NULL); /* outlive the parent: init adopts it */
			_exit(0);
		}
		_exit(b > 0 ? 0 : 3);
	}
	if (waitpid(a, &status, 0) != a || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return 4;
	while (wait(&status) > 0) /* the orphan, once it has exited */
		;
	printf("orphansig: init survived\n");
	return 0;
}
