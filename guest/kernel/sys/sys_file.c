/* File descriptor system calls. */
#include "handlers.h"

#include "../dev/chardev.h"
#include "../file/file.h"
#include "../file/pipe.h"
#include "../lib/errno.h"
#include "../lib/string.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "../procfs/procfs.h"
#include "paths.h"

#define AT_FDCWD   AT_FDCWD_VALUE
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define IOV_MAX  1024
#define F_DUPFD  0
#define F_GETFD  1
#define F_SETFD  2
#define F_GETFL  3
#define F_SETFL  4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC 1

HANDLER(sys_read)
{
	struct file *f = fd_file((int)arg[0]);

	return f ? file_read(f, arg[1], arg[2]) : -EBADF;
}

HANDLER(sys_write)
{
	struct file *f = fd_file((int)arg[0]);

	return f ? file_write(f, arg[1], arg[2]) : -EBADF;
}

/* readv/writev: one transfer per iovec until a short one or an error. */
static long vector_io(const uint32_t *arg, bool writing)
{
	struct file *f = fd_file((int)arg[0]);
	uint32_t iov[2];
	long total = 0;

	if (f == 0)
		return -EBADF;
	if (arg[2] > IOV_MAX)
		return -EINVAL;
	for (uint32_t i = 0; i < arg[2]; i++) {
		long n;
		sched_preempt_point(); /* up to IOV_MAX transfers in one call */
		if (copy_from_user(cur->mm, iov, arg[1] + 8 * i, sizeof(iov)))
			return total ? total : -EFAULT;
		if (iov[1] == 0)
			continue;
		n = writing ? file_write(f, iov[0], iov[1]) : file_read(f, iov[0], iov[1]);
		if (n < 0)
			return total ? total : n;
		total += n;
		if ((uint32_t)n < iov[1])
			break;
	}
	return total;
}

HANDLER(sys_readv)
{
	return vector_io(arg, false);
}

HANDLER(sys_writev)
{
	return vector_io(arg, true);
}

/* A new open file for node (found and checked by open_at); 0 or -errno.
 * /proc's nodes and device nodes make their own kinds of file. */
static long open_node(struct fnode *node, uint32_t flags, struct file **out)
{
	uint32_t kept = flags & (O_ACCMODE | O_APPEND | O_NONBLOCK);

	if (node->pseudo)
		return procfs_open(node, kept, out);
	if (FS_ISCHR(node->mode))
		return chardev_open(node, kept, out);
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
		return FS_ISDIR(node->mode) ? -EISDIR : -EROFS;
	if ((*out = file_alloc(FT_NODE, &node_fops, kept)) == 0)
		return -ENFILE;
	(*out)->node = node;
	return 0;
}

/* Open path relative to dirfd with flags; the new fd or -errno. */
static long open_at(int dirfd, uint32_t upath, uint32_t flags)
{
	struct fnode *base, *node;
	char path[FS_PATH_MAX];
	struct file *f;
	long rc;

	if ((rc = path_from_user(upath, path)) < 0 || (rc = dir_of(dirfd, path, &base)) < 0)
		return rc;
	rc = fs_lookup(base, path, !(flags & O_NOFOLLOW), &node);
	if (rc == -ENOENT && (flags & O_CREAT))
		return -EROFS;
	if (rc)
		return rc;
	if ((flags & O_CREAT) && (flags & O_EXCL))
		return -EEXIST;
	if (FS_ISLNK(node->mode))
		return -ELOOP; /* O_NOFOLLOW on a link */
	if ((flags & O_DIRECTORY) && !FS_ISDIR(node->mode))
		return -ENOTDIR;
	if ((rc = open_node(node, flags, &f)) < 0)
		return rc;
	rc = fd_install(f, 0, flags & O_CLOEXEC);
	if (rc < 0)
		file_put(f);
	return rc;
}

HANDLER(sys_open)
{
	return open_at(AT_FDCWD, arg[0], arg[1]);
}

HANDLER(sys_openat)
{
	return open_at((int)arg[0], arg[1], arg[2]);
}

HANDLER(sys_close)
{
	return fd_close((int)arg[0]);
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

HANDLER(sys_lseek)
{
	struct file *f = fd_file((int)arg[0]);
	int64_t pos;

	if (f == 0)
		return -EBADF;
	pos = seek(f, (int32_t)arg[1], arg[2]);
	return pos > 0x7fffffff ? -EOVERFLOW : pos;
}

/* _llseek(fd, offset_high, offset_low, loff_t *result, whence) */
HANDLER(sys_llseek)
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

HANDLER(sys_dup)
{
	struct file *f = fd_file((int)arg[0]);
	long fd;

	if (f == 0)
		return -EBADF;
	fd = fd_install(file_get(f), 0, false);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* dup3 semantics: newfd closed first; same fds are an error only for dup3. */
static long dup_to(int oldfd, int newfd, uint32_t flags, bool is_dup3)
{
	struct file *f = fd_file(oldfd);

	if (f == 0 || newfd < 0 || newfd >= NOFILE)
		return -EBADF;
	if (oldfd == newfd)
		return is_dup3 ? -EINVAL : newfd;
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	file_get(f);
	if (cur->files[newfd])
		fd_close(newfd);
	return fd_install(f, newfd, flags & O_CLOEXEC);
}

HANDLER(sys_dup2)
{
	return dup_to((int)arg[0], (int)arg[1], 0, false);
}

HANDLER(sys_dup3)
{
	return dup_to((int)arg[0], (int)arg[1], arg[2], true);
}

/* pipe2(int fds[2], flags) */
static long make_pipe(uint32_t ufds, uint32_t flags)
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
		file_put(r);
		file_put(w);
		return -EMFILE;
	}
	if ((fds[1] = fd_install(w, 0, cloexec)) < 0) {
		fd_close(fds[0]);
		file_put(w);
		return -EMFILE;
	}
	if (copy_to_user(cur->mm, ufds, fds, sizeof(fds))) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

HANDLER(sys_pipe)
{
	return make_pipe(arg[0], 0);
}

HANDLER(sys_pipe2)
{
	return make_pipe(arg[0], arg[1]);
}

/* ioctl: each kind of file answers for itself. */
HANDLER(sys_ioctl)
{
	struct file *f = fd_file((int)arg[0]);

	return f ? file_ioctl(f, arg[1], arg[2]) : -EBADF;
}

HANDLER(sys_fcntl64)
{
	int fd = (int)arg[0];
	struct file *f = fd_file(fd);
	long nfd;

	if (f == 0)
		return -EBADF;
	switch (arg[1]) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if ((int)arg[2] < 0 || (int)arg[2] >= NOFILE)
			return -EINVAL;
		nfd = fd_install(file_get(f), (int)arg[2], arg[1] == F_DUPFD_CLOEXEC);
		if (nfd < 0)
			file_put(f);
		return nfd;
	case F_GETFD:
		return (cur->cloexec >> fd) & 1 ? FD_CLOEXEC : 0;
	case F_SETFD:
		if (arg[2] & FD_CLOEXEC)
			cur->cloexec |= 1ull << fd;
		else
			cur->cloexec &= ~(1ull << fd);
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK)) | (arg[2] & (O_APPEND | O_NONBLOCK));
		return 0;
	}
	return -EINVAL;
}
