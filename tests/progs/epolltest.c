/* epolltest: epoll(7) as Linux defines it: instances as open files,
 * epoll_ctl's operations and errors, level- and edge-triggered and
 * one-shot reports on pipes and socket pairs, registrations that live as
 * long as their file (not one descriptor of it), instances inside
 * instances, the waits' timeouts, a wake-up by a child, EINTR despite
 * SA_RESTART and epoll_pwait's temporary mask. Prints one line per case
 * and "epolltest: N of N as on Linux"; the same on the host. Where
 * several events are ready at once the cases do not depend on their
 * order (Linux's is the order they arrived in). Works in /tmp, or where
 * it runs when there is none (argv[1]: another directory). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static int cases, good;

/* Record a case: what it checks and whether it held. */
static void check(const char *what, int ok)
{
	cases++;
	good += ok;
	printf("epolltest: %s: %s\n", what, ok ? "ok" : "WRONG");
}

#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441 /* both ABIs; i386 too has only the 64-bit timespec */
#endif

/* The result of a call returning -1 on failure: 0, or the errno. */
static int err(int rc)
{
	return rc < 0 ? errno : 0;
}

/* Register fd in ep for events with data fd (op: ADD or MOD): 0 or the errno. */
static int ctl(int ep, int op, int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.u64 = 0x100000000ull + (unsigned)fd };

	return err(epoll_ctl(ep, op, fd, &ev));
}

/* epoll_wait on ep for up to 8 events with timeout ms: the count (-1 on
 * error), the events in ev. */
static int wait8(int ep, struct epoll_event *ev, int ms)
{
	return epoll_wait(ep, ev, 8, ms);
}

/* Exactly one event ready on ep, of fd (its data) with events. */
static int one(int ep, int fd, uint32_t events)
{
	struct epoll_event ev[8];

	return wait8(ep, ev, 0) == 1 && ev[0].events == events &&
	       ev[0].data.u64 == 0x100000000ull + (unsigned)fd;
}

/* Nothing ready on ep. */
static int none(int ep)
{
	struct epoll_event ev[8];

	return wait8(ep, ev, 0) == 0;
}

/* Write one byte to fd. */
static void put1(int fd)
{
	char c = 'x';

	if (write(fd, &c, 1) != 1)
		printf("epolltest: write failed\n");
}

/* A new instance watching the read end of a new pipe p (LT, EPOLLIN). */
static int ep_with_pipe(int p[2])
{
	int ep = epoll_create1(0);

	if (pipe(p) != 0 || ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN) != 0)
		printf("epolltest: setup failed\n");
	return ep;
}

/* Close ep and the pipe p. */
static void done(int ep, int p[2])
{
	close(ep);
	close(p[0]);
	close(p[1]);
}

static void on_signal(int sig)
{
	(void)sig;
}

