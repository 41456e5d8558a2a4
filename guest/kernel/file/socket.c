/* AF_UNIX sockets. Each socket has a receive ring: a byte stream for
 * SOCK_STREAM, records [header, sender name, data] for SOCK_DGRAM and
 * SOCK_SEQPACKET. Senders write into the receiver's ring; everyone waiting
 * on a socket sleeps on it and is woken when its ring or state changes. */
#include "socket.h"

#include "../../../shared/linux_poll.h"
#include "../fs/fs.h"
#include "../lib/errno.h"
#include "../lib/printk.h"
#include "../lib/string.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "../proc/signal.h"
#include "file.h"
#include "poll.h"
#include "ring.h"

#define NSOCK       128
#define BACKLOG_MAX 16     /* connections waiting for accept, at most */
#define UIO_MAXIOV  1024
#define CHUNK       4096   /* stream bytes copied between preemption points */

enum sock_state { S_FREE, S_UNCONNECTED, S_LISTENING, S_CONNECTED };

struct sock {
	enum sock_state state;
	int type;
	bool conn;             /* connection-based: stream, seqpacket */
	bool records;          /* message boundaries: dgram, seqpacket */
	bool bound;            /* owns name (an accepted socket only shows it) */
	struct fnode *node;    /* bound to a path: its node (held) */
	uint8_t shut;          /* SHUT_RCV, SHUT_SEND */
	int pid;               /* who created it (SO_PEERCRED) */
	struct sock *peer;     /* connected to (NULL: none, or it closed) */
	struct ring rx;
	struct unix_name name;
	struct sock *backlog[BACKLOG_MAX]; /* listener: connected, not accepted */
	int nbacklog, max_backlog;
};

/* The head of a record in a ring: the data follows the sender's name. */
struct rec_hdr {
	uint32_t len, namelen;
};

static struct sock socks[NSOCK];
static uint32_t autobind_seq;

/* Wake whoever waits on s, and pollers. */
static void changed(struct sock *s)
{
	wakeup(s);
	poll_notify();
}

/* A new unconnected socket of type; -ENFILE or -ENOMEM in *err. */
static struct sock *sock_alloc(int type, long *err)
{
	for (int i = 0; i < NSOCK; i++) {
		struct sock *s = &socks[i];
		if (s->state != S_FREE)
			continue;
		if ((*err = ring_init(&s->rx)) < 0)
			return 0;
		struct ring rx = s->rx;
		*s = (struct sock){ .state = S_UNCONNECTED, .type = type, .rx = rx, .pid = cur->tgid,
				    .conn = type != SOCK_DGRAM, .records = type != SOCK_STREAM };
		return s;
	}
	*err = -ENFILE;
	return 0;
}

/* Close s: its waiting connections go, its peers see it gone. */
static void sock_free(struct sock *s)
{
	for (int i = 0; i < s->nbacklog; i++)
		sock_free(s->backlog[i]);
	s->nbacklog = 0;
	for (int i = 0; i < NSOCK; i++) {
		struct sock *t = &socks[i];
		if (t->state == S_FREE || t->peer != s)
			continue;
		t->peer = 0;
		if (t->conn)
			t->shut = SHUT_RCV | SHUT_SEND; /* Linux: the peer is shut down both ways */
		changed(t);
	}
	if (s->node) { /* the node stays, as on Linux, with nobody behind it */
		s->node->priv = 0;
		fs_put(s->node);
	}
	ring_free(&s->rx);
	s->state = S_FREE;
	changed(s);
}

/* The socket bound to abstract name n, or NULL. */
static struct sock *lookup(const struct unix_name *n)
{
	for (int i = 0; i < NSOCK; i++) {
		struct sock *s = &socks[i];
		if (s->state != S_FREE && s->bound && s->name.len == n->len &&
		    memcmp(s->name.path, n->path, n->len) == 0)
			return s;
	}
	return 0;
}

/* Is n a path (not abstract)? */
static bool is_path(const struct unix_name *n)
{
	return n->len && n->path[0] != 0;
}

/* The socket named n: 0 and it in *out, -ECONNREFUSED when nobody is
 * bound there (or a path names no socket), a path's lookup errno. */
static long find(const struct unix_name *n, struct sock **out)
{
	struct fnode *node;
	int rc;

	if (!is_path(n))
		return (*out = lookup(n)) ? 0 : -ECONNREFUSED;
	if ((rc = fs_lookup(cur->g->cwd, n->path, true, &node)) < 0)
		return rc;
	if ((node->mode & FS_IFMT) != FS_IFSOCK || node->priv == 0)
		return -ECONNREFUSED;
	*out = node->priv;
	return 0;
}

