/* Path and metadata system calls: stat family, access, readlink, cwd. */
#include "handlers.h"

#include "../dev/chardev.h"
#include "../file/file.h"
#include "../lib/errno.h"
#include "../lib/string.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "../procfs/procfs.h"
#include "paths.h"

#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EMPTY_PATH       0x1000

/* What stat reports, whatever the structure. */
struct meta {
	uint64_t dev, ino, rdev, size, blocks;
	uint32_t mode, nlink, uid, gid, blksize;
	struct fs_time atime, mtime, ctime;
};

/* i386 struct stat64 (packed, 96 bytes). */
struct stat64_i386 {
	uint64_t dev;
	uint32_t pad0, ino32, mode, nlink, uid, gid;
	uint64_t rdev;
	uint32_t pad3;
	int64_t size;
	uint32_t blksize;
	uint64_t blocks;
	uint32_t atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
	uint64_t ino;
} __attribute__((packed));
_Static_assert(sizeof(struct stat64_i386) == 96, "i386 stat64 layout");

struct statx_ts {
	int64_t sec;
	uint32_t nsec, reserved;
};

struct statx_buf {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	struct statx_ts atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};
_Static_assert(sizeof(struct statx_buf) == 256, "statx layout");

/* Metadata of a file-tree node. */
static void node_meta(const struct fnode *n, struct meta *m)
{
	*m = (struct meta){ .dev = 1, .ino = n->ino, .size = n->size, .mode = n->mode,
			    .nlink = n->nlink, .uid = n->uid, .gid = n->gid, .rdev = n->rdev,
			    .blksize = FS_BLOCK, .blocks = n->pages.ndata * (FS_PAGE_SIZE / 512),
			    .atime = n->atime, .mtime = n->mtime, .ctime = n->ctime };
}

/* Metadata of an open file. */
static void file_meta(const struct file *f, struct meta *m)
{
	if (f->type == FT_NODE || f->node) { /* a file-tree node (FIFOs too) */
		node_meta(f->node, m);
		return;
	}
	*m = (struct meta){ .dev = 2, .ino = procfs_file_ino(f), .nlink = 1, .blksize = 4096 };
	if (f->type == FT_CONSOLE) {
		m->mode = FS_IFCHR | 0620;
		m->rdev = DEV_CONSOLE;
	} else if (f->type == FT_SOCKET) {
		m->mode = FS_IFSOCK | 0777; /* as Linux's sockfs */
	} else if (f->type == FT_ANON) {
		m->mode = 0600; /* Linux's anon inode: no type bits */
	} else {
		m->mode = FS_IFIFO | 0600;
	}
}

/* Linux x86-64's struct stat (stat, fstat, lstat, newfstatat). */
struct stat_x86_64 {
	uint64_t dev, ino, nlink;
	uint32_t mode, uid, gid, pad0;
	uint64_t rdev;
	int64_t size, blksize, blocks;
	int64_t atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
	int64_t reserved[3];
};
_Static_assert(sizeof(struct stat_x86_64) == 144, "x86-64 struct stat");

/* Store m as an x86-64 struct stat at user address ubuf. */
static long put_stat_x86_64(uaddr_t ubuf, const struct meta *m)
{
	struct stat_x86_64 st = {
		.dev = m->dev, .ino = m->ino, .nlink = m->nlink, .mode = m->mode, .uid = m->uid,
		.gid = m->gid, .rdev = m->rdev, .size = (int64_t)m->size, .blksize = m->blksize,
		.blocks = (int64_t)m->blocks, .atime = m->atime.sec, .atime_ns = m->atime.nsec,
		.mtime = m->mtime.sec, .mtime_ns = m->mtime.nsec, .ctime = m->ctime.sec,
		.ctime_ns = m->ctime.nsec,
	};

	return copy_to_user(cur->mm, ubuf, &st, sizeof(st));
}

/* Store m as the caller's stat structure at user address ubuf: i386's
 * struct stat64, or x86-64's struct stat (whose calls share the handlers). */
