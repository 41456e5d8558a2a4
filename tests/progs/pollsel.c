/* pollsel: waiting on descriptors as on Linux. poll, ppoll, select and
 * pselect on pipe ends (empty, full, closed), files and the console;
 * timeouts (only their order: no early return); a sleeper woken by a
 * writer; pselect's and ppoll's signal mask; EINTR even with SA_RESTART,
 * a restart after a signal with no handler; O_NONBLOCK and FIONBIO with
 * EAGAIN; FIONREAD; FIOCLEX; sendfile from a file into a pipe.
 * With the argument "console": poll and FIONREAD on stdin (given input).
 * One line per case; exit status 0 when all went as expected. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"
#include "sysnames.h"

static const char *const self = "/proc/self/exe"; /* this program's file, as Linux offers it */

/* A new pipe in p, flags for both ends; exits on failure. */
static void make_pipe(int p[2], int flags)
{
	if (pipe2(p, flags) != 0) {
		perror("pipe2");
		_exit(2);
	}
}

/* poll one fd for events with timeout ms; the result, revents in *rev. */
static int poll1(int fd, short events, int ms, short *rev)
{
	struct pollfd p = { .fd = fd, .events = events, .revents = 0x7777 };
	int n = poll(&p, 1, ms);

	*rev = p.revents;
	return n;
}

/* Monotonic time in ms. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ll + ts.tv_nsec / 1000000;
}

/* Fill the write end w (non-blocking) until EAGAIN; the bytes written. */
static long fill(int w)
{
	static char buf[4096];
	long total = 0, n;

	while ((n = write(w, buf, sizeof(buf))) > 0)
		total += n;
	return n < 0 && errno == EAGAIN ? total : -1;
}

static int empty_pipe_not_readable(void)
{
	int p[2];
	short rev;

	make_pipe(p, 0);
	return poll1(p[0], POLLIN, 0, &rev) == 0 && rev == 0;
}

static int data_makes_pipe_readable(void)
{
	int p[2];
	short rev;

	make_pipe(p, 0);
	if (write(p[1], "x", 1) != 1)
		return 0;
	return poll1(p[0], POLLIN | POLLOUT, 0, &rev) == 1 && rev == POLLIN;
}

static int write_end_writable_until_full(void)
{
	int p[2];
	short rev;

	make_pipe(p, O_NONBLOCK);
	if (poll1(p[1], POLLOUT, 0, &rev) != 1 || rev != POLLOUT)
		return 0;
	if (fill(p[1]) <= 0)
		return 0;
	if (poll1(p[1], POLLOUT, 0, &rev) != 0 || rev != 0)
		return 0;
	char buf[8192];
	if (read(p[0], buf, sizeof(buf)) != sizeof(buf)) /* room again */
		return 0;
	return poll1(p[1], POLLOUT, 0, &rev) == 1 && rev == POLLOUT;
}

static int closed_writer_is_pollhup(void)
{
	int p[2];
	short rev;

	make_pipe(p, 0);
	close(p[1]);
	return poll1(p[0], POLLIN, 0, &rev) == 1 && rev == POLLHUP;
}

static int closed_reader_is_pollerr(void)
{
	int p[2];
	short rev;

	make_pipe(p, 0);
	close(p[0]);
	return poll1(p[1], POLLOUT, 0, &rev) == 1 && (rev & POLLERR) && (rev & POLLOUT);
}

static int bad_fd_is_pollnval_negative_ignored(void)
{
	int p[2];
	struct pollfd f[3] = { { .fd = 57, .events = POLLIN }, { .fd = -1, .events = POLLIN },
			       { .events = POLLIN } };

	make_pipe(p, 0);
	f[2].fd = p[0];
	f[1].revents = 0x55;
	return poll(f, 3, 0) == 1 && f[0].revents == POLLNVAL && f[1].revents == 0 &&
	       f[2].revents == 0;
}

