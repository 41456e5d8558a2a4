/* Copy-on-write makes fork of a big process possible: allocate argv[1] MiB
 * (more than half of guest RAM), touch every page, fork a child that exits
 * at once, reap it - twice, to show the memory came back - and check that
 * free memory is where it started. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

/* Free RAM in KiB, from sysinfo. */
static long free_kib(void)
{
	struct sysinfo si;

	if (sysinfo(&si) != 0)
		return -1;
	return (long)(si.freeram * si.mem_unit / 1024);
}

/* fork, let the child exit with 0, reap it; 0 on success. */
static int fork_and_reap(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		return -1;
	}
	if (pid == 0)
		_exit(0);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? (size_t)atoi(argv[1]) : 40, len = mib << 20;
	long before, after;
	char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (size_t i = 0; i < len; i += 4096)
		p[i] = (char)(i >> 12);
	printf("touched %zu MiB\n", mib); /* stdio allocates its buffer now, not later */
	before = free_kib();
	for (int round = 1; round <= 2; round++) {
		if (fork_and_reap() != 0) {
			printf("round %d: fork failed\n", round);
			return 1;
		}
		printf("round %d: forked and reaped a %zu MiB process\n", round, mib);
	}
	after = free_kib();
	printf("free memory %s\n", before == after ? "unchanged" : "CHANGED");
	if (before != after)
		printf("free KiB before %ld, after %ld\n", before, after);
	return before == after ? 0 : 1;
}