static long put_stat64(uaddr_t ubuf, const struct meta *m)
{
	if (cur_wide())
		return put_stat_x86_64(ubuf, m);
	struct stat64_i386 st = {
		.dev = m->dev, .ino32 = (uint32_t)m->ino, .mode = m->mode, .nlink = m->nlink,
		.uid = m->uid, .gid = m->gid, .rdev = m->rdev, .size = (int64_t)m->size,
		.blksize = m->blksize, .blocks = m->blocks,
		.atime = (uint32_t)m->atime.sec, .atime_ns = m->atime.nsec,
		.mtime = (uint32_t)m->mtime.sec, .mtime_ns = m->mtime.nsec,
		.ctime = (uint32_t)m->ctime.sec, .ctime_ns = m->ctime.nsec, .ino = m->ino,
	};

	return copy_to_user(cur->mm, ubuf, &st, sizeof(st));
}

/* Store m as a struct statx at user address ubuf. */
static long put_statx(uaddr_t ubuf, const struct meta *m)
{
	struct statx_buf sx = {
		.mask = 0x7ff, .blksize = m->blksize, .nlink = m->nlink, .uid = m->uid,
		.gid = m->gid, .mode = (uint16_t)m->mode, .ino = m->ino, .size = m->size,
		.blocks = m->blocks,
		.atime = { m->atime.sec, m->atime.nsec, 0 }, .btime = { m->ctime.sec, m->ctime.nsec, 0 },
		.ctime = { m->ctime.sec, m->ctime.nsec, 0 }, .mtime = { m->mtime.sec, m->mtime.nsec, 0 },
		.rdev_major = (uint32_t)(m->rdev >> 8), .rdev_minor = (uint32_t)(m->rdev & 0xff),
		.dev_major = 0, .dev_minor = (uint32_t)m->dev,
	};

	return copy_to_user(cur->mm, ubuf, &sx, sizeof(sx));
}

/* Look up the metadata for (dirfd, path, flags) as the *at calls do. */
static long meta_at(int dirfd, uaddr_t upath, uint32_t flags, struct meta *m)
{
	char path[FS_PATH_MAX];
	struct fnode *base, *node;
	long rc;

	if ((rc = path_from_user(upath, path)) == -ENOENT && (flags & AT_EMPTY_PATH)) {
		struct file *f = dirfd == AT_FDCWD_VALUE ? 0 : fd_file(dirfd);
		if (dirfd == AT_FDCWD_VALUE) {
			node_meta(cur->g->cwd ? cur->g->cwd : fs_root(), m);
			return 0;
		}
		if (f == 0)
			return -EBADF;
		file_meta(f, m);
		return 0;
	}
	if (rc < 0 || (rc = dir_of(dirfd, path, &base)) < 0)
		return rc;
	if ((rc = fs_lookup(base, path, !(flags & AT_SYMLINK_NOFOLLOW), &node)))
		return rc;
	node_meta(node, m);
	return 0;
}

long sys_stat64(const uint64_t *arg)
{
	struct meta m;
	long rc = meta_at(AT_FDCWD_VALUE, arg[0], 0, &m);

	return rc ? rc : put_stat64(arg[1], &m);
}

long sys_lstat64(const uint64_t *arg)
{
	struct meta m;
	long rc = meta_at(AT_FDCWD_VALUE, arg[0], AT_SYMLINK_NOFOLLOW, &m);

	return rc ? rc : put_stat64(arg[1], &m);
}

long sys_fstat64(const uint64_t *arg)
{
	struct file *f = fd_file((int)arg[0]);
	struct meta m;

	if (f == 0)
		return -EBADF;
	file_meta(f, &m);
	return put_stat64(arg[1], &m);
}

/* fstatat64(dirfd, path, buf, flags) */
long sys_fstatat64(const uint64_t *arg)
{
	struct meta m;
	long rc;

	if (arg[3] & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800 /* AT_NO_AUTOMOUNT */))
		return -EINVAL;
	rc = meta_at((int)arg[0], arg[1], arg[3], &m);
	return rc ? rc : put_stat64(arg[2], &m);
}

/* statx(dirfd, path, flags, mask, buf) */
long sys_statx(const uint64_t *arg)
{
	struct meta m;
	long rc = meta_at((int)arg[0], arg[1], arg[2], &m);

	return rc ? rc : put_statx(arg[4], &m);
}

