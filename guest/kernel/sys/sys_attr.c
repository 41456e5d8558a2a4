/* System calls that change a node's attributes or size, or ask about the
 * file system: chmod, chown, utime(s), truncate, fsync, statfs families. */
#include "handlers.h"

#include "../file/file.h"
#include "../lib/errno.h"
#include "../lib/string.h"
#include "../mm/frame.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "paths.h"

#define AT_FDCWD            AT_FDCWD_VALUE
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EMPTY_PATH       0x1000
#define S_ISUID             04000u
#define S_ISGID             02000u
#define S_IXGRP             00010u
#define UTIME_NOW           ((1u << 30) - 1)
#define UTIME_OMIT          ((1u << 30) - 2)
#define NS                  1000000000u

/* The node (dirfd, upath) names, following a last symlink when follow;
 * with AT_EMPTY_PATH an empty path means the file open at dirfd. */
static long node_at(int dirfd, uaddr_t upath, bool follow, uint32_t flags, struct fnode **out)
{
	char path[FS_PATH_MAX];
	struct fnode *base;
	struct file *f;
	long rc = path_from_user(upath, path);

	if (rc == -ENOENT && (flags & AT_EMPTY_PATH)) {
		if (dirfd == AT_FDCWD) {
			*out = cur->g->cwd;
			return 0;
		}
		if ((f = fd_file(dirfd)) == 0)
			return -EBADF;
		if (!f->node)
			return -EPERM; /* a pipe or the console: not a file-tree node */
		*out = f->node;
		return 0;
	}
	if (rc < 0 || (rc = dir_of(dirfd, path, &base)) < 0)
		return rc;
	return fs_lookup(base, path, follow, out);
}

/* The node open at fd; -EBADF, or -EPERM (no node: pipe, console). */
static long node_of_fd(int fd, struct fnode **out)
{
	struct file *f = fd_file(fd);

	if (f == 0)
		return -EBADF;
	*out = f->node;
	return f->node ? 0 : -EPERM;
}

/* ---- chmod ---- */

/* Set the permission bits of n. */
static long set_mode(struct fnode *n, uint32_t mode)
{
	if (n->pseudo_node)
		return -EPERM; /* as Linux's proc_setattr */
	n->mode = (n->mode & FS_IFMT) | (mode & 07777);
	fs_touch(n, false);
	return 0;
}

long sys_chmod(const uint64_t *arg)
{
	struct fnode *n;
	long rc = node_at(AT_FDCWD, arg[0], true, 0, &n);

	return rc ? rc : set_mode(n, arg[1]);
}

long sys_fchmod(const uint64_t *arg)
{
	struct fnode *n;
	long rc = node_of_fd((int)arg[0], &n);

	return rc == -EPERM ? 0 : rc ? rc : set_mode(n, arg[1]);
}

long sys_fchmodat(const uint64_t *arg)
{
	struct fnode *n;
	long rc = node_at((int)arg[0], arg[1], true, 0, &n);

	return rc ? rc : set_mode(n, arg[2]);
}

/* ---- chown ---- */

/* Change owner and group (-1: unchanged); a non-directory loses set-user-ID
 * and (when group-executable) set-group-ID, as Linux does. */
static long set_owner(struct fnode *n, uint32_t uid, uint32_t gid)
{
	if (n->pseudo_node)
		return -EPERM; /* procfs's nodes keep their owners */
	if (uid != UINT32_MAX)
		n->uid = uid;
	if (gid != UINT32_MAX)
		n->gid = gid;
	if (!FS_ISDIR(n->mode)) {
		n->mode &= ~S_ISUID;
		if (n->mode & S_IXGRP)
			n->mode &= ~S_ISGID;
	}
	fs_touch(n, false);
	return 0;
}

/* A 16-bit id of the old calls, widened (0xffff is -1). */
static uint32_t id16(uint32_t id)
{
	id &= 0xffff;
	return id == 0xffff ? UINT32_MAX : id;
}

/* chown family: path (follow or not) or fd, 16- or 32-bit ids. */
static long chown_path(int dirfd, uaddr_t upath, uint32_t uid, uint32_t gid, uint32_t flags)
{
	struct fnode *n;
	long rc;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	rc = node_at(dirfd, upath, !(flags & AT_SYMLINK_NOFOLLOW), flags, &n);
	return rc ? rc : set_owner(n, uid, gid);
}

