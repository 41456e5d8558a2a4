/* sockets: AF_UNIX sockets as on Linux. socketpair echo between forked
 * processes (stream, and through the socketcall multiplexer), datagram
 * and seqpacket boundaries and truncation, non-blocking and close-on-exec
 * flags, EOF, EPIPE with and without SIGPIPE, shutdown, poll readiness,
 * FIONREAD, options, an abstract name accepting a connection, datagrams
 * to a bound name, and the errnos of what is not offered. One line per
 * case; exit status 0 when all went as expected. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "cases.h"

/* A socketpair of type in sv; exits on failure. */
static void pair(int type, int sv[2])
{
	if (socketpair(AF_UNIX, type, 0, sv) != 0) {
		perror("socketpair");
		_exit(2);
	}
}

/* An abstract address "\0name" in *a; its length. */
static socklen_t abstract(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path + 1, name, strlen(name));
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
}

/* The events poll reports for fd now. */
static short events(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT };

	return poll(&p, 1, 0) < 0 ? -1 : p.revents;
}

static int stream_echo_between_processes(void)
{
	int sv[2];
	char buf[16] = "";

	pair(SOCK_STREAM, sv);
	if (fork() == 0) {
		char in[16] = "";
		close(sv[0]);
		if (read(sv[1], in, sizeof(in)) != 4 || memcmp(in, "ping", 4) != 0)
			_exit(1);
		_exit(write(sv[1], "pong!", 5) == 5 ? 0 : 1);
	}
	close(sv[1]);
	if (write(sv[0], "ping", 4) != 4 || read(sv[0], buf, sizeof(buf)) != 5)
		return 0;
	return memcmp(buf, "pong!", 5) == 0 && read(sv[0], buf, sizeof(buf)) == 0; /* then EOF */
}

#if defined(SYS_socketcall) /* i386 only: x86-64 has no socketcall */
static int socketcall_multiplexer(void)
{
	int sv[2] = { -1, -1 };
	long args[4] = { AF_UNIX, SOCK_STREAM, 0, (long)sv };
	char c = 0;

	if (syscall(SYS_socketcall, 8 /* SYS_SOCKETPAIR */, args) != 0)
		return 0;
	if (write(sv[0], "m", 1) != 1 || read(sv[1], &c, 1) != 1 || c != 'm')
		return 0;
	return syscall(SYS_socketcall, 99, args) == -1 && errno == EINVAL;
}
#endif

static int dgram_boundaries(void)
{
	int sv[2];
	char buf[16];

	pair(SOCK_DGRAM, sv);
	if (send(sv[0], "a", 1, 0) != 1 || send(sv[0], "bc", 2, 0) != 2 ||
	    send(sv[0], "def", 3, 0) != 3 || send(sv[0], "", 0, 0) != 0)
		return 0;
	return recv(sv[1], buf, sizeof(buf), 0) == 1 && recv(sv[1], buf, sizeof(buf), 0) == 2 &&
	       recv(sv[1], buf, sizeof(buf), 0) == 3 && memcmp(buf, "def", 3) == 0 &&
	       recv(sv[1], buf, sizeof(buf), 0) == 0;
}

static int dgram_truncation(void)
{
	int sv[2];
	char buf[4];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };

	pair(SOCK_DGRAM, sv);
	if (send(sv[0], "0123456789", 10, 0) != 10 || send(sv[0], "xyz", 3, 0) != 3)
		return 0;
	if (recvmsg(sv[1], &m, 0) != 4 || !(m.msg_flags & MSG_TRUNC) || memcmp(buf, "0123", 4))
		return 0;
	/* the rest of that datagram is gone; MSG_TRUNC asks for the real length */
	return recv(sv[1], buf, 1, MSG_TRUNC | MSG_PEEK) == 3 && recv(sv[1], buf, 4, 0) == 3;
}

static int seqpacket_boundaries(void)
{
	int sv[2];
	char buf[16];

	pair(SOCK_SEQPACKET, sv);
	if (write(sv[0], "one", 3) != 3 || write(sv[0], "three", 5) != 5)
		return 0;
	if (read(sv[1], buf, sizeof(buf)) != 3 || read(sv[1], buf, sizeof(buf)) != 5)
		return 0;
	close(sv[0]);
	return read(sv[1], buf, sizeof(buf)) == 0;
}

static int gather_and_scatter(void)
{
	int sv[2];
	char a[3], b[5];
	struct iovec out[2] = { { "abc", 3 }, { "defgh", 5 } }, in[2] = { { a, 3 }, { b, 5 } };
	struct msghdr mo = { .msg_iov = out, .msg_iovlen = 2 }, mi = { .msg_iov = in, .msg_iovlen = 2 };

	pair(SOCK_DGRAM, sv);
	if (sendmsg(sv[0], &mo, 0) != 8 || recvmsg(sv[1], &mi, 0) != 8)
		return 0;
	return memcmp(a, "abc", 3) == 0 && memcmp(b, "defgh", 5) == 0;
}

