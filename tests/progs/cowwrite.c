/* Copy-on-write correctness: parent, child and grandchild write different
 * values into regions they share after fork, and each sees only its own;
 * a child read(2)s from a pipe into a shared buffer and the parent's copy
 * stays as it was. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGES 16
static char heap_region[PAGES * 4096];

/* Fill the region with v and check it holds only v. */
static int fill_and_check(char *r, char v)
{
	memset(r, v, PAGES * 4096);
	for (int i = 0; i < PAGES * 4096; i++)
		if (r[i] != v)
			return 0;
	return 1;
}

/* Does r hold only v? */
static int holds(const char *r, char v)
{
	for (int i = 0; i < PAGES * 4096; i++)
		if (r[i] != v)
			return 0;
	return 1;
}

/* Wait for pid; its exit status, or -1. */
static int reap(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Three generations write 'P', 'C', 'G'; each must see its own. */
static int generations(void)
{
	char *stack_region = alloca(PAGES * 4096);
	pid_t child;

	memset(heap_region, 'A', sizeof(heap_region));
	memset(stack_region, 'A', PAGES * 4096);
	child = fork();
	if (child == 0) {
		pid_t grand = fork();
		if (grand == 0)
			_exit(fill_and_check(heap_region, 'G') && fill_and_check(stack_region, 'G') ? 0 : 3);
		if (!fill_and_check(heap_region, 'C') || !fill_and_check(stack_region, 'C'))
			_exit(2);
		_exit(reap(grand) == 0 && holds(heap_region, 'C') && holds(stack_region, 'C') ? 0 : 4);
	}
	if (!fill_and_check(heap_region, 'P') || !fill_and_check(stack_region, 'P'))
		return 0;
	return reap(child) == 0 && holds(heap_region, 'P') && holds(stack_region, 'P');
}

/* A child reads from a pipe into a buffer it shares copy-on-write. */
static int read_into_shared(void)
{
	static char buf[8192];
	int fds[2];
	pid_t child;

	memset(buf, 'p', sizeof(buf));
	if (pipe(fds) != 0)
		return 0;
	child = fork();
	if (child == 0) {
		ssize_t n, got = 0;
		close(fds[1]);
		while ((n = read(fds[0], buf + 100 + got, 5000 - (size_t)got)) > 0)
			got += n;
		_exit(got == 5000 && buf[100] == 'x' && buf[5099] == 'x' && buf[99] == 'p' &&
		      buf[5100] == 'p' ? 0 : 5);
	}
	close(fds[0]);
	{
		char data[5000];
		memset(data, 'x', sizeof(data));
		if (write(fds[1], data, sizeof(data)) != (ssize_t)sizeof(data))
			return 0;
	}
	close(fds[1]);
	if (reap(child) != 0)
		return 0;
	for (size_t i = 0; i < sizeof(buf); i++)
		if (buf[i] != 'p')
			return 0;
	return 1;
}

int main(void)
{
	int a = generations(), b = read_into_shared();

	printf("three generations: %s\n", a ? "each sees its own" : "FAILED");
	printf("read into shared buffer: %s\n", b ? "parent unchanged" : "FAILED");
	return a && b ? 0 : 1;
}
