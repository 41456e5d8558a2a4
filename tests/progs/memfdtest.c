/* memfdtest: memfd_create and file seals as Linux keeps them: an unlinked
 * file in memory named "memfd:NAME" in /proc/PID/fd, read, written,
 * truncated and mapped like a file and shared through fork; seals added
 * with F_ADD_SEALS only when created with MFD_ALLOW_SEALING (F_SEAL_SEAL
 * otherwise): F_SEAL_SHRINK, F_SEAL_GROW, F_SEAL_WRITE (EBUSY while a
 * writable shared mapping exists), F_SEAL_FUTURE_WRITE, F_SEAL_SEAL; and
 * the errors. Prints one line per case and "memfdtest: N of N as on
 * Linux"; the same on the host. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "locktest.h"

#ifndef F_ADD_SEALS
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034
#define F_SEAL_SEAL 0x0001
#define F_SEAL_SHRINK 0x0002
#define F_SEAL_GROW 0x0004
#define F_SEAL_WRITE 0x0008
#endif
#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif
#define MFD_CLOEXEC_ 1u
#define MFD_ALLOW_SEALING_ 2u
#define PAGE 4096

/* memfd_create by the system call (musl's headers may lack it). */
static int memfd(const char *name, unsigned flags)
{
	return (int)syscall(SYS_memfd_create, name, flags);
}

/* A call's result as the errno, 0 for success. */
static int err_of(long rc)
{
	return rc < 0 ? errno : 0;
}

/* fd's /proc/self/fd link. */
static const char *link_of(int fd)
{
	static char target[300];
	char at[64];
	ssize_t n;

	snprintf(at, sizeof(at), "/proc/self/fd/%d", fd);
	n = readlink(at, target, sizeof(target) - 1);
	target[n < 0 ? 0 : n] = 0;
	return target;
}

/* The first byte of fd's file, or -1. */
static int first_byte(int fd)
{
	char c;

	return pread(fd, &c, 1, 0) == 1 ? c : -1;
}

static void plain(void)
{
	char buf[8] = "", longname[300];
	struct stat sb;
	int fd = memfd("plain", MFD_CLOEXEC_), st;
	char *m = MAP_FAILED;
	pid_t pid;

	check("a descriptor, close-on-exec", fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC));
	check("its name: /memfd:plain (deleted)", strcmp(link_of(fd), "/memfd:plain (deleted)") == 0);
	check("fstat: a regular file, empty, no links", fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	      sb.st_size == 0 && sb.st_nlink == 0);
	check("open for reading and writing", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
	check("written and read back", write(fd, "memfd", 5) == 5 && pread(fd, buf, 5, 0) == 5 &&
	      memcmp(buf, "memfd", 5) == 0);
	check("truncated to a page, mapped shared", ftruncate(fd, PAGE) == 0 &&
	      (m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) != MAP_FAILED && m[0] == 'm');
	if ((pid = fork()) == 0) {
		if (m != MAP_FAILED)
			m[1] = 'E';
		_exit(0);
	}
	check("a fork child's write through the mapping is the file's", waitpid(pid, &st, 0) == pid &&
	      pread(fd, buf, 2, 0) == 2 && buf[1] == 'E');
	munmap(m, PAGE);
	check("F_GET_SEALS without MFD_ALLOW_SEALING: F_SEAL_SEAL", fcntl(fd, F_GET_SEALS) == F_SEAL_SEAL);
	check("F_ADD_SEALS without it: EPERM", err_of(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW)) == EPERM);
	close(fd);
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	check("a name of 299 bytes: EINVAL", err_of(memfd(longname, 0)) == EINVAL);
	longname[249] = 0;
	check("249 bytes: fine", (fd = memfd(longname, 0)) >= 0 && close(fd) == 0);
	check("unknown flags: EINVAL", err_of(memfd("x", 0x100)) == EINVAL);
	check("a bad name pointer: EFAULT", err_of(memfd((const char *)8, 0)) == EFAULT);
	check("F_GET_SEALS of an ordinary file: EINVAL", err_of(fcntl(0, F_GET_SEALS)) == EINVAL);
}

static void sealed(void)
{
	int fd = memfd("sealed", MFD_ALLOW_SEALING_);
	char *m;

	check("with MFD_ALLOW_SEALING: no seals", fd >= 0 && fcntl(fd, F_GET_SEALS) == 0);
	check("two pages written", write(fd, "ab", 2) == 2 && ftruncate(fd, 2 * PAGE) == 0);
	check("F_SEAL_SHRINK: shrinking EPERM, growing fine", fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK) == 0 &&
	      err_of(ftruncate(fd, PAGE)) == EPERM && ftruncate(fd, 3 * PAGE) == 0);
	check("F_SEAL_GROW: growing EPERM, a write past the end EPERM, inside fine",
	      fcntl(fd, F_ADD_SEALS, F_SEAL_GROW) == 0 && err_of(ftruncate(fd, 4 * PAGE)) == EPERM &&
	      err_of(pwrite(fd, "z", 1, 3 * PAGE)) == EPERM && pwrite(fd, "z", 1, 10) == 1);
	m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	check("F_SEAL_WRITE while mapped shared writable: EBUSY",
	      m != MAP_FAILED && err_of(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE)) == EBUSY);
	munmap(m, PAGE);
	check("F_SEAL_WRITE: write EPERM, read fine", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE) == 0 &&
	      err_of(write(fd, "x", 1)) == EPERM && pread(fd, (char[2]){ 0 }, 2, 0) == 2);
	check("... a writable shared mapping EPERM, a private one fine",
	      mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED && errno == EPERM &&
	      mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0) != MAP_FAILED);
	check("the seals read back", fcntl(fd, F_GET_SEALS) == (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE));
	check("F_SEAL_SEAL: no more seals", fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL) == 0 &&
	      err_of(fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE)) == EPERM);
	check("unknown seals: EINVAL", err_of(fcntl(fd, F_ADD_SEALS, 0x100)) == EINVAL);
	close(fd);
	fd = memfd("future", MFD_ALLOW_SEALING_);
	check("F_SEAL_FUTURE_WRITE: with a writable mapping, fine; then write EPERM",
	      ftruncate(fd, PAGE) == 0 && (m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) != MAP_FAILED &&
	      fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE) == 0 && err_of(write(fd, "x", 1)) == EPERM);
	check("... the existing mapping still writes", m != MAP_FAILED && (m[0] = 'q', first_byte(fd) == 'q'));
	close(fd);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	lt_name = "memfdtest";
	plain();
	sealed();
	printf("%s: %d of %d as on Linux\n", lt_name, good, cases);
	return good == cases ? 0 : 1;
}
