/* fadvisetest: posix_fadvise (fadvise64_64 on i386, fadvise64 on x86-64)
 * as Linux answers on a file system in memory: valid advice is 0 for
 * files, directories, sockets and the terminal, a pipe or FIFO is ESPIPE,
 * a negative length or unknown advice EINVAL, a closed descriptor EBADF.
 * Prints one line per case and "fadvisetest: N of N as on Linux"; the
 * same on the host. */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64 /* i386 glibc: fadvise64_64, whose length can be negative (fadvise64's is 32 bits unsigned) */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "locktest.h"

int main(int argc, char **argv)
{
	char fifo[300];
	int fd, p[2], s[2], dir;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((fd = lt_create("fadvisetest", argc, argv)) < 0)
		return 2;
	check("a file: every advice 0..5", posix_fadvise(fd, 0, 0, POSIX_FADV_NORMAL) == 0 &&
	      posix_fadvise(fd, 0, 100, POSIX_FADV_RANDOM) == 0 && posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) == 0 &&
	      posix_fadvise(fd, 4096, 0, POSIX_FADV_WILLNEED) == 0 && posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0 &&
	      posix_fadvise(fd, 0, 0, POSIX_FADV_NOREUSE) == 0);
	check("unknown advice: EINVAL", posix_fadvise(fd, 0, 0, 6) == EINVAL && posix_fadvise(fd, 0, 0, 99) == EINVAL);
	check("a negative length: EINVAL", posix_fadvise(fd, 0, -1, POSIX_FADV_NORMAL) == EINVAL);
	check("a negative offset: 0", posix_fadvise(fd, -5, 0, POSIX_FADV_DONTNEED) == 0);
	check("a pipe: ESPIPE, before the advice's check", pipe(p) == 0 && posix_fadvise(p[0], 0, 0, 99) == ESPIPE);
	snprintf(fifo, sizeof(fifo), "%s.fifo", path);
	check("a FIFO: ESPIPE", mkfifo(fifo, 0600) == 0 && posix_fadvise(open(fifo, O_RDWR), 0, 0, 0) == ESPIPE &&
	      unlink(fifo) == 0);
	check("a socket: 0", socketpair(AF_UNIX, SOCK_STREAM, 0, s) == 0 && posix_fadvise(s[0], 0, 0, 0) == 0);
	dir = open(".", O_RDONLY | O_DIRECTORY);
	check("a directory: 0", posix_fadvise(dir, 0, 0, POSIX_FADV_WILLNEED) == 0);
	check("an O_PATH descriptor: EBADF", posix_fadvise(open(".", O_PATH), 0, 0, 0) == EBADF);
	check("a closed descriptor: EBADF", posix_fadvise(99, 0, 0, 0) == EBADF);
	return lt_finish();
}
