/* On-demand fork of a large sparse mapping, for tests/integration/test_odfork.c:
 * a process maps 256 MiB, writes one byte per 2 MiB (128 page tables, so
 * whole 64-table words of the kernel's table map), forks a child that
 * writes one page and exits, and exits itself as the last holder of every
 * table. Snapshots: start, big-before / big-after (around that fork), end
 * (after both are gone: the frames used must be as at start). */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../shared/syscall.h"

#define TABLE_SPAN (2ul << 20) /* what one page table maps */
#define TABLES 128             /* 256 MiB */

/* A snapshot, labelled; exits on failure. */
static void snap(const char *label)
{
	if (syscall(CV_SYS_SNAPSHOT, label) < 0)
		_exit(20);
}

/* The middle process: map, touch, fork the writing child, wait; its exit
 * status says whether both saw what they should. */
static int middle(void)
{
	char *raw = mmap(NULL, TABLES * TABLE_SPAN + TABLE_SPAN, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *p;
	int status;
	pid_t pid;

	if (raw == MAP_FAILED)
		return 3;
	p = (char *)(((uintptr_t)raw + TABLE_SPAN - 1) & ~(TABLE_SPAN - 1));
	for (long i = 0; i < TABLES; i++)
		p[i * TABLE_SPAN] = 1;
	snap("big-before");
	pid = fork();
	if (pid == 0) {
		p[0] = 2; /* one table copied, one page */
		_exit(p[TABLE_SPAN] == 1 ? 0 : 23);
	}
	snap("big-after");
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 4;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 && p[0] == 1 ? 0 : 5;
}

int main(void)
{
	int status;
	pid_t pid;

	snap("start");
	pid = fork();
	if (pid == 0)
		_exit(middle());
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 2;
	snap("end");
	printf("odfork_big: %d tables, status %d\n", TABLES, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
