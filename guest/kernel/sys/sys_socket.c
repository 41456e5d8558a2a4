/* Socket system calls: the socketcall (102) multiplexer and the direct
 * i386 calls (359-373), with user addresses, msghdrs and options turned
 * into file/socket.c's terms. Only AF_UNIX exists (EAFNOSUPPORT for the
 * other families). */
#include "handlers.h"

#include "../file/file.h"
#include "../file/ring.h"
#include "../file/socket.h"
#include "../lib/errno.h"
#include "../lib/string.h"
#include <stddef.h>
#include "../mm/uaccess.h"
#include "../proc/proc.h"

#define AF_MAX        46
#define SOCK_MAX      11 /* types at or above: EINVAL */
#define SOCK_NONBLOCK O_NONBLOCK
#define SOCK_CLOEXEC  O_CLOEXEC
#define SUN_PATH_OFF  2  /* offsetof(struct sockaddr_un, sun_path) */
#define SOCKADDR_MAX  128 /* sizeof(struct sockaddr_storage) */
#define SOL_SOCKET    1
#define SO_REUSEADDR  2
#define SO_TYPE       3
#define SO_ERROR      4
#define SO_SNDBUF     7
#define SO_RCVBUF     8
#define SO_KEEPALIVE  9
#define SO_PEERCRED   17
#define SO_ACCEPTCONN 30
#define SO_PROTOCOL   38
#define SO_DOMAIN     39

/* struct msghdr of either ABI, read by get_msghdr() */
struct msg {
	uaddr_t name, iov, control;
	uint32_t namelen;
	uint64_t iovlen, controllen;
};

/* Where msg_namelen, msg_controllen and msg_flags lie in the caller's
 * struct msghdr: i386's seven 4-byte words, or x86-64's 8-byte pointers
 * and size_t (namelen padded to 8). */
#define MSG_NAMELEN_AT(wide)    ((wide) ? 8u : 4u)
#define MSG_CONTROLLEN_AT(wide) ((wide) ? 40u : 20u)
#define MSG_FLAGS_AT(wide)      ((wide) ? 48u : 24u)

/* Read the caller's struct msghdr at u into *m: 0 or -EFAULT. */
static long get_msghdr(uaddr_t u, struct msg *m)
{
	uint32_t w32[7];
	uint64_t w64[7];

	if (cur_wide()) {
		if (copy_from_user(cur->mm, w64, u, sizeof(w64)))
			return -EFAULT;
		*m = (struct msg){ w64[0], w64[2], w64[4], (uint32_t)w64[1], w64[3], w64[5] };
		return 0;
	}
	if (copy_from_user(cur->mm, w32, u, sizeof(w32)))
		return -EFAULT;
	*m = (struct msg){ w32[0], w32[2], w32[4], w32[1], w32[3], w32[5] };
	return 0;
}

/* The uio of m's iovec array (a count too large stays too large). */
static struct uio msg_uio(const struct msg *m)
{
	uint32_t cnt = m->iovlen > UINT32_MAX ? UINT32_MAX : (uint32_t)m->iovlen;

	return (struct uio){ m->iov, cnt, 0, 0, cur_wide() };
}

/* The socket open at fd: -EBADF or -ENOTSOCK in *err. */
static struct sock *sock_fd(int fd, long *err)
{
	struct file *f = fd_file(fd);
	struct sock *s = f ? sock_of(f) : 0;

	if (s == 0)
		*err = f ? -ENOTSOCK : -EBADF;
	return s;
}

/* The O_NONBLOCK of fd's open file. */
static bool fd_nonblock(int fd)
{
	return (fd_file(fd)->flags & O_NONBLOCK) != 0;
}

/* Read a sockaddr_un of len bytes into *n: 0, -EINVAL, -EFAULT. A path
 * ends at its first NUL, which counts in n->len (Linux's unix_mkname);
 * len == 2 with AF_UNIX gives the empty name (bind's autobind). */
