/* iovtest: vectored transfers as Linux does them: preadv and pwritev at an
 * offset (the file position kept), preadv2 and pwritev2 with offset -1 (at
 * the file position, which moves) and their flags (RWF_APPEND; unknown
 * ones EOPNOTSUPP), appending for O_APPEND files, and the errors in
 * Linux's order (EINVAL for a negative offset or too many iovecs, ESPIPE
 * without offsets, EBADF for the wrong access mode before a bad array).
 * Prints one line per case and "iovtest: N of N as on Linux"; the same on
 * the host. Works in /tmp, or where it runs when there is none. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "locktest.h"

#ifndef RWF_APPEND
#define RWF_APPEND 0x10
#endif

/* preadv2/pwritev2 (nr) by the system call (not every libc has them):
 * the offset split into a low and a high long, as Linux takes it. */
static long rw2(long nr, int fd, const struct iovec *iov, int n, long long off, int flags)
{
	unsigned long lo = (unsigned long)off;
	unsigned long hi = (unsigned long)((unsigned long long)off >> (sizeof(long) * 4) >> (sizeof(long) * 4));

	return syscall(nr, fd, iov, n, lo, hi, flags);
}

/* The file position of fd. */
static long position(int fd)
{
	return (long)lseek(fd, 0, SEEK_CUR);
}

/* A call's result as the errno, 0 for success. */
static int err_of(long rc)
{
	return rc < 0 ? errno : 0;
}

int main(int argc, char **argv)
{
	char a[8] = "abcdefg", b[8] = "ABCDEFG", x[8], y[8];
	struct iovec out[2] = { { a, 4 }, { b, 6 } }, in[2] = { { x, 4 }, { y, 6 } };
	struct iovec many[1025];
	struct iovec *volatile bad = (struct iovec *)8; /* an unreadable array */
	int fd, wo, p[2];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((fd = lt_create("iovtest", argc, argv)) < 0)
		return 2;
	check("pwritev at 100: 10 bytes, the position kept", pwritev(fd, out, 2, 100) == 10 && position(fd) == 0);
	check("preadv at 100: both iovecs filled, the position kept",
	      preadv(fd, in, 2, 100) == 10 && memcmp(x, "abcd", 4) == 0 && memcmp(y, "ABCDEF", 6) == 0 &&
	      position(fd) == 0);
	check("preadv past the end: 0", preadv(fd, in, 2, 5000) == 0);
	check("preadv at a negative offset: EINVAL", err_of(preadv(fd, in, 2, -5)) == EINVAL);
	check("preadv2 at -1: at the file position, which moves",
	      lseek(fd, 102, SEEK_SET) == 102 && rw2(SYS_preadv2, fd, in, 1, -1, 0) == 4 && memcmp(x, "cdAB", 4) == 0 &&
	      position(fd) == 106);
	check("pwritev2 at -1: at the file position, which moves", rw2(SYS_pwritev2, fd, out, 1, -1, 0) == 4 &&
	      position(fd) == 110 && pread(fd, x, 4, 106) == 4 && memcmp(x, "abcd", 4) == 0);
	check("preadv2 with an unknown flag: EOPNOTSUPP", err_of(rw2(SYS_preadv2, fd, in, 2, 0, 0x40000000)) == EOPNOTSUPP);
	check("pwritev2 RWF_APPEND: at the end whatever the offset",
	      rw2(SYS_pwritev2, fd, out, 1, 0, RWF_APPEND) == 4 && pread(fd, x, 4, 110) == 4 && memcmp(x, "abcd", 4) == 0);
	check("1025 iovecs: EINVAL", err_of(preadv(fd, many, 1025, 0)) == EINVAL);
	wo = open(path, O_WRONLY | O_APPEND);
	check("pwritev of an O_APPEND file appends", pwritev(wo, out, 1, 0) == 4 && lseek(fd, 0, SEEK_END) == 118);
	check("preadv of a write-only file: EBADF before the bad array",
	      err_of(preadv(wo, bad, 2, 0)) == EBADF);
	check("readv of a write-only file: EBADF before the bad array", err_of(readv(wo, bad, 2)) == EBADF);
	close(wo);
	check("preadv of a pipe: ESPIPE", pipe(p) == 0 && err_of(preadv(p[0], in, 2, 0)) == ESPIPE &&
	      err_of(pwritev(p[1], out, 2, 0)) == ESPIPE);
	check("preadv2 RWF_NOWAIT of an empty pipe: EAGAIN", err_of(rw2(SYS_preadv2, p[0], in, 1, -1, 8)) == EAGAIN);
	check("pwritev2 at -1 on a pipe: written", rw2(SYS_pwritev2, p[1], out, 2, -1, 0) == 10 && readv(p[0], in, 2) == 10 &&
	      memcmp(y, "ABCDEF", 6) == 0);
	close(fd);
	return lt_finish();
}
