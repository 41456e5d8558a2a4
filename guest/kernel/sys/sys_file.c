/* File descriptor system calls. */
#include "handlers.h"

#include "../file/file.h"
#include "../file/flock.h"
#include "../file/memfd.h"
#include "../file/pipe.h"
#include "../lib/errno.h"
#include "../lib/string.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "../procfs/procfs.h"
#include "fcntl_lock.h"
#include "paths.h"
#include "positioned.h"

#define AT_FDCWD   AT_FDCWD_VALUE
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define F_DUPFD  0
#define F_GETFD  1
#define F_SETFD  2
#define F_GETFL  3
#define F_SETFL  4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC 1

long sys_read(const uint64_t *arg)
{
	struct file *f = fd_file((int)arg[0]);

	return f ? file_read(f, arg[1], arg[2]) : -EBADF;
}

long sys_write(const uint64_t *arg)
{
	struct file *f = fd_file((int)arg[0]);

	return f ? file_write(f, arg[1], arg[2]) : -EBADF;
}

/* The node open(O_CREAT) opens: the existing one (O_EXCL: -EEXIST), or a
 * new regular file with mode less the umask. */
static long open_create(struct fnode *base, const char *path, uint32_t flags, uint32_t mode,
			struct fnode **node)
{
	struct fnode *dir;
	const char *name;
	uint32_t len;
	bool slash, dot;
	long rc;

	if ((rc = fs_lookup_parent(base, path, &dir, &name, &len, &slash)))
		return rc;
	if (slash)
		return -EISDIR; /* O_CREAT never opens a directory */
	dot = name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.'));
	if (dot || fs_find(dir, name, len)) {
		if (flags & O_EXCL)
			return -EEXIST;
		return fs_lookup(base, path, !(flags & O_NOFOLLOW), node);
	}
	return fs_create(dir, name, len, FS_IFREG | (mode & 07777 & ~cur->g->umask), 0, 0, 0, node);
}