long sys_chown16(const uint64_t *arg)
{
	return chown_path(AT_FDCWD, arg[0], id16(arg[1]), id16(arg[2]), 0);
}

long sys_lchown16(const uint64_t *arg)
{
	return chown_path(AT_FDCWD, arg[0], id16(arg[1]), id16(arg[2]), AT_SYMLINK_NOFOLLOW);
}

long sys_chown32(const uint64_t *arg)
{
	return chown_path(AT_FDCWD, arg[0], arg[1], arg[2], 0);
}

long sys_lchown32(const uint64_t *arg)
{
	return chown_path(AT_FDCWD, arg[0], arg[1], arg[2], AT_SYMLINK_NOFOLLOW);
}

long sys_fchownat(const uint64_t *arg)
{
	return chown_path((int)arg[0], arg[1], arg[2], arg[3], arg[4]);
}

/* fchown on an fd: nodes change; pipes and the console accept it. */
static long chown_fd(int fd, uint32_t uid, uint32_t gid)
{
	struct fnode *n;
	long rc = node_of_fd(fd, &n);

	return rc == -EPERM ? 0 : rc ? rc : set_owner(n, uid, gid);
}

long sys_fchown16(const uint64_t *arg)
{
	return chown_fd((int)arg[0], id16(arg[1]), id16(arg[2]));
}

long sys_fchown32(const uint64_t *arg)
{
	return chown_fd((int)arg[0], arg[1], arg[2]);
}

/* ---- time stamps ---- */

/* Set access and modification times (NULL: now; UTIME_NOW, UTIME_OMIT as
 * utimensat); the change time becomes now unless both are omitted. */
static long set_times(struct fnode *n, const struct fs_time *t)
{
	struct fs_time now;

	if (n->pseudo_node)
		return -EPERM; /* procfs's nodes keep their times */
	fs_now(&now);
	if (t && t[0].nsec == UTIME_OMIT && t[1].nsec == UTIME_OMIT)
		return 0;
	n->atime = !t || t[0].nsec == UTIME_NOW ? now : t[0].nsec == UTIME_OMIT ? n->atime : t[0];
	n->mtime = !t || t[1].nsec == UTIME_NOW ? now : t[1].nsec == UTIME_OMIT ? n->mtime : t[1];
	n->ctime = now;
	return 0;
}

/* Read two times from user memory: timespec (32- or 64-bit) or timeval
 * (usec; 32-bit on i386, 64-bit on x86-64) pairs. 0, -EFAULT, -EINVAL (a
 * field out of range). */
static long get_times(uaddr_t ubuf, int kind, struct fs_time *t)
{
	enum { TS32, TS64, TV32, TV64 };
	bool wide = kind == TS64 || kind == TV64, usec = kind == TV32 || kind == TV64;
	int32_t w32[4];
	int64_t w64[4];

	if (wide ? copy_from_user(cur->mm, w64, ubuf, sizeof(w64))
		 : copy_from_user(cur->mm, w32, ubuf, sizeof(w32)))
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		int64_t sec = wide ? w64[2 * i] : w32[2 * i];
		int64_t frac = wide ? w64[2 * i + 1] : w32[2 * i + 1];
		bool special = !usec && (frac == UTIME_NOW || frac == UTIME_OMIT);
		if (!special && (frac < 0 || frac >= (usec ? 1000000 : NS)))
			return -EINVAL;
		t[i] = (struct fs_time){ sec, (uint32_t)(usec ? frac * 1000 : frac) };
	}
	return 0;
}

/* utimensat-like: (dirfd, path or NULL for dirfd itself, times, flags). */
static long utimes_at(int dirfd, uaddr_t upath, uaddr_t utimes, int kind, uint32_t flags)
{
	struct fs_time t[2];
	struct fnode *n;
	long rc;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (utimes && (rc = get_times(utimes, kind, t)))
		return rc;
	if (upath == 0)
		rc = dirfd == AT_FDCWD ? -EFAULT : node_of_fd(dirfd, &n);
	else
		rc = node_at(dirfd, upath, !(flags & AT_SYMLINK_NOFOLLOW), flags, &n);
	if (rc == -EPERM && upath == 0)
		return 0; /* a pipe or the console */
	return rc ? rc : set_times(n, utimes ? t : 0);
}

