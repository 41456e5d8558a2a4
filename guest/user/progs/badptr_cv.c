/* badptr_cv: system calls given bad user pointers must fail with EFAULT
 * (14) rather than crash the process or the kernel. */
#include <cvlibc.h>

/* Prints one call's result and errno. */
static void report(const char *what, long r)
{
	printf("%s = %ld errno=%d (%s)\n", what, r, r < 0 ? errno : 0,
	       r < 0 ? strerror(errno) : "-");
}

/* Makes standard input a pipe holding a few bytes, so read(0, ...) has data
 * to copy whatever the real standard input is. */
static void stdin_with_data(void)
{
	int fds[2];

	if (pipe(fds) < 0 || write(fds[1], "0123456789", 10) != 10 ||
	    dup2(fds[0], 0) < 0) {
		perror("badptr_cv: pipe");
		exit(1);
	}
	close(fds[0]);
	close(fds[1]);
}

/* Entry point. */
int main(void)
{
	struct stat st;
	long r;

	stdin_with_data();
	errno = 0;
	r = write(1, (void *)0x10, 5);
	report("write(1, 0x10, 5)", r);
	errno = 0;
	r = read(0, (void *)0xC0000000, 5);
	report("read(0, 0xc0000000, 5)", r);
	errno = 0;
	r = stat(NULL, &st);
	report("stat64(NULL, &st)", r);
	return 0;
}