static int too_many_fds_einval(void)
{
	struct pollfd f[1] = { { .fd = -1 } };
	struct rlimit lim;

	if (getrlimit(RLIMIT_NOFILE, &lim) != 0)
		return 0;
	return poll(f, lim.rlim_cur + 1, 0) == -1 && errno == EINVAL;
}

static int file_always_ready(void)
{
	int fd = open(self, O_RDONLY);
	short rev;

	return fd >= 0 && poll1(fd, POLLIN | POLLOUT, -1, &rev) == 1 && rev == (POLLIN | POLLOUT);
}

static int console_output_writable(void)
{
	short rev;

	return poll1(1, POLLOUT, 0, &rev) == 1 && rev == POLLOUT;
}

static int timeout_not_early(void)
{
	int p[2];
	short rev;
	long long t0, t1;

	make_pipe(p, 0);
	t0 = now_ms();
	if (poll1(p[0], POLLIN, 30, &rev) != 0 || rev != 0)
		return 0;
	t1 = now_ms();
	return t1 - t0 >= 30;
}

/* A child writes after a pause: the parent's poll(-1) wakes with POLLIN. */
static int writer_wakes_poller(void)
{
	int p[2];
	short rev;

	make_pipe(p, 0);
	if (fork() == 0) {
		usleep(20000);
		_exit(write(p[1], "y", 1) == 1 ? 0 : 1);
	}
	return poll1(p[0], POLLIN, -1, &rev) == 1 && rev == POLLIN;
}

/* Two processes take turns through two pipes, each waiting in poll: no
 * wake-up may be lost (one was, when a poller could be preempted between
 * looking at its files and going to sleep). */
static int poll_ping_pong(void)
{
	int a[2], b[2], status = -1;
	char c = 'x';
	short rev;

	make_pipe(a, 0);
	make_pipe(b, 0);
	if (fork() == 0) {
		for (int i = 0; i < 100; i++)
			if (poll1(b[0], POLLIN, -1, &rev) != 1 || read(b[0], &c, 1) != 1 ||
			    write(a[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	for (int i = 0; i < 100; i++)
		if (write(b[1], &c, 1) != 1 || poll1(a[0], POLLIN, -1, &rev) != 1 ||
		    read(a[0], &c, 1) != 1)
			return 0;
	return wait(&status) > 0 && status == 0;
}

static int select_several(void)
{
	int a[2], b[2];
	fd_set r, w;
	struct timeval tv = { 5, 0 };

	make_pipe(a, 0);
	make_pipe(b, 0);
	if (write(b[1], "z", 1) != 1)
		return 0;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(a[0], &r);
	FD_SET(b[0], &r);
	FD_SET(a[1], &w);
	int n = select(b[1] + 1, &r, &w, NULL, &tv);
	return n == 2 && !FD_ISSET(a[0], &r) && FD_ISSET(b[0], &r) && FD_ISSET(a[1], &w);
}

static int select_timeout_zeroes_sets(void)
{
	int p[2];
	fd_set r;
	struct timeval tv = { 0, 20000 };
	long long t0 = now_ms();

	make_pipe(p, 0);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	return select(p[0] + 1, &r, NULL, NULL, &tv) == 0 && !FD_ISSET(p[0], &r) &&
	       now_ms() - t0 >= 20;
}

static int select_bad_fd_ebadf(void)
{
	fd_set r;

	FD_ZERO(&r);
	FD_SET(40, &r);
	return select(41, &r, NULL, NULL, NULL) == -1 && errno == EBADF;
}

static int select_negative_n_einval(void)
{
	struct timeval tv = { 0, 0 };

	return syscall(SYS__newselect, -1, NULL, NULL, NULL, &tv) == -1 && errno == EINVAL;
}

static int select_time_left_written_back(void)
{
	struct { long sec, usec; } tv = { 7, 0 }; /* the kernel's, not the libc's (time64) */
	int p[2];
	fd_set r;

	make_pipe(p, 0);
	if (write(p[1], "q", 1) != 1)
		return 0;
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	if (syscall(SYS__newselect, p[0] + 1, &r, NULL, NULL, &tv) != 1)
		return 0;
	return (tv.sec == 6 || tv.sec == 7) && tv.sec * 1000000 + tv.usec < 7000000;
}

static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	(void)sig;
	got++;
}

/* Install on_usr1 for SIGUSR1 with flags. */
static void handle_usr1(int flags)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
}

/* SIGUSR1 pending and blocked; the call's own mask lets it in: EINTR, the
 * handler ran, and the old mask is back afterwards. */
static int wait_mask_case(int use_ppoll)
{
	sigset_t block, empty, after;
	int p[2], rc;

	make_pipe(p, 0);
	handle_usr1(SA_RESTART);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1);
	sigemptyset(&empty);
	if (use_ppoll) {
		struct pollfd f = { .fd = p[0], .events = POLLIN };
		rc = ppoll(&f, 1, NULL, &empty);
	} else {
		fd_set r;
		FD_ZERO(&r);
		FD_SET(p[0], &r);
		rc = pselect(p[0] + 1, &r, NULL, NULL, NULL, &empty);
	}
	if (rc != -1 || errno != EINTR || got != 1)
		return 0;
	sigprocmask(SIG_BLOCK, NULL, &after);
	return sigismember(&after, SIGUSR1);
}

static int pselect_sigmask(void)
{
	return wait_mask_case(0);
}

static int ppoll_sigmask(void)
{
	return wait_mask_case(1);
}

/* A blocked signal stays out: ppoll with a mask blocking it times out. */
static int ppoll_mask_blocks(void)
{
	sigset_t block;
	struct pollfd f = { .events = POLLIN };
	struct timespec ts = { 0, 10000000 };
	int p[2];

	make_pipe(p, 0);
	f.fd = p[0];
	handle_usr1(0);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	raise(SIGUSR1); /* handled now: got 1 */
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1); /* pending */
	return ppoll(&f, 1, &ts, &block) == 0 && got == 1;
}