/* Bind s to the path n: a new socket node (EADDRINUSE when the name is
 * taken, whatever is there). */
static long bind_path(struct sock *s, const struct unix_name *n)
{
	struct fnode *dir, *node;
	const char *name;
	uint32_t len;
	bool slash;
	int rc;

	if ((rc = fs_lookup_parent(cur->g->cwd, n->path, &dir, &name, &len, &slash)) < 0)
		return rc;
	if (slash)
		return -ENOENT; /* a trailing slash asks for a directory */
	rc = fs_create(dir, name, len, FS_IFSOCK | (0777 & ~cur->g->umask), 0, 0, 0, &node);
	if (rc < 0)
		return rc == -EEXIST ? -EADDRINUSE : rc;
	node->priv = s;
	s->node = fs_get(node);
	return 0;
}

/* Entry i of u's iovec array as { base, len }: 0 or -EFAULT. */
static int uio_entry(const struct uio *u, uint32_t i, uint64_t v[2])
{
	uint32_t narrow[2];

	if (u->wide)
		return copy_from_user(cur->mm, v, u->uiov + 16ull * i, 16) ? -EFAULT : 0;
	if (copy_from_user(cur->mm, narrow, u->uiov + 8ull * i, sizeof(narrow)))
		return -EFAULT;
	v[0] = narrow[0];
	v[1] = narrow[1];
	return 0;
}

long uio_total(const struct uio *u, uint32_t *total)
{
	uint64_t sum = 0;

	if (u->uiov == 0) {
		*total = u->len;
		return user_range_ok(u->base, u->len) ? 0 : -EFAULT;
	}
	if (u->cnt > UIO_MAXIOV)
		return -EMSGSIZE;
	for (uint32_t i = 0; i < u->cnt; i++) {
		uint64_t v[2];
		if (uio_entry(u, i, v) < 0)
			return -EFAULT;
		if (v[1] > 0x7fffffffu)
			return -EINVAL; /* the total is over 2 GiB too */
		if (!user_range_ok(v[0], v[1]))
			return -EFAULT;
		sum += v[1];
	}
	if (sum > 0x7fffffffu)
		return -EINVAL;
	*total = (uint32_t)sum;
	return 0;
}

/* Copy n bytes between u (from byte off of it) and r at pos. */
static int uio_ring(const struct uio *u, uint32_t off, struct ring *r, uint64_t pos, uint32_t n,
		    bool to_user)
{
	if (u->uiov == 0)
		return ring_copy_user(r, pos, u->base + off, n, to_user);
	for (uint32_t i = 0; i < u->cnt && n; i++) {
		uint64_t v[2];
		uint32_t take;
		int rc;
		if (uio_entry(u, i, v) < 0)
			return -EFAULT;
		if (off >= v[1]) {
			off -= v[1];
			continue;
		}
		take = v[1] - off < n ? v[1] - off : n;
		if ((rc = ring_copy_user(r, pos, v[0] + off, take, to_user)) < 0)
			return rc;
		pos += take;
		n -= take;
		off = 0;
	}
	return 0;
}

long sock_open(int type, uint32_t flags, struct file **out)
{
	long err;
	struct sock *s = sock_alloc(type, &err);
	struct file *f;

	if (s == 0)
		return err;
	if ((f = file_alloc(FT_SOCKET, &socket_fops, O_RDWR | (flags & O_NONBLOCK))) == 0) {
		sock_free(s);
		return -ENFILE;
	}
	f->priv = s;
	*out = f;
	return 0;
}

struct sock *sock_of(struct file *f)
{
	return f->ops == &socket_fops ? f->priv : 0;
}

void sock_pair(struct sock *a, struct sock *b)
{
	a->peer = b;
	b->peer = a;
	a->state = b->state = S_CONNECTED;
}

long sock_bind(struct sock *s, const struct unix_name *name)
{
	struct unix_name n = *name;

	long rc;

	if (s->bound || s->state == S_LISTENING)
		return -EINVAL;
	if (is_path(&n)) {
		if ((rc = bind_path(s, &n)) < 0)
			return rc;
	} else if (n.len == 0) { /* autobind: "\0" and five hex digits, as Linux */
		do {
			n.len = 6;
			n.path[0] = 0;
			snprintf(n.path + 1, 6, "%05x", autobind_seq++ & 0xfffff);
		} while (lookup(&n));
	} else if (lookup(&n)) {
		return -EADDRINUSE;
	}
	s->name = n;
	s->bound = true;
	return 0;
}

