/* Memory sharing at agreed points, for the statistics tests: N pages are
 * touched, then fork; snapshots are taken (cv_snapshot, system call 1000)
 *   before        - N pages private to the parent
 *   after-fork    - parent and child share them copy-on-write
 *   child-wrote   - the child wrote K of them: K copies
 *   parent-wrote  - the parent wrote the same K: reused, no copies
 *   after-exit    - the child is gone
 *   vfork-child   - a vfork child on the parent's address space
 *   after-vfork   - it is gone too
 * argv[1] = N (default 256), argv[2] = K (default 64); argv[3], if given,
 * is one more label to snapshot first (to test how labels are shown). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../shared/syscall.h"


/* A snapshot, labelled. */
static void snap(const char *label)
{
	long seq = syscall(CV_SYS_SNAPSHOT, label);

	if (seq < 0)
		perror(label);
}

/* Write byte v into pages [0, k) of buf. */
static void dirty(char *buf, int k, char v)
{
	for (int i = 0; i < k; i++)
		buf[i * 4096] = v;
}

/* Block until the other side writes a byte. */
static void await(int fd)
{
	char c;

	if (read(fd, &c, 1) != 1)
		_exit(9);
}

/* Let the other side go on. */
static void signal_other(int fd)
{
	if (write(fd, "x", 1) != 1)
		_exit(9);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 256, k = argc > 2 ? atoi(argv[2]) : 64;
	int to_child[2], to_parent[2], status;
	char *buf = mmap(NULL, (size_t)n * 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pid_t pid;

	if (buf == MAP_FAILED || pipe(to_child) || pipe(to_parent))
		return 1;
	if (argc > 3)
		snap(argv[3]);
	dirty(buf, n, 1);
	snap("before");
	pid = fork();
	if (pid == 0) {
		await(to_child[0]);
		dirty(buf, k, 2);
		snap("child-wrote");
		signal_other(to_parent[1]);
		await(to_child[0]);
		_exit(0);
	}
	snap("after-fork");
	signal_other(to_child[1]);
	await(to_parent[0]);
	dirty(buf, k, 3);
	snap("parent-wrote");
	signal_other(to_child[1]);
	waitpid(pid, &status, 0);
	snap("after-exit");
	pid = vfork();
	if (pid == 0) {
		snap("vfork-child");
		_exit(0);
	}
	waitpid(pid, &status, 0);
	snap("after-vfork");
	printf("sharing: done, %d pages, %d written\n", n, k);
	return 0;
}