static long get_addr(uaddr_t uaddr, uint32_t len, struct unix_name *n)
{
	uint8_t buf[SUN_PATH_OFF + UNIX_PATH_MAX];
	uint16_t family;

	if ((int32_t)len < SUN_PATH_OFF || len > sizeof(buf))
		return -EINVAL;
	if (copy_from_user(cur->mm, buf, uaddr, len))
		return -EFAULT;
	memcpy(&family, buf, sizeof(family));
	if (family != AF_UNIX)
		return -EINVAL;
	n->len = len - SUN_PATH_OFF;
	memcpy(n->path, buf + SUN_PATH_OFF, n->len);
	n->path[n->len] = 0;
	if (n->len && n->path[0] != 0)
		n->len = (uint32_t)strlen(n->path) + 1;
	return 0;
}

/* Write name as a sockaddr_un to uaddr, at most *ulen bytes; *ulen gets
 * its full length. Nothing when uaddr is 0. */
static long put_addr(const struct unix_name *n, uaddr_t uaddr, uaddr_t ulen)
{
	uint8_t buf[SUN_PATH_OFF + UNIX_PATH_MAX + 1];
	uint16_t family = AF_UNIX;
	int32_t len, full = SUN_PATH_OFF + (int32_t)n->len;

	if (uaddr == 0)
		return 0;
	if (copy_from_user(cur->mm, &len, ulen, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	memcpy(buf, &family, sizeof(family));
	memcpy(buf + SUN_PATH_OFF, n->path, n->len);
	if (copy_to_user(cur->mm, uaddr, buf, (uint32_t)(len < full ? len : full)))
		return -EFAULT;
	return copy_to_user(cur->mm, ulen, &full, sizeof(full));
}

/* socket(domain, type, protocol) checks, in Linux's order; the SOCK_* type
 * (RAW is DGRAM for AF_UNIX) or -errno. */
static long check_socket(int32_t domain, uint32_t type, int32_t protocol)
{
	uint32_t t = type & SOCK_TYPE_MASK;

	if (type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (domain < 0 || domain >= AF_MAX)
		return -EAFNOSUPPORT;
	if (t >= SOCK_MAX)
		return -EINVAL;
	if (domain != AF_UNIX)
		return -EAFNOSUPPORT;
	if (protocol != 0 && protocol != AF_UNIX)
		return -EPROTONOSUPPORT;
	if (t == SOCK_RAW)
		return SOCK_DGRAM;
	if (t != SOCK_STREAM && t != SOCK_DGRAM && t != SOCK_SEQPACKET)
		return -ESOCKTNOSUPPORT;
	return t;
}

/* Install f as a new fd with SOCK_CLOEXEC from flags; the fd or -EMFILE. */
static long install(struct file *f, uint32_t flags)
{
	return fd_install(f, 0, flags & SOCK_CLOEXEC);
}

/* socket(domain, type, protocol) */
static long do_socket(const uint64_t *a)
{
	long t = check_socket((int32_t)a[0], a[1], (int32_t)a[2]);
	struct file *f;

	if (t < 0 || (t = sock_open((int)t, a[1], &f)) < 0)
		return t;
	return install(f, a[1]);
}

/* socketpair(domain, type, protocol, int sv[2]) */
static long do_socketpair(const uint64_t *a)
{
	long t = check_socket((int32_t)a[0], a[1], (int32_t)a[2]), rc;
	struct file *f[2];
	int fds[2];

	if (t < 0)
		return t;
	if ((rc = sock_open((int)t, a[1], &f[0])) < 0)
		return rc;
	if ((rc = sock_open((int)t, a[1], &f[1])) < 0) {
		file_put(f[0]);
		return rc;
	}
	sock_pair(sock_of(f[0]), sock_of(f[1]));
	if ((fds[0] = (int)install(f[0], a[1])) < 0) {
		file_put(f[1]);
		return fds[0];
	}
	if ((fds[1] = (int)install(f[1], a[1])) < 0) {
		fd_close(fds[0]);
		return fds[1];
	}
	if (copy_to_user(cur->mm, a[3], fds, sizeof(fds))) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

/* The socket of fd a[0] with the address at a[1] (a[2] bytes) read into
 * *n (bind's and connect's arguments): the socket, or 0 with the error in
 * *rc. */
static struct sock *sock_and_addr(const uint64_t *a, struct unix_name *n, long *rc)
{
	struct sock *s = sock_fd((int)a[0], rc);

	return s == 0 || (*rc = get_addr(a[1], a[2], n)) < 0 ? 0 : s;
}

/* bind(fd, addr, len) */
static long do_bind(const uint64_t *a)
{
	struct unix_name n;
	long rc;
	struct sock *s = sock_and_addr(a, &n, &rc);

	return s ? sock_bind(s, &n) : rc;
}

/* connect(fd, addr, len); an unnamed address is EINVAL */
static long do_connect(const uint64_t *a)
{
	struct unix_name n;
	long rc;
	struct sock *s = sock_and_addr(a, &n, &rc);

	if (s == 0)
		return rc;
	return n.len == 0 ? -EINVAL : sock_connect(s, &n, fd_nonblock((int)a[0]));
}

/* listen(fd, backlog) */
static long do_listen(const uint64_t *a)
{
	long rc;
	struct sock *s = sock_fd((int)a[0], &rc);

	return s ? sock_listen(s, (int32_t)a[1]) : rc;
}

/* accept4(fd, addr, addrlen, flags); the peer's name goes to addr. */
static long do_accept4(const uint64_t *a)
{
	struct unix_name peer;
	struct file *f;
	long rc, fd;
	struct sock *s = sock_fd((int)a[0], &rc);

	if (s == 0)
		return rc;
	if (a[3] & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if ((rc = sock_accept(s, fd_nonblock((int)a[0]), a[3], &f)) < 0)
		return rc;
	if ((fd = install(f, a[3])) < 0)
		return fd;
	if (sock_name(sock_of(f), true, &peer) < 0)
		peer.len = 0;
	if ((rc = put_addr(&peer, a[1], a[2])) < 0) {
		fd_close((int)fd);
		return rc;
	}
	return fd;
}

/* accept(fd, addr, addrlen): accept4 without flags. */
static long do_accept(const uint64_t *a)
{
	return do_accept4((const uint64_t[]){ a[0], a[1], a[2], 0 });
}

/* getsockname / getpeername (peer) */
static long sock_addr_of(const uint64_t *a, bool peer)
{
	struct unix_name n;
	long rc;
	struct sock *s = sock_fd((int)a[0], &rc);

	if (s == 0 || (rc = sock_name(s, peer, &n)) < 0)
		return rc;
	return put_addr(&n, a[1], a[2]);
}

static long do_getsockname(const uint64_t *a)
{
	return sock_addr_of(a, false);
}

static long do_getpeername(const uint64_t *a)
{
	return sock_addr_of(a, true);
}

/* sendto(fd, buf, len, flags, addr, addrlen) */
static long do_sendto(const uint64_t *a)
{
	struct uio u = { 0, 0, a[1], a[2], false };
	struct unix_name n;
	long rc;
	struct sock *s = sock_fd((int)a[0], &rc);

	if (s == 0)
		return rc;
	if (a[4] == 0 || a[5] == 0)
		return sock_send(s, &u, a[3], 0, fd_nonblock((int)a[0]));
	if ((rc = get_addr(a[4], a[5], &n)) < 0)
		return rc;
	return sock_send(s, &u, a[3], &n, fd_nonblock((int)a[0]));
}

/* send(fd, buf, len, flags) */
static long do_send(const uint64_t *a)
{
	return do_sendto((const uint64_t[]){ a[0], a[1], a[2], a[3], 0, 0 });
}

/* recvfrom(fd, buf, len, flags, addr, addrlen) */
static long do_recvfrom(const uint64_t *a)
{
	struct uio u = { 0, 0, a[1], a[2], false };
	struct unix_name from = { 0 };
	uint32_t oflags = 0;
	long rc, n;
	struct sock *s = sock_fd((int)a[0], &rc);

	if (s == 0)
		return rc;
	n = sock_recv(s, &u, a[3], &from, &oflags, fd_nonblock((int)a[0]));
	if (n < 0 || a[4] == 0)
		return n;
	return (rc = put_addr(&from, a[4], a[5])) < 0 ? rc : n;
}

/* recv(fd, buf, len, flags) */
static long do_recv(const uint64_t *a)
{
	return do_recvfrom((const uint64_t[]){ a[0], a[1], a[2], a[3], 0, 0 });
}

/* sendmsg(fd, msghdr, flags): ancillary data (SCM_RIGHTS, credentials)
 * is not carried: EOPNOTSUPP. */
static long do_sendmsg(const uint64_t *a)
{
	struct msg m;
	struct unix_name n;
	struct uio u;
	long rc;
	struct sock *s = sock_fd((int)a[0], &rc);

	if (s == 0)
		return rc;
	if (get_msghdr(a[1], &m) < 0)
		return -EFAULT;
	if (m.controllen)
		return -EOPNOTSUPP;
	u = msg_uio(&m);
	if (m.name == 0 || m.namelen == 0)
		return sock_send(s, &u, a[2], 0, fd_nonblock((int)a[0]));
	if ((rc = get_addr(m.name, m.namelen, &n)) < 0)
		return rc;
	return sock_send(s, &u, a[2], &n, fd_nonblock((int)a[0]));
}

/* recvmsg(fd, msghdr, flags): msg_namelen, msg_controllen (always 0) and
 * msg_flags are written back. */
static long do_recvmsg(const uint64_t *a)
{
	struct msg m;
	struct unix_name from = { 0 };
	struct uio u;
	uint32_t oflags = 0, zero = 0;
	uint64_t no_control = 0;
	bool wide = cur_wide();
	uaddr_t nl = a[1] + MSG_NAMELEN_AT(wide);
	long rc, n;
	struct sock *s = sock_fd((int)a[0], &rc);

	if (s == 0)
		return rc;
	if (get_msghdr(a[1], &m) < 0)
		return -EFAULT;
	u = msg_uio(&m);
	if ((n = sock_recv(s, &u, a[2], &from, &oflags, fd_nonblock((int)a[0]))) < 0)
		return n;
	if (m.name && (rc = put_addr(&from, m.name, nl)) < 0)
		return rc;
	if (m.name == 0 && copy_to_user(cur->mm, nl, &zero, 4))
		return -EFAULT;
	if (copy_to_user(cur->mm, a[1] + MSG_CONTROLLEN_AT(wide), &no_control, wide ? 8 : 4) ||
	    copy_to_user(cur->mm, a[1] + MSG_FLAGS_AT(wide), &oflags, 4))
		return -EFAULT;
	return n;
}

/* shutdown(fd, how) */
static long do_shutdown(const uint64_t *a)
{
	long rc;
	struct sock *s = sock_fd((int)a[0], &rc);

	return s ? sock_shutdown(s, (int32_t)a[1]) : rc;
}

/* The int value of SOL_SOCKET option opt of s, or -ENOPROTOOPT. */
static long int_option(struct sock *s, uint32_t opt)
{
	switch (opt) {
	case SO_TYPE:       return sock_type(s);
	case SO_ERROR:      return 0;
	case SO_SNDBUF:
	case SO_RCVBUF:     return RING_CAPACITY;
	case SO_ACCEPTCONN: return sock_listening(s);
	case SO_PROTOCOL:   return 0;
	case SO_DOMAIN:     return AF_UNIX;
	case SO_REUSEADDR:
	case SO_KEEPALIVE:  return 0;
	}
	return -ENOPROTOOPT;
}

/* The socket of fd a[0] for an option of level a[1], which must be
 * SOL_SOCKET (getsockopt's and setsockopt's arguments): the socket, or 0
 * with the error in *rc. */
static struct sock *option_sock(const uint64_t *a, long *rc)
{
	struct sock *s = sock_fd((int)a[0], rc);

	if (s != 0 && a[1] != SOL_SOCKET) {
		*rc = -EOPNOTSUPP;
		return 0;
	}
	return s;
}

/* getsockopt(fd, level, name, value, len) */
static long do_getsockopt(const uint64_t *a)
{
	int32_t len, v[3], size = 4;
	long rc;
	struct sock *s = option_sock(a, &rc);

	if (s == 0)
		return rc;
	if (copy_from_user(cur->mm, &len, a[4], sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (a[2] == SO_PEERCRED) { /* struct ucred: pid, uid, gid */
		v[0] = sock_peer_pid(s);
		v[1] = v[2] = 0;
		size = sizeof(v);
	} else if ((rc = int_option(s, a[2])) < 0) {
		return rc;
	} else {
		v[0] = (int32_t)rc;
	}
	len = len < size ? len : size;
	if (copy_to_user(cur->mm, a[3], v, (uint32_t)len) ||
	    copy_to_user(cur->mm, a[4], &len, sizeof(len)))
		return -EFAULT;
	return 0;
}

/* setsockopt(fd, level, name, value, len): the options that change
 * nothing for AF_UNIX here are taken (buffer sizes stay 64 KiB). */
static long do_setsockopt(const uint64_t *a)
{
	long rc;
	struct sock *s = option_sock(a, &rc);

	if (s == 0)
		return rc;
	if ((int32_t)a[4] < 4)
		return -EINVAL;
	switch (a[2]) {
	case SO_SNDBUF: case SO_RCVBUF: case SO_REUSEADDR: case SO_KEEPALIVE:
		return 0;
	}
	return -ENOPROTOOPT;
}

typedef long (*sockcall_fn)(const uint64_t *a);

/* socketcall's calls (linux/net.h SYS_*) and their argument counts. */
static const struct {
	sockcall_fn fn;
	uint8_t nargs;
} sockcalls[] = {
	[1] = { do_socket, 3 },       [2] = { do_bind, 3 },         [3] = { do_connect, 3 },
	[4] = { do_listen, 2 },       [5] = { do_accept, 3 },       [6] = { do_getsockname, 3 },
	[7] = { do_getpeername, 3 },  [8] = { do_socketpair, 4 },   [9] = { do_send, 4 },
	[10] = { do_recv, 4 },        [11] = { do_sendto, 6 },      [12] = { do_recvfrom, 6 },
	[13] = { do_shutdown, 2 },    [14] = { do_setsockopt, 5 },  [15] = { do_getsockopt, 5 },
	[16] = { do_sendmsg, 3 },     [17] = { do_recvmsg, 3 },     [18] = { do_accept4, 4 },
	[19] = { 0, 5 } /* recvmmsg */, [20] = { 0, 4 } /* sendmmsg */,
};

/* socketcall(call, args): the arguments are read from user memory. */
long sys_socketcall(const uint64_t *arg)
{
	uint32_t u[6] = { 0 };
	uint64_t a[6];

	if (arg[0] < 1 || arg[0] >= sizeof(sockcalls) / sizeof(sockcalls[0]))
		return -EINVAL;
	if (copy_from_user(cur->mm, u, arg[1], 4u * sockcalls[arg[0]].nargs))
		return -EFAULT;
	for (int i = 0; i < 6; i++)
		a[i] = u[i]; /* zero-extended: the calls narrow their signed ones */
	return sockcalls[arg[0]].fn ? sockcalls[arg[0]].fn(a) : -ENOSYS;
}

/* The direct i386 calls (359-373): the same with register arguments. */
long sys_socket(const uint64_t *arg) { return do_socket(arg); }
long sys_socketpair(const uint64_t *arg) { return do_socketpair(arg); }
long sys_bind(const uint64_t *arg) { return do_bind(arg); }
long sys_connect(const uint64_t *arg) { return do_connect(arg); }
long sys_listen(const uint64_t *arg) { return do_listen(arg); }
long sys_accept(const uint64_t *arg) { return do_accept(arg); }
long sys_accept4(const uint64_t *arg) { return do_accept4(arg); }
long sys_getsockopt(const uint64_t *arg) { return do_getsockopt(arg); }
long sys_setsockopt(const uint64_t *arg) { return do_setsockopt(arg); }
long sys_getsockname(const uint64_t *arg) { return do_getsockname(arg); }
long sys_getpeername(const uint64_t *arg) { return do_getpeername(arg); }
long sys_sendto(const uint64_t *arg) { return do_sendto(arg); }
long sys_sendmsg(const uint64_t *arg) { return do_sendmsg(arg); }
long sys_recvfrom(const uint64_t *arg) { return do_recvfrom(arg); }
long sys_recvmsg(const uint64_t *arg) { return do_recvmsg(arg); }
long sys_shutdown(const uint64_t *arg) { return do_shutdown(arg); }