/* A signal with an SA_RESTART handler still ends poll with EINTR. */
static int poll_eintr_despite_sa_restart(void)
{
	int p[2];
	short rev;
	pid_t parent = getpid();

	make_pipe(p, 0);
	handle_usr1(SA_RESTART);
	if (fork() == 0) {
		usleep(20000);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	return poll1(p[0], POLLIN, -1, &rev) == -1 && errno == EINTR && got == 1;
}

/* SIGCHLD with no handler (ignored by default) does not end a poll. */
static int poll_goes_on_after_unhandled_signal(void)
{
	int p[2];
	short rev;

	make_pipe(p, 0);
	signal(SIGCHLD, SIG_DFL);
	if (fork() == 0)
		_exit(0); /* SIGCHLD at once */
	if (fork() == 0) {
		usleep(50000);
		_exit(write(p[1], "w", 1) == 1 ? 0 : 1);
	}
	return poll1(p[0], POLLIN, -1, &rev) == 1 && rev == POLLIN;
}

static int nonblock_read_eagain(void)
{
	int p[2], fl;
	char c;

	make_pipe(p, 0);
	fl = fcntl(p[0], F_GETFL);
	if (fcntl(p[0], F_SETFL, fl | O_NONBLOCK) != 0)
		return 0;
	if (read(p[0], &c, 1) != -1 || errno != EAGAIN)
		return 0;
	return (fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0;
}

static int nonblock_write_full_eagain(void)
{
	int p[2];

	make_pipe(p, O_NONBLOCK);
	if (fill(p[1]) != 65536) /* Linux's default pipe capacity */
		return 0;
	return write(p[1], "x", 1) == -1 && errno == EAGAIN;
}

static int fionbio(void)
{
	int p[2], on = 1, off = 0;
	char c;

	make_pipe(p, 0);
	if (ioctl(p[0], FIONBIO, &on) != 0 || read(p[0], &c, 1) != -1 || errno != EAGAIN)
		return 0;
	if (!(fcntl(p[0], F_GETFL) & O_NONBLOCK))
		return 0;
	if (ioctl(p[0], FIONBIO, &off) != 0)
		return 0;
	return !(fcntl(p[0], F_GETFL) & O_NONBLOCK);
}

static int fionread_pipe(void)
{
	int p[2], n = -1, m = -1;

	make_pipe(p, 0);
	if (ioctl(p[0], FIONREAD, &n) != 0 || n != 0)
		return 0;
	if (write(p[1], "hello", 5) != 5)
		return 0;
	if (ioctl(p[0], FIONREAD, &n) != 0 || ioctl(p[1], FIONREAD, &m) != 0)
		return 0;
	return n == 5 && m == 5;
}

static int fionread_file(void)
{
	int fd = open(self, O_RDONLY), n = -1;
	struct stat st;

	if (fd < 0 || fstat(fd, &st) != 0 || lseek(fd, 100, SEEK_SET) != 100)
		return 0;
	return ioctl(fd, FIONREAD, &n) == 0 && n == st.st_size - 100;
}

static int fioclex(void)
{
	int p[2];

	make_pipe(p, 0);
	if (ioctl(p[0], FIOCLEX) != 0 || fcntl(p[0], F_GETFD) != FD_CLOEXEC)
		return 0;
	return ioctl(p[0], FIONCLEX) == 0 && fcntl(p[0], F_GETFD) == 0;
}

/* n bytes of this program's file at off, through a descriptor of its own. */
static int file_bytes(char *buf, int n, off_t off)
{
	int fd = open(self, O_RDONLY);
	int ok = fd >= 0 && lseek(fd, off, SEEK_SET) == off && read(fd, buf, n) == n;

	close(fd);
	return ok;
}

/* sendfile with an offset: the pipe gets the bytes at it, the offset
 * moves, the file position does not; without one the position moves. */
static int sendfile_file_to_pipe(void)
{
	int fd = open(self, O_RDONLY), p[2];
	char want[300], got[300];
	off_t off = 1000;

	make_pipe(p, 0);
	if (fd < 0 || !file_bytes(want, sizeof(want), 1000))
		return 0;
	if (sendfile(p[1], fd, &off, 300) != 300 || off != 1300 || lseek(fd, 0, SEEK_CUR) != 0)
		return 0;
	if (read(p[0], got, sizeof(got)) != 300 || memcmp(want, got, 300) != 0)
		return 0;
	if (sendfile(p[1], fd, NULL, 200) != 200 || lseek(fd, 0, SEEK_CUR) != 200)
		return 0;
	return read(p[0], got, sizeof(got)) == 200 && file_bytes(want, 200, 0) &&
	       memcmp(want, got, 200) == 0;
}

static int sendfile_bad_fds(void)
{
	int p[2], fd = open(self, O_RDONLY);
	off_t off = 0;

	make_pipe(p, 0);
	if (sendfile(fd, p[0], NULL, 10) != -1 || errno != EBADF) /* fd is read-only */
		return 0;
	return sendfile(p[1], 55, &off, 10) == -1 && errno == EBADF;
}

/* Pointers outside the address space: EFAULT, nothing else happens. */
static int bad_pointers_efault(void)
{
	void *bad = (void *)0xc0001000;
	struct timespec ts = { 0, 0 };

	if (syscall(SYS_poll, bad, 1, 0) != -1 || errno != EFAULT)
		return 0;
	if (syscall(SYS__newselect, 1, bad, NULL, NULL, NULL) != -1 || errno != EFAULT)
		return 0;
	if (syscall(SYS_ppoll, NULL, 0, bad, NULL, 8) != -1 || errno != EFAULT)
		return 0;
	return syscall(SYS_ppoll, NULL, 0, &ts, bad, 8) == -1 && errno == EFAULT;
}

static const struct prog_case cases[] = {
	{ "empty pipe: not readable", empty_pipe_not_readable, 0 },
	{ "data: readable, POLLOUT not reported on the read end", data_makes_pipe_readable, 0 },
	{ "write end: writable until full, again after a read", write_end_writable_until_full, 0 },
	{ "no writer: POLLHUP", closed_writer_is_pollhup, 0 },
	{ "no reader: POLLERR", closed_reader_is_pollerr, 0 },
	{ "bad fd: POLLNVAL, negative fd ignored", bad_fd_is_pollnval_negative_ignored, 0 },
	{ "poll nfds over RLIMIT_NOFILE: EINVAL", too_many_fds_einval, 0 },
	{ "regular file: always ready", file_always_ready, 0 },
	{ "console output: writable", console_output_writable, 0 },
	{ "poll timeout: not before it", timeout_not_early, 0 },
	{ "writer wakes a poll(-1)", writer_wakes_poller, 0 },
	{ "poll ping-pong between two processes", poll_ping_pong, 0 },
	{ "select on several fds", select_several, 0 },
	{ "select timeout: sets cleared, not early", select_timeout_zeroes_sets, 0 },
	{ "select closed fd: EBADF", select_bad_fd_ebadf, 0 },
	{ "select n < 0: EINVAL", select_negative_n_einval, 0 },
	{ "select writes the time left back", select_time_left_written_back, 0 },
	{ "pselect sigmask: EINTR, handler ran, mask restored", pselect_sigmask, 0 },
	{ "ppoll sigmask: EINTR, handler ran, mask restored", ppoll_sigmask, 0 },
	{ "ppoll mask keeps a blocked signal out", ppoll_mask_blocks, 0 },
	{ "poll EINTR despite SA_RESTART", poll_eintr_despite_sa_restart, 0 },
	{ "poll goes on after a signal without handler", poll_goes_on_after_unhandled_signal, 0 },
	{ "O_NONBLOCK read of an empty pipe: EAGAIN", nonblock_read_eagain, 0 },
	{ "O_NONBLOCK write to a full pipe: EAGAIN", nonblock_write_full_eagain, 0 },
	{ "FIONBIO sets and clears O_NONBLOCK", fionbio, 0 },
	{ "FIONREAD on a pipe", fionread_pipe, 0 },
	{ "FIONREAD on a file: size - position", fionread_file, 0 },
	{ "FIOCLEX and FIONCLEX", fioclex, 0 },
	{ "sendfile file -> pipe, with and without offset", sendfile_file_to_pipe, 0 },
	{ "sendfile bad descriptors: EBADF", sendfile_bad_fds, 0 },
	{ "bad pointers: EFAULT", bad_pointers_efault, 0 },
};

/* stdin has input: poll says POLLIN, FIONREAD counts it, read gets it. */
static int console_input(void)
{
	char buf[64];
	short rev;
	int n = -1;
	ssize_t got;

	if (poll1(0, POLLIN, -1, &rev) != 1 || !(rev & POLLIN))
		return printf("console stdin: WRONG (poll)\n"), 1;
	if (ioctl(0, FIONREAD, &n) != 0)
		return printf("console stdin: WRONG (FIONREAD %s)\n", strerror(errno)), 1;
	got = read(0, buf, sizeof(buf));
	printf("console stdin: POLLIN, FIONREAD %d, read %zd\n", n, got);
	return 0;
}

int main(int argc, char **argv)
{
	int good = 0, total = 0;

	if (argc > 1 && strcmp(argv[1], "console") == 0)
		return console_input();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (argc > 1 && strstr(cases[i].name, argv[1]) == NULL)
			continue;
		good += case_run(&cases[i]);
		total++;
	}
	printf("pollsel: %d of %d as expected\n", good, total);
	return good == total ? 0 : 1;
}