/* Catch sig with on_signal and flags. */
static void catch(int sig, int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

static volatile int handler_saw_usr2_blocked = -1;

/* SIGUSR1's handler for the epoll_pwait case: is SIGUSR2 blocked now? */
static void on_usr1(int sig)
{
	sigset_t now;

	(void)sig;
	sigprocmask(SIG_BLOCK, NULL, &now);
	handler_saw_usr2_blocked = sigismember(&now, SIGUSR2);
}

/* Creation: the arguments, close-on-exec, the anon inode /proc shows. */
static void creation(void)
{
	char link[64], want[64];
	struct stat st;
	int ep, n;

	check("epoll_create(0), epoll_create1(unknown flag) EINVAL", /* musl's wrapper may not look */
	      err((int)syscall(SYS_epoll_create, 0)) == EINVAL && err(epoll_create1(1)) == EINVAL);
	ep = epoll_create1(EPOLL_CLOEXEC);
	check("epoll_create1(EPOLL_CLOEXEC): close-on-exec", fcntl(ep, F_GETFD) == FD_CLOEXEC);
	snprintf(want, sizeof(want), "/proc/self/fd/%d", ep);
	n = (int)readlink(want, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = 0;
	check("an anon inode: anon_inode:[eventpoll], mode 0600",
	      strcmp(link, "anon_inode:[eventpoll]") == 0 && fstat(ep, &st) == 0 &&
	      st.st_mode == 0600);
	close(ep);
}

/* epoll_ctl's errors. */
static void ctl_errors(int file)
{
	int p[2], ep = ep_with_pipe(p), dir = open("/", O_RDONLY | O_DIRECTORY);

	check("ADD twice EEXIST", ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN) == EEXIST);
	check("MOD and DEL of an unregistered fd ENOENT",
	      ctl(ep, EPOLL_CTL_MOD, p[1], EPOLLOUT) == ENOENT &&
	      err(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL)) == ENOENT);
	check("bad epfd, bad fd EBADF",
	      ctl(-1, EPOLL_CTL_ADD, p[1], EPOLLOUT) == EBADF &&
	      ctl(ep, EPOLL_CTL_ADD, 1000, EPOLLOUT) == EBADF);
	check("epfd not an instance, fd == epfd, unknown op EINVAL",
	      ctl(p[0], EPOLL_CTL_ADD, p[1], EPOLLOUT) == EINVAL &&
	      ctl(ep, EPOLL_CTL_ADD, ep, EPOLLIN) == EINVAL && ctl(ep, 99, p[1], EPOLLOUT) == EINVAL);
	check("a regular file, a directory EPERM",
	      ctl(ep, EPOLL_CTL_ADD, file, EPOLLIN) == EPERM &&
	      ctl(ep, EPOLL_CTL_ADD, dir, EPOLLIN) == EPERM);
	check("bad event pointer EFAULT; DEL ignores it",
	      err(epoll_ctl(ep, EPOLL_CTL_ADD, p[1], NULL)) == EFAULT &&
	      err(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL)) == 0);
	check("EPOLLEXCLUSIVE: with MOD, EPOLLPRI, an instance EINVAL",
	      ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN | EPOLLEXCLUSIVE) == 0 &&
	      ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLEXCLUSIVE) == EINVAL &&
	      ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN) == EINVAL &&
	      ctl(ep, EPOLL_CTL_ADD, p[1], EPOLLOUT | EPOLLPRI | EPOLLEXCLUSIVE) == EINVAL &&
	      ctl(epoll_create(1), EPOLL_CTL_ADD, ep, EPOLLIN | EPOLLEXCLUSIVE) == EINVAL);
	close(dir);
	done(ep, p);
}

/* epoll_wait's errors. */
static void wait_errors(void)
{
	struct epoll_event ev[8];
	struct epoll_event *volatile nowhere = NULL; /* hidden from the compiler's checks */
	volatile int zero = 0, minus = -1, past = 0x7fffffff / 12 + 1;
	int p[2], ep = ep_with_pipe(p);

	check("maxevents 0, -1, past INT_MAX / 12 EINVAL; bad epfd EBADF, not an instance EINVAL",
	      err(epoll_wait(ep, ev, zero, 0)) == EINVAL && err(epoll_wait(ep, ev, minus, 0)) == EINVAL &&
	      err(epoll_wait(ep, ev, past, 0)) == EINVAL && err(epoll_wait(-1, ev, 8, 0)) == EBADF &&
	      err(epoll_wait(p[0], ev, 8, 0)) == EINVAL);
	put1(p[1]);
	check("an events array not writable EFAULT", err(epoll_wait(ep, nowhere, 8, 0)) == EFAULT);
	done(ep, p);
}

/* Level-triggered, MOD, DEL, EPOLLOUT, hang-up and error on pipes. */
static void level_triggered(void)
{
	int p[2], ep = ep_with_pipe(p);

	check("an empty pipe: timeout 0 reports nothing", none(ep));
	put1(p[1]);
	check("data: EPOLLIN with the registered data", one(ep, p[0], EPOLLIN));
	check("level-triggered: reported again while ready", one(ep, p[0], EPOLLIN));
	check("MOD to EPOLLOUT on the read end: nothing",
	      ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLOUT) == 0 && none(ep));
	check("DEL: nothing, the write end's EPOLLOUT after ADD",
	      ctl(ep, EPOLL_CTL_DEL, p[0], 0) == 0 && none(ep) &&
	      ctl(ep, EPOLL_CTL_ADD, p[1], EPOLLOUT) == 0 && one(ep, p[1], EPOLLOUT));
	close(p[0]);
	check("reader gone: the write end EPOLLOUT|EPOLLERR", one(ep, p[1], EPOLLOUT | EPOLLERR));
	close(ep);
	close(p[1]);
	ep = ep_with_pipe(p);
	ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLRDHUP);
	close(p[1]);
	check("writer gone: EPOLLHUP, unasked, no EPOLLRDHUP on a pipe", one(ep, p[0], EPOLLHUP));
	close(ep);
	close(p[0]);
}

