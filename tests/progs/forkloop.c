/* Many fork/exit/wait cycles leave free memory where it started. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

/* Free RAM in pages. */
static unsigned long free_pages(void)
{
	struct sysinfo si;

	sysinfo(&si);
	return si.freeram * si.mem_unit / 4096;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000, status;
	unsigned long before, after;

	if (fork() == 0) /* a first cycle: memory the libc's fork touches first */
		_exit(0);
	wait(&status);
	before = free_pages();
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0) {
			printf("fork %d failed\n", i);
			return 1;
		}
		if (pid == 0)
			_exit(i & 0x7f);
		if (waitpid(pid, &status, 0) != pid || WEXITSTATUS(status) != (i & 0x7f)) {
			printf("cycle %d: wrong status\n", i);
			return 1;
		}
	}
	after = free_pages();
	printf("%d fork/exit/wait cycles: free pages %lu -> %lu (%s)\n", n, before, after,
	       before == after ? "unchanged" : "LEAK");
	return before == after ? 0 : 1;
}