/* May node be opened with flags? 0 or -errno. */
static long open_check(const struct fnode *node, uint32_t flags)
{
	if (FS_ISLNK(node->mode))
		return -ELOOP; /* O_NOFOLLOW on a link */
	if ((flags & O_DIRECTORY) && !FS_ISDIR(node->mode))
		return -ENOTDIR;
	if (FS_ISDIR(node->mode) && ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_TRUNC | O_CREAT))))
		return -EISDIR;
	if ((flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	return 0;
}

/* A new open file for node (not a FIFO of the tree): /proc's nodes
 * through procfs, a device through the device layer, a socket never
 * (ENXIO, as Linux), else the node itself. */
static long open_node(struct fnode *node, uint32_t flags, struct file **f)
{
	uint32_t type = node->mode & FS_IFMT;
	bool writer;

	if ((node->pseudo_node || node->pseudo) && !(flags & O_PATH))
		return procfs_open(node, flags & (O_ACCMODE | O_APPEND | O_NONBLOCK), f);
	if (flags & O_PATH) { /* a place in the tree, not opened: no I/O at all */
		if ((*f = file_alloc(FT_NODE, &node_fops, O_ACCMODE)) == 0)
			return -ENFILE;
		(*f)->node = fs_get(node);
		return 0;
	}
	if (type == FS_IFCHR || type == FS_IFBLK)
		return dev_open(node, flags, f);
	if (type == FS_IFSOCK)
		return -ENXIO;
	writer = FS_ISREG(node->mode) && (flags & O_ACCMODE) != O_RDONLY;
	if (writer && fs_get_write(node))
		return -ETXTBSY; /* a running program is not opened for writing */
	if ((*f = file_alloc(FT_NODE, &node_fops, flags & (O_ACCMODE | O_APPEND | O_NONBLOCK))) == 0) {
		if (writer)
			fs_put_write(node);
		return -ENFILE;
	}
	(*f)->node = fs_get(node);
	return 0;
}

/* Open path relative to dirfd with flags (mode for O_CREAT); the new fd or -errno. */
static long open_at(int dirfd, uaddr_t upath, uint32_t flags, uint32_t mode)
{
	struct fnode *base, *node;
	char path[FS_PATH_MAX];
	struct file *f;
	long rc;

	if ((flags & O_TMPFILE) == O_TMPFILE)
		return -EOPNOTSUPP; /* unnamed files are not offered */
	if ((flags & (O_CREAT | O_DIRECTORY)) == (O_CREAT | O_DIRECTORY))
		return -EINVAL; /* as Linux since 6.4: no file made and then refused */
	if (flags & O_PATH)
		flags &= O_PATH_FLAGS; /* O_CREAT, O_TRUNC, the access mode: ignored */
	if ((rc = path_from_user(upath, path)) < 0 || (rc = dir_of(dirfd, path, &base)) < 0)
		return rc;
	if (flags & O_CREAT)
		rc = open_create(base, path, flags, mode, &node);
	else
		rc = fs_lookup(base, path, !(flags & O_NOFOLLOW), &node);
	if (rc || (rc = open_check(node, flags)))
		return rc;
	if (FS_ISFIFO(node->mode) && !node->pseudo_node && !(flags & O_PATH))
		return fifo_open(node, flags); /* installs its own fd (it may wait for a peer) */
	if ((rc = open_node(node, flags, &f)))
		return rc;
	if ((flags & O_TRUNC) && FS_ISREG(node->mode) && !node->pseudo_node && (rc = node_truncate(node, 0))) {
		file_put(f);
		return rc;
	}
	return fd_install(f, 0, flags & O_CLOEXEC);
}

long sys_open(const uint64_t *arg)
{
	return open_at(AT_FDCWD, arg[0], arg[1], arg[2]);
}

long sys_openat(const uint64_t *arg)
{
	return open_at((int)arg[0], arg[1], arg[2], arg[3]);
}

long sys_creat(const uint64_t *arg)
{
	return open_at(AT_FDCWD, arg[0], O_CREAT | O_WRONLY | O_TRUNC, arg[1]);
}

long positioned(int fd, struct file **f)
{
	if ((*f = fd_file(fd)) == 0)
		return -EBADF;
	if ((*f)->type != FT_NODE)
		return -ESPIPE;
	return 0;
}

/* pread of a node file with operations of its own (/proc's generated
 * files, devices): its read at off, the position kept. */
static long own_pread(struct file *f, uaddr_t ubuf, uint32_t len, uint64_t off)
{
	uint64_t saved = f->off;
	long n;

	if (f->ops->read == 0)
		return -EINVAL;
	f->off = off;
	n = f->ops->read(f, ubuf, len);
	f->off = saved;
	return n;
}

/* The checks pread64 and pwrite64 share (fd, buf, count, off_lo, off_hi):
 * a positioned file not opened only for the other direction (bad_mode), a
 * user buffer, an offset >= 0 into *off. */
int64_t positioned_offset(const uint64_t *arg)
{
	return cur_wide() ? (int64_t)arg[3] /* x86-64: one register */
			  : (int64_t)(((uint64_t)arg[4] << 32) | arg[3]);
}

static long positioned_io(const uint64_t *arg, uint32_t bad_mode, struct file **f, uint64_t *off)
{
	int64_t o = positioned_offset(arg);
	long rc = positioned((int)arg[0], f);

	if (rc)
		return rc;
	if (o < 0)
		return -EINVAL;
	if (((*f)->flags & O_ACCMODE) == bad_mode)
		return -EBADF;
	if (!user_range_ok(arg[1], arg[2]))
		return -EFAULT;
	*off = (uint64_t)o;
	return 0;
}

long positioned_read(struct file *f, uaddr_t ubuf, uint32_t len, uint64_t off)
{
	if (f->ops != &node_fops)
		return own_pread(f, ubuf, len, off);
	return node_pread(f, ubuf, len, off);
}

long positioned_write(struct file *f, uaddr_t ubuf, uint32_t len, uint64_t off)
{
	return node_pwrite(f, ubuf, len, (f->flags & O_APPEND) ? f->node->size : off);
}

long sys_pread64(const uint64_t *arg)
{
	struct file *f;
	uint64_t off;
	long rc = positioned_io(arg, O_WRONLY, &f, &off);

	return rc ? rc : positioned_read(f, arg[1], arg[2], off);
}

long sys_pwrite64(const uint64_t *arg)
{
	struct file *f;
	uint64_t off;
	long rc = positioned_io(arg, O_RDONLY, &f, &off);

	return rc ? rc : positioned_write(f, arg[1], arg[2], off);
}

long sys_close(const uint64_t *arg)
{
	return fd_close((int)arg[0]);
}

#define CLOSE_RANGE_UNSHARE 2u
#define CLOSE_RANGE_CLOEXEC 4u

/* close_range(first, last, flags): close the open descriptors in
 * [first, last], or with CLOSE_RANGE_CLOEXEC mark them close-on-exec.
 * CLOSE_RANGE_UNSHARE asks for a table of one's own: a process's
 * already is; a thread's stays its group's (EINVAL: not offered). */
long sys_close_range(const uint64_t *arg)
{
	uint32_t first = (uint32_t)arg[0], last = (uint32_t)arg[1], flags = (uint32_t)arg[2];
	uint64_t range;

	if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC) || first > last)
		return -EINVAL;
	if ((flags & CLOSE_RANGE_UNSHARE) && cur->g->nthreads > 1)
		return -EINVAL;
	if (first >= NOFILE)
		return 0;
	range = last >= NOFILE - 1 ? ~0ull << first : ((2ull << last) - 1) & (~0ull << first);
	if (flags & CLOSE_RANGE_CLOEXEC) {
		cur->g->cloexec |= cur->g->fd_open & range;
		return 0;
	}
	for (uint64_t open = cur->g->fd_open & range; open; open &= open - 1)
		fd_close(__builtin_ctzll(open));
	return 0;
}