/* access(path, mode) for root: reading and writing are allowed, executing
 * needs an x bit (any of the three) on a non-directory. */
static long access_at(int dirfd, uaddr_t upath, uint32_t mode, uint32_t flags)
{
	char path[FS_PATH_MAX];
	struct fnode *base, *node;
	long rc;

	if (mode & ~7u)
		return -EINVAL;
	if ((rc = path_from_user(upath, path)) < 0 || (rc = dir_of(dirfd, path, &base)) < 0)
		return rc;
	if ((rc = fs_lookup(base, path, !(flags & AT_SYMLINK_NOFOLLOW), &node)))
		return rc;
	if ((mode & 1) && !FS_ISDIR(node->mode) && !(node->mode & 0111))
		return -EACCES;
	return 0;
}

long sys_access(const uint64_t *arg)
{
	return access_at(AT_FDCWD_VALUE, arg[0], arg[1], 0);
}

long sys_faccessat(const uint64_t *arg)
{
	return access_at((int)arg[0], arg[1], arg[2], 0);
}

/* faccessat2(dirfd, path, mode, flags) */
long sys_faccessat2(const uint64_t *arg)
{
	if (arg[3] & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x200 /* AT_EACCESS */))
		return -EINVAL;
	return access_at((int)arg[0], arg[1], arg[2], arg[3]);
}

/* The target of a link (/proc's are made now) copied to the user, cut to bufsiz. */
static long read_link(int dirfd, uaddr_t upath, uaddr_t ubuf, uint32_t bufsiz)
{
	char path[FS_PATH_MAX], text[FS_PATH_MAX];
	struct fnode *base, *node;
	const char *target;
	uint64_t len;
	long rc;

	if ((int32_t)bufsiz <= 0)
		return -EINVAL;
	if ((rc = path_from_user(upath, path)) < 0)
		return rc;
	if ((rc = dir_of(dirfd, path, &base)) < 0 || (rc = fs_lookup(base, path, false, &node)))
		return rc;
	if (!FS_ISLNK(node->mode))
		return -EINVAL;
	if (node->pseudo) {
		if ((rc = procfs_readlink(node, text, sizeof(text))) < 0)
			return rc;
		target = text;
		len = (uint64_t)rc;
	} else {
		target = node->link;
		len = node->size;
	}
	if (len > bufsiz)
		len = bufsiz;
	rc = copy_to_user(cur->mm, ubuf, target, (uint32_t)len);
	return rc ? rc : (long)len;
}

long sys_readlink(const uint64_t *arg)
{
	return read_link(AT_FDCWD_VALUE, arg[0], arg[1], arg[2]);
}

long sys_readlinkat(const uint64_t *arg)
{
	return read_link((int)arg[0], arg[1], arg[2], arg[3]);
}

/* getcwd(buf, size): the length with the NUL, as the system call returns. */
long sys_getcwd(const uint64_t *arg)
{
	char path[FS_PATH_MAX];
	int n = fs_path(cur->g->cwd ? cur->g->cwd : fs_root(), path, sizeof(path));
	long rc;

	if (n == -ENOENT)
		return n; /* the working directory was removed */
	if (n < 0 || (uint32_t)n + 1 > arg[1])
		return -ERANGE;
	rc = copy_to_user(cur->mm, arg[0], path, (uint32_t)n + 1);
	return rc ? rc : n + 1;
}

long sys_chdir(const uint64_t *arg)
{
	char path[FS_PATH_MAX];
	struct fnode *node;
	long rc;

	if ((rc = path_from_user(arg[0], path)) < 0 || (rc = fs_lookup(cur->g->cwd, path, true, &node)))
		return rc;
	if (!FS_ISDIR(node->mode))
		return -ENOTDIR;
	fs_put(cur->g->cwd);
	cur->g->cwd = fs_get(node);
	return 0;
}

long sys_fchdir(const uint64_t *arg)
{
	struct file *f = fd_file((int)arg[0]);

	if (f == 0)
		return -EBADF;
	if (f->type != FT_NODE || !FS_ISDIR(f->node->mode))
		return -ENOTDIR;
	fs_put(cur->g->cwd);
	cur->g->cwd = fs_get(f->node);
	return 0;
}

