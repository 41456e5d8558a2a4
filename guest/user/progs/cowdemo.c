/* The demo of `make run`: watch fork share memory copy-on-write. A 1 MiB
 * buffer is touched; fork shares it; the child writes a quarter of it
 * (those pages are copied); a vfork child execs another program on the
 * parent's address space; everything is reaped. A statistics snapshot is
 * taken at each step (run with --stats to see the table change). */
#include <cvlibc.h>

#define PAGES 256

/* Write v into the first n pages of buf. */
static void touch(char *buf, int n, char v)
{
	for (int i = 0; i < n; i++)
		buf[i * 4096] = v;
}

int main(int argc, char **argv)
{
	char *buf = mmap(NULL, PAGES * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	const char *prog = argc > 1 ? argv[1] : "/bin/hello_cv";
	int status, go[2];
	pid_t pid;

	if (buf == MAP_FAILED || pipe(go) != 0)
		return 1;
	touch(buf, PAGES, 1);
	printf("cowdemo: touched %d pages (1 MiB)\n", PAGES);
	cv_snapshot("1 touched 256 pages");
	pid = fork();
	if (pid == 0) {
		char c;
		read(go[0], &c, 1);            /* wait until the parent's snapshot */
		touch(buf, PAGES / 4, 2);
		cv_snapshot("3 child wrote 64 pages");
		_exit(0);
	}
	cv_snapshot("2 after fork: all shared");
	write(go[1], "x", 1);
	waitpid(pid, &status, 0);
	cv_snapshot("4 child reaped");
	pid = vfork();
	if (pid == 0) {
		char *args[] = { (char *)prog, "from", "vfork", NULL };
		execve(prog, args, NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	cv_snapshot("5 vfork child exec'd and reaped");
	printf("cowdemo: done\n");
	return 0;
}