long sys_utimensat(const uint64_t *arg)
{
	return utimes_at((int)arg[0], arg[1], arg[2], 0, arg[3]);
}

long sys_utimensat_time64(const uint64_t *arg)
{
	return utimes_at((int)arg[0], arg[1], arg[2], 1, arg[3]);
}

/* The get_times kind of the caller's struct timeval: TV64 or TV32. */
static int timeval_kind(void)
{
	return cur_wide() ? 3 : 2;
}

long sys_utimes(const uint64_t *arg)
{
	return arg[0] ? utimes_at(AT_FDCWD, arg[0], arg[1], timeval_kind(), 0) : -EFAULT;
}

long sys_futimesat(const uint64_t *arg)
{
	return utimes_at((int)arg[0], arg[1], arg[2], timeval_kind(), 0);
}

/* utime(path, struct utimbuf { actime, modtime } *): two time_t, longs of
 * the caller's ABI. */
long sys_utime(const uint64_t *arg)
{
	int32_t ub32[2];
	int64_t ub[2];
	struct fs_time t[2];
	struct fnode *n;
	long rc;

	if (arg[1] && (cur_wide() ? copy_from_user(cur->mm, ub, arg[1], sizeof(ub))
				  : copy_from_user(cur->mm, ub32, arg[1], sizeof(ub32))))
		return -EFAULT;
	if (arg[1] && !cur_wide()) {
		ub[0] = ub32[0];
		ub[1] = ub32[1];
	}
	if ((rc = node_at(AT_FDCWD, arg[0], true, 0, &n)))
		return rc;
	t[0] = (struct fs_time){ ub[0], 0 };
	t[1] = (struct fs_time){ ub[1], 0 };
	return set_times(n, arg[1] ? t : 0);
}

/* ---- size ---- */

/* truncate(path, len) */
static long truncate_path(uaddr_t upath, int64_t len)
{
	struct fnode *n;
	long rc;

	if (len < 0)
		return -EINVAL;
	if ((rc = node_at(AT_FDCWD, upath, true, 0, &n)))
		return rc;
	return node_truncate(n, (uint64_t)len);
}

/* ftruncate(fd, len): the fd must be open for writing on a regular file. */
static long truncate_fd(int fd, int64_t len)
{
	struct file *f = fd_file(fd);

	if (f == 0)
		return -EBADF;
	if (len < 0 || f->type != FT_NODE || !FS_ISREG(f->node->mode) ||
	    (f->flags & O_ACCMODE) == O_RDONLY)
		return -EINVAL;
	return node_truncate(f->node, (uint64_t)len);
}

/* The length argument of truncate/ftruncate: i386's is a 32-bit long. */
static int64_t length_arg(uint64_t reg)
{
	return cur_wide() ? (int64_t)reg : (int32_t)reg;
}

long sys_truncate(const uint64_t *arg)
{
	return truncate_path(arg[0], length_arg(arg[1]));
}

long sys_ftruncate(const uint64_t *arg)
{
	return truncate_fd((int)arg[0], length_arg(arg[1]));
}

long sys_truncate64(const uint64_t *arg)
{
	return truncate_path(arg[0], (int64_t)(((uint64_t)arg[2] << 32) | arg[1]));
}

long sys_ftruncate64(const uint64_t *arg)
{
	return truncate_fd((int)arg[0], (int64_t)(((uint64_t)arg[2] << 32) | arg[1]));
}

/* ---- sync: everything is in memory, there is nothing to write back ---- */

/* fsync, fdatasync: files of the tree are always in sync; pipes and the
 * console have no fsync (EINVAL, as Linux). */
long sys_fsync(const uint64_t *arg)
{
	struct file *f = fd_file((int)arg[0]);

	if (f == 0)
		return -EBADF;
	return f->type == FT_NODE ? 0 : -EINVAL;
}

long sys_sync(const uint64_t *arg)
{
	(void)arg;
	return 0;
}

long sys_syncfs(const uint64_t *arg)
{
	return fd_file((int)arg[0]) ? 0 : -EBADF;
}

/* ---- statfs ---- */

/* What statfs reports: blocks are frames of RAM. */
struct fs_stats {
	uint64_t blocks, bfree, bavail, files, ffree;
};

