/* eventfdtest: eventfd objects as Linux keeps them: the counter that
 * writes add to and a read takes whole (or one at a time with
 * EFD_SEMAPHORE), EAGAIN when empty or full without blocking, a blocked
 * reader woken by another process's write or interrupted by a signal,
 * poll and epoll readiness, the flags and the errors, the descriptor's
 * name. Prints one line per case and "eventfdtest: N of N as on Linux";
 * the same on the host. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "locktest.h"

#define FULL (~0ull - 1) /* the most the counter holds */

/* write of an 8-byte value: 0 or the errno. */
static int put(int fd, uint64_t v)
{
	return write(fd, &v, sizeof(v)) == sizeof(v) ? 0 : errno;
}

/* read of the counter into *v: 0 or the errno. */
static int take(int fd, uint64_t *v)
{
	return read(fd, v, sizeof(*v)) == sizeof(*v) ? 0 : errno;
}

/* The poll events of fd now. */
static int events(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT };

	return poll(&p, 1, 0) < 0 ? -1 : p.revents;
}

/* Child: write 7 to fd after 0.2 s. */
static int write_later(int fd)
{
	usleep(200000);
	return put(fd, 7);
}

static void counting(void)
{
	uint64_t v = 0;
	uint32_t small;
	int fd = eventfd(0, EFD_NONBLOCK);

	check("empty: read EAGAIN", take(fd, &v) == EAGAIN);
	check("empty: poll POLLOUT only", events(fd) == POLLOUT);
	check("two writes add up, one read takes all", put(fd, 5) == 0 && put(fd, 3) == 0 &&
	      events(fd) == (POLLIN | POLLOUT) && take(fd, &v) == 0 && v == 8 && take(fd, &v) == EAGAIN);
	check("a 4-byte read or write: EINVAL", read(fd, &small, 4) < 0 && errno == EINVAL &&
	      write(fd, &small, 4) < 0 && errno == EINVAL);
	check("writing ~0: EINVAL", put(fd, ~0ull) == EINVAL);
	check("up to the top, then EAGAIN", put(fd, FULL) == 0 && put(fd, 1) == EAGAIN && events(fd) == POLLIN);
	check("the read empties it for writers again", take(fd, &v) == 0 && v == FULL && put(fd, 1) == 0);
	close(fd);
	fd = eventfd(3, EFD_NONBLOCK | EFD_SEMAPHORE);
	check("EFD_SEMAPHORE: one at a time",
	      take(fd, &v) == 0 && v == 1 && take(fd, &v) == 0 && take(fd, &v) == 0 && take(fd, &v) == EAGAIN);
	close(fd);
	fd = (int)syscall(SYS_eventfd, 2);
	check("eventfd (no flags): starts at initval, blocking", fd >= 0 && take(fd, &v) == 0 && v == 2 &&
	      !(fcntl(fd, F_GETFL) & O_NONBLOCK));
	close(fd);
}

static void waiting(void)
{
	uint64_t v = 0;
	int fd = eventfd(0, 0), ep = epoll_create1(0), st;
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 42 };
	pid_t pid;

	pid = fork();
	if (pid == 0)
		_exit(write_later(fd));
	check("a blocked read: woken by the child's write", take(fd, &v) == 0 && v == 7 &&
	      waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	lt_alarm_soon();
	check("a blocked read: EINTR by a handler without SA_RESTART", take(fd, &v) == EINTR);
	check("epoll: nothing, then EPOLLIN after a write",
	      epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0 && epoll_wait(ep, &ev, 1, 0) == 0 && put(fd, 1) == 0 &&
	      epoll_wait(ep, &ev, 1, 0) == 1 && ev.events == EPOLLIN && ev.data.u64 == 42);
	close(ep);
	close(fd);
}

static void flags_and_name(void)
{
	char link[64], want[64];
	struct stat sb;
	int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ssize_t n;

	check("unknown flags: EINVAL", eventfd(0, 0x10) < 0 && errno == EINVAL);
	check("EFD_CLOEXEC, EFD_NONBLOCK", (fcntl(fd, F_GETFD) & FD_CLOEXEC) && (fcntl(fd, F_GETFL) & O_NONBLOCK));
	snprintf(want, sizeof(want), "/proc/self/fd/%d", fd);
	n = readlink(want, link, sizeof(link) - 1);
	link[n < 0 ? 0 : n] = 0;
	check("its name: anon_inode:[eventfd]", strcmp(link, "anon_inode:[eventfd]") == 0);
	check("fstat: mode 0600, no file type", fstat(fd, &sb) == 0 && (sb.st_mode & 07777) == 0600 &&
	      (sb.st_mode & S_IFMT) == 0);
	check("O_NONBLOCK cleared by fcntl: a read would block (poll says not readable)",
	      fcntl(fd, F_SETFL, 0) == 0 && !(events(fd) & POLLIN));
	close(fd);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	lt_name = "eventfdtest";
	counting();
	waiting();
	flags_and_name();
	printf("%s: %d of %d as on Linux\n", lt_name, good, cases);
	return good == cases ? 0 : 1;
}
