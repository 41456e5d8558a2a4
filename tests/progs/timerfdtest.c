/* timerfdtest: timerfd as Linux keeps it: a one-shot and a periodic timer
 * read for their expiration counts, EAGAIN before one without blocking,
 * gettime's time left, settime's old value, an absolute real-time timer,
 * disarming, poll and epoll readiness, a blocked read woken by the timer
 * or interrupted by a signal, the flags and the errors, the descriptor's
 * name. Prints one line per case and "timerfdtest: N of N as on Linux";
 * the same on the host. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "locktest.h"

#define MS 1000000L

/* A call's result as the errno, 0 for success. */
static int err_of(long rc)
{
	return rc < 0 ? errno : 0;
}

/* Arm fd: first after first_ms, then every every_ms (0: once). */
static int arm(int fd, long first_ms, long every_ms)
{
	struct itimerspec its = { { every_ms / 1000, every_ms % 1000 * MS }, { first_ms / 1000, first_ms % 1000 * MS } };

	return timerfd_settime(fd, 0, &its, NULL);
}

/* The expirations a read returns, or -errno. */
static long expirations(int fd)
{
	uint64_t n;

	return read(fd, &n, sizeof(n)) == sizeof(n) ? (long)n : -errno;
}

/* Is fd readable now for poll? */
static int readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

/* Monotonic ms now. */
static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / MS;
}

/* A 20 ms periodic timer read after ~250 ms: as many expirations as 20 ms
 * periods passed (measured around the sleep: the machine may oversleep),
 * then none. */
static int periodic_count_right(int fd)
{
	long t0 = now_ms(), t1, n;

	if (arm(fd, 20, 20) != 0)
		return 0;
	usleep(250000);
	n = expirations(fd);
	t1 = now_ms();
	return n >= 5 && n >= (t1 - t0) / 20 - 2 && n <= (t1 - t0) / 20 + 1 && expirations(fd) == -EAGAIN;
}

int main(void)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC), ep;
	struct itimerspec its, old;
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 7 };
	struct timespec now;
	char link[64], at[64];
	ssize_t n;
	uint32_t small;

	setvbuf(stdout, NULL, _IOLBF, 0);
	lt_name = "timerfdtest";
	check("created: close-on-exec, non-blocking", fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC) &&
	      (fcntl(fd, F_GETFL) & O_NONBLOCK));
	check("disarmed: read EAGAIN, not readable", expirations(fd) == -EAGAIN && !readable(fd));
	check("one-shot 50 ms: not yet, then one expiration", arm(fd, 50, 0) == 0 && expirations(fd) == -EAGAIN &&
	      (usleep(150000), readable(fd)) && expirations(fd) == 1 && expirations(fd) == -EAGAIN);
	check("gettime after a one-shot: disarmed", timerfd_gettime(fd, &its) == 0 && its.it_value.tv_sec == 0 &&
	      its.it_value.tv_nsec == 0);
	check("periodic 20 ms: a read takes all expirations since arming", periodic_count_right(fd));
	its = (struct itimerspec){ { 0, 0 }, { 100, 0 } };
	check("settime gives the old setting", timerfd_settime(fd, 0, &its, &old) == 0 && old.it_interval.tv_sec == 0 &&
	      old.it_interval.tv_nsec == 20 * MS);
	check("gettime: the time left", timerfd_gettime(fd, &its) == 0 && its.it_value.tv_sec >= 99 &&
	      its.it_value.tv_sec <= 100);
	check("a value of 0 disarms", arm(fd, 0, 0) == 0 && timerfd_gettime(fd, &its) == 0 && its.it_value.tv_sec == 0 &&
	      its.it_value.tv_nsec == 0);
	close(fd);
	fd = timerfd_create(CLOCK_REALTIME, 0);
	clock_gettime(CLOCK_REALTIME, &now);
	its = (struct itimerspec){ { 0, 0 }, { now.tv_sec, now.tv_nsec } };
	its.it_value.tv_nsec += 30 * MS;
	if (its.it_value.tv_nsec >= 1000 * MS)
		its.it_value.tv_sec++, its.it_value.tv_nsec -= 1000 * MS;
	check("absolute on CLOCK_REALTIME: a blocking read waits for it",
	      timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL) == 0 && expirations(fd) == 1);
	lt_alarm_soon();
	check("a blocking read of a disarmed timer: EINTR by a handler", expirations(fd) == -EINTR);
	ep = epoll_create1(0);
	check("epoll: EPOLLIN once expired", epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0 && arm(fd, 30, 0) == 0 &&
	      epoll_wait(ep, &ev, 1, 2000) == 1 && ev.data.u64 == 7 && expirations(fd) == 1);
	close(ep);
	check("a 4-byte read: EINVAL", arm(fd, 1, 0) == 0 && (usleep(10000), read(fd, &small, 4)) < 0 && errno == EINVAL);
	check("write: EINVAL", write(fd, &small, 4) < 0 && errno == EINVAL);
	snprintf(at, sizeof(at), "/proc/self/fd/%d", fd);
	n = readlink(at, link, sizeof(link) - 1);
	link[n < 0 ? 0 : n] = 0;
	check("its name: anon_inode:[timerfd]", strcmp(link, "anon_inode:[timerfd]") == 0);
	its = (struct itimerspec){ { 0, 0 }, { 0, 1000 * MS } };
	check("a nanosecond count of a second: EINVAL", err_of(timerfd_settime(fd, 0, &its, NULL)) == EINVAL);
	its.it_value.tv_nsec = 0;
	check("unknown settime flags: EINVAL", err_of(timerfd_settime(fd, 8, &its, NULL)) == EINVAL);
	check("settime of another file: EINVAL", err_of(timerfd_settime(0, 0, &its, NULL)) == EINVAL);
	check("of no file: EBADF", err_of(timerfd_gettime(99, &its)) == EBADF);
	check("an unknown clock: EINVAL", err_of(timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0)) == EINVAL);
	check("unknown create flags: EINVAL", err_of(timerfd_create(CLOCK_MONOTONIC, 1)) == EINVAL);
	close(fd);
	printf("%s: %d of %d as on Linux\n", lt_name, good, cases);
	return good == cases ? 0 : 1;
}
