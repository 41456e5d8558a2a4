/* On-demand fork of a large sparse mapping, for tests/integration/test_odfork.c:
 * a process maps 256 MiB, writes one byte per 2 MiB (128 page tables, so
 * whole 64-table words of the kernel's table map), forks a child that
 * writes one page and exits, and exits itself as the last holder of every
 * table. As x86-64 it then does the same with one page in each of 12 GiBs
 * above 4 GiB (more page directories than the kernel lists: exit walks
 * them). Snapshots: start, big-before / big-after (around the first fork),
 * end (after all are gone: the frames used must be as at start). */
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

#ifdef __x86_64__
#define SPREAD 12 /* GiBs above 4 GiB, one page each */

/* The spread process: a page in each of SPREAD GiBs from 16 GiB up, a
 * child that writes them all; its status says whether both saw theirs. */
static int spread(void)
{
	int status;
	pid_t pid;

	for (unsigned long g = 0; g < SPREAD; g++) {
		char *p = mmap((void *)((16 + g) << 30), 4096, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (p == MAP_FAILED)
			return 6;
		*p = 1;
	}
	pid = fork();
	if (pid == 0) {
		for (unsigned long g = 0; g < SPREAD; g++)
			*(char *)((16 + g) << 30) = 2;
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 7;
	for (unsigned long g = 0; g < SPREAD; g++)
		if (*(char *)((16 + g) << 30) != 1)
			return 8;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 9;
}
#endif

/* Run fn in a child process; its exit status, or -1. */
static int in_child(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(void)
{
	int status;

	snap("start");
	status = in_child(middle);
#ifdef __x86_64__
	if (status == 0)
		status = in_child(spread);
#endif
	snap("end");
	printf("odfork_big: %d tables, status %d\n", TABLES, status);
	return status == 0 ? 0 : 1;
}