static int nonblock_and_cloexec_flags(void)
{
	int sv[2];
	char c;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) != 0)
		return 0;
	if (read(sv[0], &c, 1) != -1 || errno != EAGAIN)
		return 0;
	if (recv(sv[1], &c, 1, 0) != -1 || errno != EAGAIN)
		return 0;
	return fcntl(sv[0], F_GETFD) == FD_CLOEXEC && (fcntl(sv[1], F_GETFL) & O_NONBLOCK);
}

static int dontwait_flag(void)
{
	int sv[2];
	char c;

	pair(SOCK_DGRAM, sv);
	return recv(sv[0], &c, 1, MSG_DONTWAIT) == -1 && errno == EAGAIN;
}

/* A full stream: a non-blocking send says EAGAIN after what fitted. */
static int full_stream_eagain(void)
{
	int sv[2];
	static char buf[8192];
	long total = 0, n;

	pair(SOCK_STREAM, sv);
	while ((n = send(sv[0], buf, sizeof(buf), MSG_DONTWAIT)) > 0)
		total += n;
	return n == -1 && errno == EAGAIN && total > 0 && !(events(sv[0]) & POLLOUT);
}

static int closed_peer_sigpipe(void)
{
	int sv[2];

	pair(SOCK_STREAM, sv);
	close(sv[1]);
	send(sv[0], "x", 1, 0); /* dies of SIGPIPE */
	return 0;
}

static int closed_peer_nosignal_epipe(void)
{
	int sv[2];

	pair(SOCK_STREAM, sv);
	close(sv[1]);
	return send(sv[0], "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE;
}

static int shutdown_write_gives_eof(void)
{
	int sv[2];
	char c;

	pair(SOCK_STREAM, sv);
	if (shutdown(sv[0], SHUT_WR) != 0 || read(sv[1], &c, 1) != 0)
		return 0;
	if (write(sv[1], "r", 1) != 1 || read(sv[0], &c, 1) != 1 || c != 'r')
		return 0;
	return send(sv[0], "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE;
}

static int poll_readiness(void)
{
	int sv[2];

	pair(SOCK_STREAM, sv);
	if (events(sv[0]) != POLLOUT)
		return 0;
	if (write(sv[1], "p", 1) != 1 || events(sv[0]) != (POLLIN | POLLOUT))
		return 0;
	close(sv[1]);
	return (events(sv[0]) & (POLLIN | POLLHUP)) == (POLLIN | POLLHUP);
}

static int fionread_counts(void)
{
	int s[2], d[2], n = -1, m = -1;

	pair(SOCK_STREAM, s);
	pair(SOCK_DGRAM, d);
	if (write(s[0], "abcd", 4) != 4 || write(s[0], "ef", 2) != 2)
		return 0;
	if (send(d[0], "12345", 5, 0) != 5 || send(d[0], "67", 2, 0) != 2)
		return 0;
	return ioctl(s[1], FIONREAD, &n) == 0 && n == 6 && ioctl(d[1], FIONREAD, &m) == 0 &&
	       m == 5; /* a datagram socket: its next datagram */
}

static int options(void)
{
	int sv[2], type = 0;
	socklen_t len = sizeof(type);
	struct ucred cred;
	socklen_t clen = sizeof(cred);

	pair(SOCK_DGRAM, sv);
	if (getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len) != 0 || type != SOCK_DGRAM ||
	    len != sizeof(type))
		return 0;
	if (getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cred, &clen) != 0 || cred.pid != getpid())
		return 0;
	return getsockopt(sv[0], SOL_SOCKET, 9999, &type, &len) == -1 && errno == ENOPROTOOPT;
}

/* A server on an abstract name accepts a child's connection. */
static int abstract_listen_accept(void)
{
	struct sockaddr_un a, peer, me;
	socklen_t alen = abstract(&a, "cowvisor-sockets"), plen = sizeof(peer), mlen = sizeof(me);
	int srv = socket(AF_UNIX, SOCK_STREAM, 0), c;
	char buf[16] = "";

	if (srv < 0 || bind(srv, (struct sockaddr *)&a, alen) != 0 || listen(srv, 4) != 0)
		return 0;
	if (fork() == 0) {
		int s = socket(AF_UNIX, SOCK_STREAM, 0);
		char r[8] = "";
		if (connect(s, (struct sockaddr *)&a, alen) != 0 || write(s, "hello", 5) != 5)
			_exit(1);
		_exit(read(s, r, sizeof(r)) == 3 && memcmp(r, "bye", 3) == 0 ? 0 : 1);
	}
	if ((c = accept(srv, (struct sockaddr *)&peer, &plen)) < 0)
		return 0;
	if (plen != offsetof(struct sockaddr_un, sun_path)) /* the client has no name */
		return 0;
	if (getsockname(c, (struct sockaddr *)&me, &mlen) != 0 || mlen != alen ||
	    memcmp(&me, &a, alen) != 0)
		return 0;
	if (read(c, buf, sizeof(buf)) != 5 || memcmp(buf, "hello", 5) != 0)
		return 0;
	int status = -1;
	return write(c, "bye", 3) == 3 && wait(&status) > 0 && status == 0;
}

