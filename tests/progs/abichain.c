/* Exec across ABIs: prints its pointer width, then runs the program named
 * by its first argument (with the rest) in a forked child, waits for it
 * and reports how it ended. Built for i386 and x86-64 alike, so a chain
 * of them execs from one ABI into the other and back. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int status;
	pid_t pid;

	printf("%d-bit program, %d more to run\n", (int)sizeof(void *) * 8, argc - 1);
	fflush(stdout);
	if (argc < 2)
		return 0;
	pid = fork();
	if (pid == 0) {
		execv(argv[1], argv + 1);
		perror("execv");
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	printf("%d-bit program: child exited with %d\n", (int)sizeof(void *) * 8,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