/* The new position of f for offset and whence, or -errno. */
static int64_t seek(struct file *f, int64_t offset, uint32_t whence)
{
	int64_t base;

	if (f->type != FT_NODE)
		return -ESPIPE;
	if (whence == SEEK_SET)
		base = 0;
	else if (whence == SEEK_CUR)
		base = (int64_t)f->off;
	else if (whence == SEEK_END)
		base = (int64_t)f->node->size;
	else
		return -EINVAL;
	if (base + offset < 0)
		return -EINVAL;
	f->off = (uint64_t)(base + offset);
	return (int64_t)f->off;
}

long sys_lseek(const uint64_t *arg)
{
	struct file *f = fd_file((int)arg[0]);
	int64_t pos;

	if (f == 0)
		return -EBADF;
	if (cur_wide()) /* x86-64: a 64-bit offset and result */
		return seek(f, (int64_t)arg[1], arg[2]);
	pos = seek(f, (int32_t)arg[1], arg[2]);
	return pos > 0x7fffffff ? -EOVERFLOW : pos;
}

/* _llseek(fd, offset_high, offset_low, loff_t *result, whence) */
long sys_llseek(const uint64_t *arg)
{
	struct file *f = fd_file((int)arg[0]);
	int64_t pos;

	if (f == 0)
		return -EBADF;
	pos = seek(f, (int64_t)(((uint64_t)arg[1] << 32) | arg[2]), arg[4]);
	if (pos < 0)
		return pos;
	return copy_to_user(cur->mm, arg[3], &pos, sizeof(pos));
}

long sys_dup(const uint64_t *arg)
{
	struct file *f = fd_file((int)arg[0]);

	if (f == 0)
		return -EBADF;
	return fd_install(file_get(f), 0, false);
}

/* dup3 semantics: newfd closed first; same fds are an error only for dup3. */
static long dup_to(int oldfd, int newfd, uint32_t flags, bool is_dup3)
{
	struct file *f = fd_file(oldfd);

	if (f == 0 || newfd < 0 || newfd >= rlimit_nofile())
		return -EBADF;
	if (oldfd == newfd)
		return is_dup3 ? -EINVAL : newfd;
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	file_get(f);
	if (cur->g->files[newfd])
		fd_close(newfd);
	return fd_install(f, newfd, flags & O_CLOEXEC);
}

long sys_dup2(const uint64_t *arg)
{
	return dup_to((int)arg[0], (int)arg[1], 0, false);
}

long sys_dup3(const uint64_t *arg)
{
	return dup_to((int)arg[0], (int)arg[1], arg[2], true);
}