static int listener_polls_readable(void)
{
	struct sockaddr_un a;
	socklen_t alen = abstract(&a, "cowvisor-pollable");
	int srv = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0), cl = socket(AF_UNIX, SOCK_STREAM, 0);

	if (bind(srv, (struct sockaddr *)&a, alen) != 0 || listen(srv, 1) != 0)
		return 0;
	if (accept(srv, NULL, NULL) != -1 || errno != EAGAIN || events(srv) != 0)
		return 0;
	if (connect(cl, (struct sockaddr *)&a, alen) != 0 || events(srv) != POLLIN)
		return 0;
	return accept4(srv, NULL, NULL, SOCK_CLOEXEC) >= 0;
}

static int dgram_to_a_name(void)
{
	struct sockaddr_un a, from;
	socklen_t alen = abstract(&a, "cowvisor-dgram"), flen = sizeof(from);
	int srv = socket(AF_UNIX, SOCK_DGRAM, 0), cl = socket(AF_UNIX, SOCK_DGRAM, 0);
	char buf[8];

	if (bind(srv, (struct sockaddr *)&a, alen) != 0)
		return 0;
	if (sendto(cl, "dg", 2, 0, (struct sockaddr *)&a, alen) != 2)
		return 0;
	if (recvfrom(srv, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen) != 2)
		return 0;
	return flen == offsetof(struct sockaddr_un, sun_path) && from.sun_family == AF_UNIX;
}

/* A path name: a socket node in the file tree, connectable while its
 * socket lives; the name stays taken until unlinked. */
static int path_listen_connect(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "cv-test.sock" }, me;
	socklen_t alen = sizeof(a), mlen = sizeof(me);
	int srv = socket(AF_UNIX, SOCK_STREAM, 0), cl = socket(AF_UNIX, SOCK_STREAM, 0), c;
	int again = socket(AF_UNIX, SOCK_STREAM, 0);
	struct stat st;
	char buf[4];

	umask(027);
	if (bind(srv, (struct sockaddr *)&a, alen) != 0 || listen(srv, 1) != 0)
		return 0;
	if (stat("cv-test.sock", &st) != 0 || !S_ISSOCK(st.st_mode) || (st.st_mode & 0777) != 0750)
		return 0;
	if (getsockname(srv, (struct sockaddr *)&me, &mlen) != 0 ||
	    mlen != offsetof(struct sockaddr_un, sun_path) + sizeof("cv-test.sock"))
		return 0;
	if (bind(again, (struct sockaddr *)&a, alen) != -1 || errno != EADDRINUSE)
		return 0;
	if (connect(cl, (struct sockaddr *)&a, alen) != 0 || (c = accept(srv, NULL, NULL)) < 0)
		return 0;
	if (write(cl, "via", 3) != 3 || read(c, buf, sizeof(buf)) != 3)
		return 0;
	close(srv);
	if (connect(again, (struct sockaddr *)&a, alen) != -1 || errno != ECONNREFUSED)
		return 0;
	return unlink("cv-test.sock") == 0 && bind(again, (struct sockaddr *)&a, alen) == 0 &&
	       unlink("cv-test.sock") == 0;
}

static int dgram_to_a_path(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "cv-dgram.sock" };
	int srv = socket(AF_UNIX, SOCK_DGRAM, 0), cl = socket(AF_UNIX, SOCK_DGRAM, 0);
	char buf[8];
	int ok;

	if (bind(srv, (struct sockaddr *)&a, sizeof(a)) != 0)
		return 0;
	ok = sendto(cl, "log", 3, 0, (struct sockaddr *)&a, sizeof(a)) == 3 &&
	     recv(srv, buf, sizeof(buf), 0) == 3;
	return unlink("cv-dgram.sock") == 0 && ok;
}

static int autobind(void)
{
	struct sockaddr_un a;
	socklen_t len = offsetof(struct sockaddr_un, sun_path);
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);

	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	if (bind(s, (struct sockaddr *)&a, len) != 0)
		return 0;
	len = sizeof(a);
	return getsockname(s, (struct sockaddr *)&a, &len) == 0 &&
	       len == offsetof(struct sockaddr_un, sun_path) + 6 && a.sun_path[0] == 0;
}