/* Edge-triggered and one-shot. */
static void edge_and_oneshot(void)
{
	int p[2], ep = ep_with_pipe(p);

	ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLONESHOT);
	put1(p[1]);
	check("EPOLLONESHOT: reported once, then not while ready; MOD arms it again",
	      one(ep, p[0], EPOLLIN) && none(ep) &&
	      ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLONESHOT) == 0 && one(ep, p[0], EPOLLIN));
	ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLET);
	check("EPOLLET: ready at MOD: reported once, then not", one(ep, p[0], EPOLLIN) && none(ep));
	put1(p[1]);
	check("EPOLLET: more data: reported again, once", one(ep, p[0], EPOLLIN) && none(ep));
	done(ep, p);
}

/* Socket pairs: writable at once, the peer's shutdown and close. */
static void socket_pairs(void)
{
	int s[2], ep = epoll_create1(0);

	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	ctl(ep, EPOLL_CTL_ADD, s[0], EPOLLIN | EPOLLOUT | EPOLLRDHUP);
	check("a socket pair: EPOLLOUT at once", one(ep, s[0], EPOLLOUT));
	put1(s[1]);
	check("data from the peer: EPOLLIN|EPOLLOUT", one(ep, s[0], EPOLLIN | EPOLLOUT));
	ctl(ep, EPOLL_CTL_MOD, s[0], EPOLLRDHUP);
	shutdown(s[1], SHUT_WR);
	check("the peer's SHUT_WR: EPOLLRDHUP", one(ep, s[0], EPOLLRDHUP));
	close(s[1]);
	check("the peer closed: EPOLLRDHUP|EPOLLHUP", one(ep, s[0], EPOLLRDHUP | EPOLLHUP));
	close(ep);
	close(s[0]);
}

/* A registration lives as long as its file, not one descriptor of it. */
static void lifetime(void)
{
	int p[2], ep = ep_with_pipe(p), d = dup(p[0]), fd = p[0];

	close(p[0]);
	put1(p[1]);
	check("a dup'ed fd keeps the registration (its data, the closed fd's)", one(ep, fd, EPOLLIN));
	check("DEL by the closed fd EBADF", err(epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL)) == EBADF);
	close(d);
	check("the last close removes it", none(ep));
	close(ep);
	close(p[1]);
}

/* Instances inside instances. */
static void nesting(void)
{
	int p[2], inner = ep_with_pipe(p), outer = epoll_create1(0), e[7], bad;
	struct pollfd pf = { .fd = inner, .events = POLLIN };

	ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN);
	check("nested: an idle inner instance is not ready",
	      none(outer) && poll(&pf, 1, 0) == 0);
	put1(p[1]);
	check("nested: the inner one is readable when its pipe is",
	      one(outer, inner, EPOLLIN) && poll(&pf, 1, 0) == 1 && pf.revents == POLLIN);
	check("a cycle ELOOP", ctl(inner, EPOLL_CTL_ADD, outer, EPOLLIN) == ELOOP);
	for (int i = 0; i < 7; i++)
		e[i] = epoll_create1(0);
	bad = 0;
	for (int i = 1; i < 5; i++) /* e[0] in e[1] in ... e[4]: 5 instances */
		bad |= ctl(e[i], EPOLL_CTL_ADD, e[i - 1], EPOLLIN);
	check("5 instances deep ok, a 6th ELOOP (EPOLL_MAX_NESTS)",
	      bad == 0 && ctl(e[5], EPOLL_CTL_ADD, e[4], EPOLLIN) == ELOOP &&
	      ctl(e[6], EPOLL_CTL_ADD, e[3], EPOLLIN) == 0);
	for (int i = 0; i < 7; i++)
		close(e[i]);
	close(outer);
	done(inner, p);
}

/* Several ready: maxevents 1 twice reports both (the order is not asked). */
static void several(void)
{
	struct epoll_event a, b;
	int p[2], q[2], ep = ep_with_pipe(p);

	pipe(q);
	ctl(ep, EPOLL_CTL_ADD, q[0], EPOLLIN);
	put1(p[1]);
	put1(q[1]);
	check("two ready, maxevents 1, twice: each once",
	      epoll_wait(ep, &a, 1, 0) == 1 && epoll_wait(ep, &b, 1, 0) == 1 &&
	      a.data.u64 != b.data.u64);
	close(q[0]);
	close(q[1]);
	done(ep, p);
}