/* pipe2(int fds[2], flags) */
static long make_pipe(uaddr_t ufds, uint32_t flags)
{
	uint32_t nb = flags & O_NONBLOCK;
	bool cloexec = flags & O_CLOEXEC;
	struct file *r, *w;
	struct pipe *p;
	int fds[2], rc;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	if ((rc = pipe_create(&p)) < 0)
		return rc;
	if ((r = file_alloc(FT_PIPE, &pipe_fops, O_RDONLY | nb)) == 0) {
		pipe_close(p, false);
		pipe_close(p, true);
		return -ENFILE;
	}
	r->pipe = p;
	if ((w = file_alloc(FT_PIPE, &pipe_fops, O_WRONLY | nb)) == 0) {
		file_put(r);
		pipe_close(p, true);
		return -ENFILE;
	}
	w->pipe = p;
	w->pipe_writer = true;
	if ((fds[0] = fd_install(r, 0, cloexec)) < 0) {
		file_put(w);
		return -EMFILE;
	}
	if ((fds[1] = fd_install(w, 0, cloexec)) < 0) {
		fd_close(fds[0]);
		return -EMFILE;
	}
	if (copy_to_user(cur->mm, ufds, fds, sizeof(fds))) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(const uint64_t *arg)
{
	return make_pipe(arg[0], 0);
}

long sys_pipe2(const uint64_t *arg)
{
	return make_pipe(arg[0], arg[1]);
}

/* ioctl: each kind of file answers for itself. */
long sys_ioctl(const uint64_t *arg)
{
	return fd_ioctl((int)arg[0], arg[1], arg[2]);
}

/* fcntl64 (i386) and x86-64's fcntl: every command, record locks through
 * fcntl_lock.c (the 64 forms only for i386). */
long sys_fcntl64(const uint64_t *arg)
{
	int fd = (int)arg[0];
	struct file *f = fd_file(fd);

	if (f == 0)
		return -EBADF;
	switch (arg[1]) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if ((int)arg[2] < 0 || (int)arg[2] >= rlimit_nofile())
			return -EINVAL;
		return fd_install(file_get(f), (int)arg[2], arg[1] == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return (cur->g->cloexec >> fd) & 1 ? FD_CLOEXEC : 0;
	case F_SETFD:
		if (arg[2] & FD_CLOEXEC)
			cur->g->cloexec |= 1ull << fd;
		else
			cur->g->cloexec &= ~(1ull << fd);
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK)) | (arg[2] & (O_APPEND | O_NONBLOCK));
		return 0;
	case F_GETLK64:
	case F_SETLK64:
	case F_SETLKW64:
		if (cur_wide())
			return -EINVAL; /* not x86-64 commands */
		/* fall through */
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return fcntl_lock(f, (uint32_t)arg[1], arg[2]);
	case F_ADD_SEALS:
		return memfd_add_seals(f, (uint32_t)arg[2]);
	case F_GET_SEALS:
		return memfd_get_seals(f);
	}
	return -EINVAL;
}

/* fcntl: on i386 (Linux's compat fcntl) the commands with a struct
 * flock64 are fcntl64's alone; otherwise fcntl64's answer. */
long sys_fcntl(const uint64_t *arg)
{
	if (!cur_wide() && ((arg[1] >= F_GETLK64 && arg[1] <= F_SETLKW64) ||
			    (arg[1] >= F_OFD_GETLK && arg[1] <= F_OFD_SETLKW)))
		return -EINVAL; /* before the descriptor is looked at, as Linux */
	return sys_fcntl64(arg);
}

/* flock(fd, operation): LOCK_SH or LOCK_EX (| LOCK_NB), or LOCK_UN, on the
 * open file description (file/flock.c). */
long sys_flock(const uint64_t *arg)
{
	struct file *f = fd_file((int)arg[0]);
	uint32_t op = (uint32_t)arg[1];

	if (f == 0)
		return -EBADF;
	if (op & LOCK_MAND)
		return 0; /* Linux ignores these (with a warning) since 5.15 */
	switch (op & ~LOCK_NB) {
	case LOCK_SH:
	case LOCK_EX:
		return flock_lock(f, (op & ~LOCK_NB) == LOCK_EX, op & LOCK_NB);
	case LOCK_UN:
		flock_unlock(f);
		return 0;
	default:
		return -EINVAL;
	}
}