static int errnos(void)
{
	struct sockaddr_un a;
	socklen_t alen = abstract(&a, "cowvisor-twice");
	int s1 = socket(AF_UNIX, SOCK_STREAM, 0), s2 = socket(AF_UNIX, SOCK_STREAM, 0);
	int d = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un nowhere;
	socklen_t nlen = abstract(&nowhere, "cowvisor-nobody");
	struct sockaddr_un path = { .sun_family = AF_UNIX, .sun_path = "/no/such/socket" };
	int fd = open("/", O_RDONLY);

	if (socket(AF_INET, SOCK_STREAM, 0) != -1 || errno != EAFNOSUPPORT)
		return 0;
	if (socketpair(AF_INET6, SOCK_DGRAM, 0, (int[2]){ 0 }) != -1 || errno != EAFNOSUPPORT)
		return 0;
	if (socket(AF_UNIX, 7, 0) != -1 || errno != ESOCKTNOSUPPORT)
		return 0;
	if (socket(AF_UNIX, SOCK_STREAM, 5) != -1 || errno != EPROTONOSUPPORT)
		return 0;
	if (socket(AF_UNIX, SOCK_STREAM | 0x100, 0) != -1 || errno != EINVAL)
		return 0;
	if (bind(s1, (struct sockaddr *)&a, alen) != 0)
		return 0;
	if (bind(s2, (struct sockaddr *)&a, alen) != -1 || errno != EADDRINUSE)
		return 0;
	if (connect(s2, (struct sockaddr *)&nowhere, nlen) != -1 || errno != ECONNREFUSED)
		return 0;
	if (connect(s2, (struct sockaddr *)&a, alen) != -1 || errno != ECONNREFUSED)
		return 0; /* bound, not listening */
	if (connect(s2, (struct sockaddr *)&path, sizeof(path)) != -1 || errno != ENOENT)
		return 0;
	if (listen(d, 1) != -1 || errno != EOPNOTSUPP)
		return 0;
	if (send(s2, "x", 1, MSG_NOSIGNAL) != -1 || errno != ENOTCONN)
		return 0;
	if (getpeername(s2, (struct sockaddr *)&a, &alen) != -1 || errno != ENOTCONN)
		return 0;
	return listen(fd, 1) == -1 && errno == ENOTSOCK;
}

static const struct prog_case cases[] = {
	{ "stream socketpair echo between processes", stream_echo_between_processes, 0 },
#if defined(SYS_socketcall)
	{ "socketcall multiplexer", socketcall_multiplexer, 0 },
#endif
	{ "datagram boundaries", dgram_boundaries, 0 },
	{ "datagram truncation: MSG_TRUNC", dgram_truncation, 0 },
	{ "seqpacket boundaries and EOF", seqpacket_boundaries, 0 },
	{ "sendmsg gathers, recvmsg scatters", gather_and_scatter, 0 },
	{ "SOCK_NONBLOCK (EAGAIN) and SOCK_CLOEXEC", nonblock_and_cloexec_flags, 0 },
	{ "MSG_DONTWAIT", dontwait_flag, 0 },
	{ "full stream: EAGAIN, not writable", full_stream_eagain, 0 },
	{ "send to a closed peer: SIGPIPE", closed_peer_sigpipe, SIGPIPE },
	{ "... with MSG_NOSIGNAL: EPIPE", closed_peer_nosignal_epipe, 0 },
	{ "shutdown(SHUT_WR): EOF for the peer, which still writes", shutdown_write_gives_eof, 0 },
	{ "poll: writable, readable, hung up", poll_readiness, 0 },
	{ "FIONREAD: stream bytes, next datagram", fionread_counts, 0 },
	{ "getsockopt SO_TYPE, SO_PEERCRED, unknown", options, 0 },
	{ "abstract name: listen, connect, accept", abstract_listen_accept, 0 },
	{ "listener: readable with a connection waiting", listener_polls_readable, 0 },
	{ "datagram to a bound name", dgram_to_a_name, 0 },
	{ "path name: socket node, connect, EADDRINUSE, ECONNREFUSED", path_listen_connect, 0 },
	{ "datagram to a path", dgram_to_a_path, 0 },
	{ "autobind", autobind, 0 },
	{ "errnos of what is not offered or wrong", errnos, 0 },
};

int main(int argc, char **argv)
{
	int good = 0, total = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (argc > 1 && strstr(cases[i].name, argv[1]) == NULL)
			continue;
		good += case_run(&cases[i]);
		total++;
	}
	printf("sockets: %d of %d as expected\n", good, total);
	return good == total ? 0 : 1;
}