/* A child blocked in epoll_wait(-1) on nothing is stopped and continued
 * (no handler runs): did its epoll_wait fail with EINTR, not restart?
 * A child that missed the stop is killed after 5 s (then: no). */
static int stop_cont_eintr(int ep)
{
	struct epoll_event ev[8];
	int sync[2], st = 0;
	char c;
	pid_t pid;

	if (pipe(sync) != 0)
		return 0;
	if ((pid = fork()) == 0) {
		put1(sync[1]); /* about to wait */
		_exit(err(wait8(ep, ev, -1)) == EINTR ? 0 : 1);
	}
	read(sync[0], &c, 1);
	usleep(200000); /* into epoll_wait by now */
	kill(pid, SIGSTOP);
	waitpid(pid, &st, WUNTRACED);
	kill(pid, SIGCONT);
	for (int i = 0; i < 50 && waitpid(pid, &st, WNOHANG) == 0; i++)
		usleep(100000);
	if (kill(pid, SIGKILL) == 0)
		waitpid(pid, &st, 0);
	close(sync[0]);
	close(sync[1]);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* Waiting: timeouts, a child's write, signals, epoll_pwait's mask,
 * epoll_pwait2. */
static void waiting(void)
{
	struct epoll_event ev[8];
	struct timespec64 { long long sec, nsec; } zero = { 0, 0 };
	struct itimerval t = { { 0, 0 }, { 0, 100000 } };
	sigset_t usr1, usr2, now;
	int p[2], ep = ep_with_pipe(p), st;
	pid_t pid;

	check("a short timeout (30 ms) on nothing: 0", wait8(ep, ev, 30) == 0);
	if ((pid = fork()) == 0) {
		usleep(100000);
		put1(p[1]);
		_exit(0);
	}
	check("a child's write wakes the parent blocked in epoll_wait(-1)",
	      wait8(ep, ev, -1) == 1 && ev[0].events == EPOLLIN);
	waitpid(pid, &st, 0);
	check("epoll_pwait2: zero timeout, NULL timeout while ready",
	      syscall(SYS_epoll_pwait2, ep, ev, 8, &zero, NULL, 8) == 1 &&
	      syscall(SYS_epoll_pwait2, ep, ev, 8, NULL, NULL, 8) == 1);
	read(p[0], ev, 1);
	catch(SIGALRM, SA_RESTART);
	setitimer(ITIMER_REAL, &t, NULL);
	check("a signal with SA_RESTART: EINTR, not restarted", err(wait8(ep, ev, -1)) == EINTR);
	check("a stop and continue, no handler: EINTR, not restarted", stop_cont_eintr(ep));
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	signal(SIGUSR1, on_usr1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	raise(SIGUSR1); /* pending, blocked */
	check("epoll_pwait: its mask lets a blocked signal in: EINTR, the handler under the mask",
	      err(epoll_pwait(ep, ev, 8, -1, &usr2)) == EINTR && handler_saw_usr2_blocked == 1 &&
	      sigprocmask(SIG_BLOCK, NULL, &now) == 0 && sigismember(&now, SIGUSR1) &&
	      !sigismember(&now, SIGUSR2));
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	done(ep, p);
}

int main(int argc, char **argv)
{
	char path[256];
	int file;

	snprintf(path, sizeof(path), "%s/epolltest.%d",
		 argc > 1 ? argv[1] : access("/tmp", W_OK) == 0 ? "/tmp" : ".", (int)getpid());
	if ((file = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) < 0) {
		printf("epolltest: cannot create %s\n", path);
		return 2;
	}
	setvbuf(stdout, NULL, _IONBF, 0); /* lines in order with the children's */
	creation();
	ctl_errors(file);
	wait_errors();
	level_triggered();
	edge_and_oneshot();
	socket_pairs();
	lifetime();
	nesting();
	several();
	waiting();
	close(file);
	unlink(path);
	printf("epolltest: %d of %d as on Linux\n", good, cases);
	return good == cases ? 0 : 1;
}
