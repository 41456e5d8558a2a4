/* A file mapped shared and private by two processes, for the statistics
 * tests: snapshots (cv_snapshot, system call 1000) are taken
 *   start        - before the file exists (after a warm-up)
 *   mapped       - the parent mapped N file pages MAP_SHARED and the same
 *                  N MAP_PRIVATE, and read them all
 *   child-wrote  - after fork, the child wrote K pages through each
 *                  mapping: the shared ones in place (seen by the parent,
 *                  by read(), and by the parent's private mapping, whose
 *                  pages are still the file's), the private ones copied
 *   end          - everything unmapped, closed and removed, child reaped
 * argv[1] = N (default 64), argv[2] = K (default 16), argv[3] = the file. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../shared/syscall.h"

static int failures;

/* A snapshot, labelled. */
static void snap(const char *label)
{
	if (syscall(CV_SYS_SNAPSHOT, label) < 0)
		perror(label);
}

/* Print a fact; count it when it does not hold. */
static void fact(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "yes" : "NO");
	failures += !ok;
}

/* Make path a file of n pages, page i full of byte 'a' + i % 26. */
static int make_file(const char *path, int n)
{
	static char page[4096];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	for (int i = 0; fd >= 0 && i < n; i++) {
		memset(page, 'a' + i % 26, sizeof(page));
		if (write(fd, page, sizeof(page)) != (ssize_t)sizeof(page))
			return -1;
	}
	return fd;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 64, k = argc > 2 ? atoi(argv[2]) : 16;
	const char *path = argc > 3 ? argv[3] : "/filemap.dat";
	int fd, go[2], done[2], status, sum = 0;
	char *sh, *pr, c;
	pid_t pid;

	close(make_file(path, 2)); /* warm up what a file costs the kernel */
	unlink(path);
	printf("filemap: %d pages, child writes %d\n", n, k);
	fflush(stdout);
	snap("start");
	if ((fd = make_file(path, n)) < 0 || pipe(go) || pipe(done))
		return 2;
	sh = mmap(NULL, (size_t)n * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	pr = mmap(NULL, (size_t)n * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (sh == MAP_FAILED || pr == MAP_FAILED)
		return 3;
	for (int i = 0; i < n; i++)
		sum += sh[i * 4096] + pr[i * 4096];
	fact("both mappings read the file", sum == 2 * ({ int s = 0; for (int i = 0; i < n; i++) s += 'a' + i % 26; s; }));
	snap("mapped");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		for (int i = 0; i < k; i++) {
			sh[i * 4096] = 'S';
			pr[i * 4096] = 'P';
		}
		snap("child-wrote");
		if (write(done[1], "x", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(9);
		_exit(0);
	}
	if (read(done[0], &c, 1) != 1)
		return 4;
	fact("parent sees the child's shared writes", sh[0] == 'S' && sh[(k - 1) * 4096] == 'S');
	fact("parent's private page shows the file, not the child's copy", pr[0] == 'S');
	fact("read() sees them", pread(fd, &c, 1, 0) == 1 && c == 'S');
	if (write(go[1], "x", 1) != 1 || waitpid(pid, &status, 0) != pid)
		return 5;
	fact("child exited cleanly", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	munmap(sh, (size_t)n * 4096);
	munmap(pr, (size_t)n * 4096);
	close(fd);
	unlink(path);
	close(go[0]);
	close(go[1]);
	close(done[0]);
	close(done[1]);
	snap("end");
	printf("filemap: %s\n", failures ? "FAILED" : "ok");
	return failures != 0;
}
