/* Open files: the objects file descriptors refer to (console, file-tree
 * nodes, pipes), shared by dup and fork, and the per-process fd table. */
#ifndef FILE_FILE_H
#define FILE_FILE_H

#include <stdbool.h>
#include <stdint.h>

#include "../mm/uaddr.h"

#include "../fs/fs.h"

#include "../../../shared/linux_fcntl.h"

/* FT_ANON: a file with no node (Linux's anon inode: epoll), its object in priv. */
enum file_type { FT_CONSOLE, FT_NODE, FT_PIPE, FT_SOCKET, FT_ANON };

struct pipe;
struct file;
struct epitem;

/* What one kind of open file does (Linux's file_operations). The generic
 * checks (access mode, user range) are made before these are called; a
 * NULL entry answers with the errno noted. */
struct file_ops {
	long (*read)(struct file *f, uaddr_t ubuf, uint32_t len);  /* NULL: -EINVAL */
	long (*write)(struct file *f, uaddr_t ubuf, uint32_t len); /* NULL: -EINVAL */
	long (*ioctl)(struct file *f, uint32_t cmd, uaddr_t arg);   /* NULL: -ENOTTY */
	void (*release)(struct file *f);                            /* the last reference went */
	/* The poll events ready now (POLLIN, POLLOUT, POLLHUP, POLLERR), plus
	 * POLL_RECHECK when they can change without a poll_notify() call.
	 * NULL: always ready for both (a regular file). */
	uint32_t (*poll)(struct file *f);
	long (*nread)(struct file *f); /* bytes a read gets now (FIONREAD); NULL: -ENOTTY */
	const char *anon_name; /* FT_ANON: its name in /proc/PID/fd ("[eventpoll]") */
};

/* Internal poll bit: readiness may change with nobody calling
 * poll_notify() (the host's stdin), so a waiter looks again every tick. */
#define POLL_RECHECK (1u << 31)

/* The operations of the kinds of files (each beside its implementation). */
extern const struct file_ops console_fops; /* file/console.c */
extern const struct file_ops node_fops;    /* file/node.c */
extern const struct file_ops pipe_fops;    /* file/pipe.c */
extern const struct file_ops socket_fops;  /* file/socket.c */

struct file {
	enum file_type type;
	const struct file_ops *ops;
	int refs;
	uint32_t flags;        /* O_ACCMODE, O_APPEND, O_NONBLOCK */
	uint64_t off;          /* FT_NODE: position (directories: entry index) */
	struct fnode *node;    /* FT_NODE; a device's node when opened by path (/dev/tty) */
	struct fs_dir_cursor dir; /* FT_NODE directories: where getdents stopped */
	struct pipe *pipe;     /* FT_PIPE */
	bool pipe_writer;      /* FT_PIPE: the write end */
	int stream;            /* FT_CONSOLE: enum cv_console_stream for writes */
	void *priv;            /* the kind's own state, where it needs more (FT_SOCKET: its sock; /proc: its text) */
	bool flocked;          /* holds a flock(2) lock (flock.c) */
	bool rlocked;          /* may hold OFD record locks (rlock.c) */
	struct epitem *epitems; /* its registrations in epoll instances (epoll.c) */
};

/* A new open file of type with ops and one reference; NULL when the table
 * is full. */
struct file *file_alloc(enum file_type type, const struct file_ops *ops, uint32_t flags);

/* What f's locks (flock, record locks) lock: the file-tree node (also of
 * a device opened by path), the pipe, the kind's own object, or f itself. */
const void *file_lock_object(const struct file *f);

/* Take or drop a reference; the last drop closes the file. */
struct file *file_get(struct file *f);
void file_put(struct file *f);

/* read/write on an open file from/to user memory of the current process.
 * Return bytes transferred or -errno. */
long file_read(struct file *f, uaddr_t ubuf, uint64_t len);
long file_write(struct file *f, uaddr_t ubuf, uint64_t len);

/* The open file behind fd of the current process, or NULL. */
struct file *fd_file(int fd);

/* Linux's MAX_RW_COUNT: one read or write moves at most this much. */
#define MAX_RW_COUNT 0x7ffff000u

/* Install f at the lowest free fd >= min: the fd, or -EMFILE with f's
 * reference dropped (the caller's reference passes to the table either way). */
int fd_install(struct file *f, int min, bool cloexec);

/* Close fd of the current process; 0 or -EBADF. */
int fd_close(int fd);

/* pread/pwrite on an open file-tree node at off (not its position):
 * bytes transferred or -errno (-EISDIR, -EINVAL for non-regular files,
 * -ENOSPC, -EFBIG, -EFAULT). */
long node_pread(struct file *f, uaddr_t ubuf, uint32_t len, uint64_t off);
long node_pwrite(struct file *f, uaddr_t ubuf, uint32_t len, uint64_t off);

/* Is f a regular file where a write at off would start at or past
 * RLIMIT_FSIZE? (writev stops there silently once it has written, as
 * Linux limits the whole call.) */
bool node_write_at_limit(const struct file *f, uint64_t off);

/* Set the size of regular file n, unmapping pages past a new end from
 * every process first: 0 or -errno (-EISDIR, -EINVAL, -EFBIG). */
int node_truncate(struct fnode *n, uint64_t size);

/* Open the FIFO node with open(2) flags into a new fd of the current
 * process (file/fifo.c): the fd or -errno (-ENXIO, -EINTR, -ENFILE,
 * -EMFILE, -ENOMEM). */
long fifo_open(struct fnode *node, uint32_t flags);

/* Open the device node (S_IFCHR, S_IFBLK) with open(2) flags: 0 and a new
 * open file in *out, or -errno (-ENXIO: no such device). Provided by the
 * device layer (/dev); file/dev_open_stub.c answers -ENXIO until then. */
int dev_open(struct fnode *node, uint32_t flags, struct file **out);

/* ioctl on an open file: the kind's answer, -ENOTTY when it has none. */
long file_ioctl(struct file *f, uint32_t cmd, uaddr_t arg);

/* ioctl on fd of the current process: the calls every file answers
 * (FIONBIO, FIOCLEX, FIONCLEX, FIONREAD), else file_ioctl; -EBADF. */
long fd_ioctl(int fd, uint32_t cmd, uaddr_t arg);

/* The poll events of f now (POLL_RECHECK included, see above). */
uint32_t file_poll(struct file *f);

/* The console as a terminal (console_tty.c): its ioctls (termios, window
 * size, job control) and the job-control checks before a read (SIGTTIN
 * for a background group) and a write (SIGTTOU with TOSTOP): 0 to go on,
 * or -errno to return (-EINTR: the caller's group was sent the signal). */
long console_ioctl(uint32_t cmd, uaddr_t uarg);
long console_check_read(void);
long console_check_write(void);

/* Opening /dev/tty: 0 when the caller has a controlling terminal (the
 * console, when it is a terminal), else Linux's -ENXIO. */
long console_open_ctty(void);

#endif
