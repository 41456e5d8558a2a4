/* AF_UNIX sockets: stream, datagram and seqpacket, connected in pairs or
 * through names: abstract ones (a leading NUL byte: no file-system node)
 * or paths, bound as S_IFSOCK nodes in the file tree. */
#ifndef FILE_SOCKET_H
#define FILE_SOCKET_H

#include <stdbool.h>
#include <stdint.h>

#include "../mm/uaddr.h"

#define AF_UNIX         1
#define SOCK_STREAM     1
#define SOCK_DGRAM      2
#define SOCK_RAW        3 /* AF_UNIX makes it a datagram socket, as Linux */
#define SOCK_SEQPACKET  5
#define SOCK_TYPE_MASK  0xf
#define UNIX_PATH_MAX   108
#define SOMAXCONN       4096

/* send/recv flags (Linux's MSG_*) */
#define MSG_OOB      0x1
#define MSG_PEEK     0x2
#define MSG_TRUNC    0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR      0x80
#define MSG_WAITALL  0x100
#define MSG_NOSIGNAL 0x4000
#define MSG_CMSG_CLOEXEC 0x40000000

/* shutdown(2) directions as bits: SHUT_RD + 1, SHUT_WR + 1 */
#define SHUT_RCV  1
#define SHUT_SEND 2

struct sock;
struct file;

/* A socket's name: len bytes of sun_path (abstract names start with a
 * NUL byte; paths count their terminating NUL, as Linux; 0: unnamed). */
struct unix_name {
	uint32_t len;
	char path[UNIX_PATH_MAX + 1];
};

/* User memory of one transfer: an iovec array in user memory (uiov, cnt),
 * or, with uiov 0, the single buffer (base, len). */
struct uio {
	uaddr_t uiov;
	uint32_t cnt;
	uaddr_t base;
	uint32_t len;
	bool wide; /* the iovecs have x86-64's layout (two 8-byte words) */
};

/* The total length of u: 0 or -EFAULT/-EINVAL (a total over 2 GiB). */
long uio_total(const struct uio *u, uint32_t *total);

/* A new socket of type (SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET) as an
 * open file with flags (O_RDWR | O_NONBLOCK); -ENFILE, -ENOMEM. */
long sock_open(int type, uint32_t flags, struct file **out);

/* The socket behind f, or NULL when f is no socket. */
struct sock *sock_of(struct file *f);

/* Connect two new sockets to each other (socketpair). */
void sock_pair(struct sock *a, struct sock *b);

/* Name s; an empty name (len 0) picks a free abstract one, a path makes
 * a socket node (mode 0777 less the umask). 0, -EINVAL (already named),
 * -EADDRINUSE, or the file tree's errno for a path. */
long sock_bind(struct sock *s, const struct unix_name *name);

/* Accept connections, at most backlog waiting. 0, -EINVAL, -EOPNOTSUPP. */
long sock_listen(struct sock *s, int backlog);

/* Connect s to the socket named name (datagram: its default peer):
 * -ECONNREFUSED when nobody listens there, a path's lookup errno. */
long sock_connect(struct sock *s, const struct unix_name *name, bool nonblock);

/* Wait for a connection on listener s (unless nonblock); the new
 * connected socket as an open file with flags (O_NONBLOCK) in *out. */
long sock_accept(struct sock *s, bool nonblock, uint32_t flags, struct file **out);

/* Send u to the peer, or to the socket named to (NULL: the peer); bytes
 * sent or -errno (-EPIPE also raises SIGPIPE unless MSG_NOSIGNAL). */
long sock_send(struct sock *s, const struct uio *u, uint32_t flags, const struct unix_name *to,
	       bool nonblock);

/* Receive into u: bytes (MSG_TRUNC: a datagram's full length), 0 at the
 * end of a stream; the sender's name in *from (may be NULL), MSG_TRUNC in
 * *oflags when a datagram was cut. */
long sock_recv(struct sock *s, const struct uio *u, uint32_t flags, struct unix_name *from,
	       uint32_t *oflags, bool nonblock);

/* shutdown(how): 0, -EINVAL, -ENOTCONN. */
long sock_shutdown(struct sock *s, int how);

/* The name of s, or with peer, of its peer (-ENOTCONN without one). */
long sock_name(struct sock *s, bool peer, struct unix_name *name);

/* Socket facts for getsockopt: SOCK_* type, listening, the peer's pid. */
int sock_type(const struct sock *s);
bool sock_listening(const struct sock *s);
int sock_peer_pid(const struct sock *s);

#endif
