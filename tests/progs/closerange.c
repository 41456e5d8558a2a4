/* closerange: close_range(2) as Linux does it: the open descriptors of a
 * range closed (others kept), or marked close-on-exec with
 * CLOSE_RANGE_CLOEXEC, a range past the table or up to ~0, and EINVAL for
 * unknown flags or a reversed range. Prints one line per case and
 * "closerange: N of N as on Linux"; the same on the host. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "locktest.h"

#ifndef SYS_close_range
#define SYS_close_range 436 /* the same in both ABIs */
#endif
#define CR_UNSHARE 2u
#define CR_CLOEXEC 4u

/* close_range by the system call (musl has no wrapper): 0 or the errno. */
static int cr(unsigned first, unsigned last, unsigned flags)
{
	return syscall(SYS_close_range, first, last, flags) == 0 ? 0 : errno;
}

/* Is fd open? */
static int open_fd(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	lt_name = "closerange";
	for (int fd = 10; fd <= 14; fd++)
		dup2(1, fd);
	check("[11, 13] closed, 10 and 14 kept", cr(11, 13, 0) == 0 && open_fd(10) && !open_fd(11) && !open_fd(12) &&
	      !open_fd(13) && open_fd(14));
	check("CLOSE_RANGE_CLOEXEC from 14 up: marked, still open",
	      cr(14, ~0u, CR_CLOEXEC) == 0 && open_fd(14) && (fcntl(14, F_GETFD) & FD_CLOEXEC) &&
	      !(fcntl(10, F_GETFD) & FD_CLOEXEC));
	check("unknown flags: EINVAL", cr(10, 20, 8) == EINVAL && open_fd(10));
	check("a reversed range: EINVAL", cr(14, 10, 0) == EINVAL && open_fd(14));
	check("a range past every descriptor: 0", cr(5000, 6000, 0) == 0);
	check("CLOSE_RANGE_UNSHARE in a process: closed too", cr(14, 14, CR_UNSHARE) == 0 && !open_fd(14));
	check("up to ~0 closes the rest", dup2(1, 20) == 20 && cr(10, ~0u, 0) == 0 && !open_fd(10) && !open_fd(20) &&
	      open_fd(1));
	printf("%s: %d of %d as on Linux\n", lt_name, good, cases);
	return good == cases ? 0 : 1;
}