long sock_listen(struct sock *s, int backlog)
{
	if (!s->conn)
		return -EOPNOTSUPP;
	if (s->state == S_CONNECTED || !s->bound)
		return -EINVAL;
	s->max_backlog = backlog < 0 ? 0 : backlog > SOMAXCONN ? SOMAXCONN : backlog;
	s->state = S_LISTENING;
	changed(s);
	return 0;
}

/* Is listener t's queue full (Linux: more than backlog waiting)? */
static bool backlog_full(const struct sock *t)
{
	return t->nbacklog > t->max_backlog || t->nbacklog == BACKLOG_MAX;
}

long sock_connect(struct sock *s, const struct unix_name *name, bool nonblock)
{
	long err;

	if (s->state == S_LISTENING)
		return -EINVAL;
	if (s->conn && s->state == S_CONNECTED)
		return -EISCONN;
	for (;;) {
		struct sock *t, *n;
		if ((err = find(name, &t)) < 0)
			return err;
		if (t->type != s->type)
			return -EPROTOTYPE;
		if (!s->conn) { /* a datagram socket's default destination */
			s->peer = t;
			s->state = S_CONNECTED;
			return 0;
		}
		if (t->state != S_LISTENING)
			return -ECONNREFUSED;
		if (backlog_full(t)) {
			if (nonblock)
				return -EAGAIN;
			if (sleep_on(t, true))
				return -EINTR;
			continue; /* look the name up again: it may have gone */
		}
		if ((n = sock_alloc(s->type, &err)) == 0)
			return err;
		n->name = t->name; /* getsockname of the accepted socket */
		n->pid = t->pid;
		sock_pair(s, n);
		t->backlog[t->nbacklog++] = n;
		changed(t);
		return 0;
	}
}

long sock_accept(struct sock *s, bool nonblock, uint32_t flags, struct file **out)
{
	struct file *f;

	if (!s->conn)
		return -EOPNOTSUPP;
	if (s->state != S_LISTENING)
		return -EINVAL;
	while (s->nbacklog == 0) {
		if (nonblock)
			return -EAGAIN;
		if (sleep_on(s, true))
			return -EINTR;
		if (s->state != S_LISTENING)
			return -EINVAL;
	}
	if ((f = file_alloc(FT_SOCKET, &socket_fops, O_RDWR | (flags & O_NONBLOCK))) == 0)
		return -ENFILE;
	f->priv = s->backlog[0];
	memmove(s->backlog, s->backlog + 1, (size_t)--s->nbacklog * sizeof(s->backlog[0]));
	changed(s); /* room for a waiting connect */
	*out = f;
	return 0;
}

/* Where a record from s goes (to: a name, else the peer), or -errno. */
static long record_dest(struct sock *s, const struct unix_name *to, struct sock **dest)
{
	struct sock *d = 0;
	long rc;

	if (s->conn) { /* seqpacket: the peer, whatever address is given */
		if (s->state != S_CONNECTED)
			return -ENOTCONN;
		if (s->peer == 0 || (s->shut & SHUT_SEND))
			return -EPIPE;
		*dest = s->peer;
		return 0;
	}
	if (s->shut & SHUT_SEND)
		return -EPIPE;
	if (to && (rc = find(to, &d)) < 0)
		return rc;
	if (!to && (d = s->peer) == 0)
		return s->state == S_CONNECTED ? -ECONNREFUSED : -ENOTCONN;
	if (d->type != s->type)
		return -EPROTOTYPE;
	if (d->shut & SHUT_RCV)
		return -EPIPE;
	*dest = d;
	return 0;
}

/* Send u (total bytes) as one record: waits for room in the receiver. */
static long send_record(struct sock *s, const struct uio *u, uint32_t total,
			const struct unix_name *to, bool nonblock)
{
	struct rec_hdr h = { total, s->name.len };
	uint32_t need = sizeof(h) + h.namelen + total;
	struct sock *d;
	long rc;

	if (need > RING_CAPACITY)
		return -EMSGSIZE;
	for (;;) {
		if ((rc = record_dest(s, to, &d)) < 0)
			return rc;
		if (ring_space(&d->rx) >= need)
			break;
		if (nonblock)
			return -EAGAIN;
		if (sleep_on(d, true))
			return -EINTR;
	}
	ring_copy_kernel(&d->rx, d->rx.wcount, &h, sizeof(h), false);
	ring_copy_kernel(&d->rx, d->rx.wcount + sizeof(h), s->name.path, h.namelen, false);
	if ((rc = uio_ring(u, 0, &d->rx, d->rx.wcount + sizeof(h) + h.namelen, total, false)) < 0)
		return rc;
	d->rx.wcount += need;
	changed(d);
	return total;
}

