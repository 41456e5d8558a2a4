/* On-demand fork with exact numbers, for tests/integration/test_odfork.c.
 * Snapshots (cv_snapshot, system call 1000) are taken
 *   before-1, after-1  - around a fork of the program as it starts
 *   before-2, after-2  - around a fork after N more pages (argv[1], a
 *                        multiple of 512, default 2048) were written in
 *                        2 MiB-aligned memory: N / 512 more page tables
 *   child-ready        - in the second child, once the parent is waiting
 *   child-wrote        - ... after it wrote one byte of the N pages
 * Nothing between a pair touches memory the pair's numbers depend on
 * (no stdio before the end: its buffer would be a new heap page). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../shared/syscall.h"

#define TABLE_SPAN (2ul << 20) /* what one page table maps */

/* A snapshot, labelled; exits on failure. */
static void snap(const char *label)
{
	if (syscall(CV_SYS_SNAPSHOT, label) < 0)
		_exit(20);
}

/* Fork a child that exits at once, and wait for it. */
static void fork_empty(void)
{
	int status;
	pid_t pid;

	snap("before-1");
	pid = fork();
	if (pid == 0)
		_exit(0);
	snap("after-1");
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0)
		_exit(21);
}

/* The second child: wait for the parent, write one page, check another. */
static void child(volatile char *p, int ready)
{
	char c;

	if (read(ready, &c, 1) != 1)
		_exit(22);
	snap("child-ready");
	p[0] = 2;
	snap("child-wrote");
	_exit(p[4096] == 1 ? 0 : 23);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 2048;
	int go[2], status;
	char *raw, *p;
	pid_t pid;

	if (n <= 0 || n % 512 || pipe(go))
		return 2;
	fork_empty();
	raw = mmap(NULL, (size_t)n * 4096 + TABLE_SPAN, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return 3;
	p = (char *)(((uintptr_t)raw + TABLE_SPAN - 1) & ~(TABLE_SPAN - 1));
	for (long i = 0; i < n; i++)
		p[i * 4096] = 1;
	snap("before-2");
	pid = fork();
	if (pid == 0)
		child(p, go[0]);
	snap("after-2");
	if (pid < 0 || write(go[1], "x", 1) != 1 || waitpid(pid, &status, 0) != pid)
		return 4;
	printf("odfork: %ld pages, child status %d, parent's page %s\n", n,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1, p[0] == 1 ? "kept" : "CHANGED");
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 && p[0] == 1 ? 0 : 1;
}