/* The numbers now. */
static void fs_stats(struct fs_stats *s)
{
	uint64_t reserve = fs_reserved_frames(), nfree = frames_free();

	s->blocks = frames_total();
	s->bfree = nfree;
	s->bavail = nfree > reserve ? nfree - reserve : 0;
	s->files = s->blocks;
	s->ffree = s->files > fs_node_count() ? s->files - fs_node_count() : 0;
}

/* i386 struct statfs (32-bit fields). */
struct statfs32 {
	uint32_t type, bsize, blocks, bfree, bavail, files, ffree;
	int32_t fsid[2];
	uint32_t namelen, frsize, flags, spare[4];
};
_Static_assert(sizeof(struct statfs32) == 64, "i386 statfs layout");

/* i386 struct statfs64 (packed to 4 bytes, 84 bytes). */
struct statfs64_i386 {
	uint32_t type, bsize;
	uint64_t blocks, bfree, bavail, files, ffree;
	int32_t fsid[2];
	uint32_t namelen, frsize, flags, spare[4];
} __attribute__((packed, aligned(4)));
_Static_assert(sizeof(struct statfs64_i386) == 84, "i386 statfs64 layout");

/* x86-64 struct statfs (every field a long but fsid). */
struct statfs_x86_64 {
	uint64_t type, bsize, blocks, bfree, bavail, files, ffree;
	int32_t fsid[2];
	uint64_t namelen, frsize, flags, spare[4];
};
_Static_assert(sizeof(struct statfs_x86_64) == 120, "x86-64 statfs layout");

#define ST_VALID    0x20
#define ST_RELATIME 0x1000

/* Store the statistics as a statfs (wide false) or statfs64; an x86-64
 * caller's statfs is its own 64-bit layout. */
static long put_statfs(uaddr_t ubuf, bool wide)
{
	struct fs_stats s;

	fs_stats(&s);
	if (cur_wide()) {
		struct statfs_x86_64 b = { .type = FS_TMPFS_MAGIC, .bsize = FS_BLOCK,
			.blocks = s.blocks, .bfree = s.bfree, .bavail = s.bavail, .files = s.files,
			.ffree = s.ffree, .namelen = FS_NAME_MAX, .frsize = FS_BLOCK,
			.flags = ST_VALID | ST_RELATIME };
		return copy_to_user(cur->mm, ubuf, &b, sizeof(b));
	} else if (wide) {
		struct statfs64_i386 b = { .type = FS_TMPFS_MAGIC, .bsize = FS_BLOCK,
			.blocks = s.blocks, .bfree = s.bfree, .bavail = s.bavail, .files = s.files,
			.ffree = s.ffree, .namelen = FS_NAME_MAX, .frsize = FS_BLOCK,
			.flags = ST_VALID | ST_RELATIME };
		return copy_to_user(cur->mm, ubuf, &b, sizeof(b));
	} else {
		struct statfs32 b = { .type = FS_TMPFS_MAGIC, .bsize = FS_BLOCK,
			.blocks = (uint32_t)s.blocks, .bfree = (uint32_t)s.bfree,
			.bavail = (uint32_t)s.bavail, .files = (uint32_t)s.files,
			.ffree = (uint32_t)s.ffree, .namelen = FS_NAME_MAX, .frsize = FS_BLOCK,
			.flags = ST_VALID | ST_RELATIME };
		return copy_to_user(cur->mm, ubuf, &b, sizeof(b));
	}
}

long sys_statfs(const uint64_t *arg)
{
	struct fnode *n;
	long rc = node_at(AT_FDCWD, arg[0], true, 0, &n);

	return rc ? rc : put_statfs(arg[1], false);
}

long sys_fstatfs(const uint64_t *arg)
{
	return fd_file((int)arg[0]) ? put_statfs(arg[1], false) : -EBADF;
}

/* statfs64(path, size, buf): size must be the structure's. */
long sys_statfs64(const uint64_t *arg)
{
	struct fnode *n;
	long rc;

	if (arg[1] != sizeof(struct statfs64_i386))
		return -EINVAL;
	rc = node_at(AT_FDCWD, arg[0], true, 0, &n);
	return rc ? rc : put_statfs(arg[2], true);
}

long sys_fstatfs64(const uint64_t *arg)
{
	if (arg[1] != sizeof(struct statfs64_i386))
		return -EINVAL;
	return fd_file((int)arg[0]) ? put_statfs(arg[2], true) : -EBADF;
}