/* Send u as bytes of a stream: as much as fits, waiting for room. */
static long send_stream(struct sock *s, const struct uio *u, uint32_t total, bool nonblock)
{
	uint32_t done = 0;

	if (s->state != S_CONNECTED)
		return -ENOTCONN;
	while (done < total || total == 0) {
		struct sock *d = s->peer;
		uint32_t n;
		int rc;
		if (d == 0 || (s->shut & SHUT_SEND))
			return done ? (long)done : -EPIPE;
		if (total == 0)
			return 0;
		if ((n = ring_space(&d->rx)) == 0) {
			if (nonblock)
				return done ? (long)done : -EAGAIN;
			if (sleep_on(d, true))
				return done ? (long)done : -EINTR;
			continue;
		}
		n = n < total - done ? n : total - done;
		n = n < CHUNK ? n : CHUNK;
		if ((rc = uio_ring(u, done, &d->rx, d->rx.wcount, n, false)) < 0)
			return done ? (long)done : rc;
		d->rx.wcount += n;
		done += n;
		changed(d);
		if (done < total)
			sched_preempt_point();
	}
	return done;
}

/* What send and recv check first: no MSG_OOB, the total length of u;
 * MSG_DONTWAIT makes *nonblock true. 0 or -errno. */
static long msg_begin(const struct uio *u, uint32_t flags, uint32_t *total, bool *nonblock)
{
	long rc;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if ((rc = uio_total(u, total)) < 0)
		return rc;
	*nonblock |= (flags & MSG_DONTWAIT) != 0;
	return 0;
}

long sock_send(struct sock *s, const struct uio *u, uint32_t flags, const struct unix_name *to,
	       bool nonblock)
{
	uint32_t total;
	long rc;

	if ((rc = msg_begin(u, flags, &total, &nonblock)) < 0)
		return rc;
	if (s->type == SOCK_STREAM) {
		if (to)
			return s->state == S_CONNECTED ? -EISCONN : -EOPNOTSUPP;
		rc = send_stream(s, u, total, nonblock);
	} else {
		rc = send_record(s, u, total, to, nonblock);
	}
	if (rc == -EPIPE && s->conn && !(flags & MSG_NOSIGNAL))
		signal_send(cur, SIGPIPE);
	return rc;
}

/* Wait until s has something to read: 1 when it has, 0 at its end,
 * or -EAGAIN / -EINTR. */
static long wait_readable(struct sock *s, bool nonblock)
{
	while (ring_used(&s->rx) == 0) {
		if ((s->shut & SHUT_RCV) || (s->conn && s->peer == 0))
			return 0;
		if (nonblock)
			return -EAGAIN;
		if (sleep_on(s, true))
			return -EINTR;
	}
	return 1;
}

/* Take (or with MSG_PEEK, look at) the first record of s into u. */
static long recv_record(struct sock *s, const struct uio *u, uint32_t total, uint32_t flags,
			struct unix_name *from, uint32_t *oflags)
{
	struct rec_hdr h;
	uint32_t n;
	int rc;

	ring_copy_kernel(&s->rx, s->rx.rcount, &h, sizeof(h), true);
	n = h.len < total ? h.len : total;
	if ((rc = uio_ring(u, 0, &s->rx, s->rx.rcount + sizeof(h) + h.namelen, n, true)) < 0)
		return rc;
	if (from) {
		from->len = h.namelen;
		ring_copy_kernel(&s->rx, s->rx.rcount + sizeof(h), from->path, h.namelen, true);
	}
	if (n < h.len)
		*oflags |= MSG_TRUNC;
	if (!(flags & MSG_PEEK)) {
		s->rx.rcount += sizeof(h) + h.namelen + h.len;
		changed(s);
	}
	return flags & MSG_TRUNC ? (long)h.len : (long)n;
}

/* Read stream bytes of s into u; with MSG_WAITALL until u is full. */
static long recv_stream(struct sock *s, const struct uio *u, uint32_t total, uint32_t flags,
			bool nonblock)
{
	uint32_t done = 0;

	while (done < total) {
		long w = wait_readable(s, nonblock);
		uint32_t n = ring_used(&s->rx);
		int rc;
		if (w <= 0)
			return done ? (long)done : w;
		n = n < total - done ? n : total - done;
		if ((rc = uio_ring(u, done, &s->rx, s->rx.rcount, n, true)) < 0)
			return done ? (long)done : rc;
		done += n;
		if (flags & MSG_PEEK)
			break;
		s->rx.rcount += n;
		changed(s);
		if (!(flags & MSG_WAITALL))
			break;
	}
	return done;
}

