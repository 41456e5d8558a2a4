/* badptr: raw system calls with bad user pointers must fail with EFAULT
 * rather than crash. syscall() is used so the libc passes the pointers
 * through untouched. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sysnames.h"
#include "errname.h"

/* Prints one call's result and the name of errno. */
static void report(const char *what, long r)
{
	printf("%s = %ld %s\n", what, r, r < 0 ? errname(errno) : "0");
	fflush(stdout);
}

/* Makes standard input a pipe holding a few bytes, so the read below has
 * data to copy whatever the real standard input is. */
static void stdin_with_data(void)
{
	int fds[2];

	if (pipe(fds) < 0 || write(fds[1], "0123456789", 10) != 10 ||
	    dup2(fds[0], 0) < 0) {
		perror("badptr: pipe");
		exit(1);
	}
	close(fds[0]);
	close(fds[1]);
}

/* Entry point. */
int main(void)
{
	long r;

	stdin_with_data();
	errno = 0;
	r = syscall(SYS_write, 1, (void *)0x10, 5);
	report("write(1, 0x10, 5)", r);
	errno = 0;
	r = syscall(SYS_read, 0, (void *)0xC0000000, 10);
	report("read(0, 0xc0000000, 10)", r);
	/* "/" exists, so the kernel gets as far as writing the result. */
	errno = 0;
	r = syscall(SYS_stat64, "/", (void *)0x10);
	report("stat64(\"/\", 0x10)", r);
	errno = 0;
	r = syscall(SYS_stat64, (void *)0x10, (void *)0x10);
	report("stat64(0x10, 0x10)", r);
	return 0;
}