long sock_recv(struct sock *s, const struct uio *u, uint32_t flags, struct unix_name *from,
	       uint32_t *oflags, bool nonblock)
{
	uint32_t total;
	long rc;

	if ((rc = msg_begin(u, flags, &total, &nonblock)) < 0)
		return rc;
	if (s->state == S_LISTENING || (s->type == SOCK_STREAM && s->state != S_CONNECTED))
		return -EINVAL;
	if (s->type == SOCK_SEQPACKET && s->state != S_CONNECTED)
		return -ENOTCONN;
	if (from) /* a stream's sender is its peer */
		*from = s->peer && s->type == SOCK_STREAM ? s->peer->name : (struct unix_name){ 0 };
	if (s->type == SOCK_STREAM)
		return recv_stream(s, u, total, flags, nonblock);
	if ((rc = wait_readable(s, nonblock)) <= 0)
		return rc;
	return recv_record(s, u, total, flags, from, oflags);
}

long sock_shutdown(struct sock *s, int how)
{
	uint8_t mode, peer_mode = 0;

	if (how < 0 || how > 2)
		return -EINVAL;
	mode = (uint8_t)(how + 1); /* SHUT_RD 0 -> SHUT_RCV, SHUT_WR 1 -> SHUT_SEND, 2 both */
	s->shut |= mode;
	changed(s);
	if (s->peer && s->conn) { /* the other end sees the mirror image */
		if (mode & SHUT_RCV)
			peer_mode |= SHUT_SEND;
		if (mode & SHUT_SEND)
			peer_mode |= SHUT_RCV;
		s->peer->shut |= peer_mode;
		changed(s->peer);
	}
	return 0;
}

long sock_name(struct sock *s, bool peer, struct unix_name *name)
{
	if (!peer) {
		*name = s->name;
		return 0;
	}
	if (s->peer == 0)
		return -ENOTCONN;
	*name = s->peer->name;
	return 0;
}

int sock_type(const struct sock *s)
{
	return s->type;
}

bool sock_listening(const struct sock *s)
{
	return s->state == S_LISTENING;
}

int sock_peer_pid(const struct sock *s)
{
	return s->peer ? s->peer->pid : 0;
}

/* read and write: recv and send without flags. */
static long socket_read(struct file *f, uaddr_t ubuf, uint32_t len)
{
	struct uio u = { 0, 0, ubuf, len, false };
	uint32_t oflags = 0;

	return sock_recv(f->priv, &u, 0, 0, &oflags, f->flags & O_NONBLOCK);
}

static long socket_write(struct file *f, uaddr_t ubuf, uint32_t len)
{
	struct uio u = { 0, 0, ubuf, len, false };

	return sock_send(f->priv, &u, 0, 0, f->flags & O_NONBLOCK);
}

static void socket_release(struct file *f)
{
	sock_free(f->priv);
}

/* Linux's unix_poll: readable with data, a waiting connection or a shut
 * receive side; hung up when shut both ways or never connected;
 * writable while the receiver has room for a quarter of a ring. */
static uint32_t socket_poll(struct file *f)
{
	struct sock *s = f->priv;
	uint32_t mask = 0;

	if (s->state == S_LISTENING)
		return s->nbacklog ? POLLIN | POLLRDNORM : 0;
	if (s->shut == (SHUT_RCV | SHUT_SEND))
		mask |= POLLHUP;
	if (s->shut & SHUT_RCV)
		mask |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (ring_used(&s->rx))
		mask |= POLLIN | POLLRDNORM;
	if (s->conn && s->state == S_UNCONNECTED)
		mask |= POLLHUP;
	if (s->peer == 0 || ring_space(&s->peer->rx) >= RING_CAPACITY / 4)
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	return mask;
}

/* FIONREAD: a stream's bytes, a datagram socket's next record, a
 * seqpacket socket's records together (as Linux). */
static long socket_nread(struct file *f)
{
	struct sock *s = f->priv;
	uint64_t pos = s->rx.rcount;
	long sum = 0;

	if (s->state == S_LISTENING)
		return -EINVAL;
	if (!s->records)
		return ring_used(&s->rx);
	while (pos != s->rx.wcount) {
		struct rec_hdr h;
		ring_copy_kernel(&s->rx, pos, &h, sizeof(h), true);
		sum += h.len;
		if (s->type == SOCK_DGRAM)
			break;
		pos += sizeof(h) + h.namelen + h.len;
	}
	return sum;
}

const struct file_ops socket_fops = {
	.read = socket_read, .write = socket_write, .release = socket_release,
	.poll = socket_poll, .nread = socket_nread,
};
