/* System calls that add, remove and move names in the file tree: mkdir,
 * mknod, symlink, link, unlink, rmdir, rename and their *at forms. */
#include "handlers.h"

#include "../file/file.h"
#include "../lib/errno.h"
#include "../lib/string.h"
#include "../proc/proc.h"
#include "paths.h"

#define AT_FDCWD            AT_FDCWD_VALUE
#define AT_REMOVEDIR        0x200
#define AT_SYMLINK_FOLLOW   0x400
#define AT_EMPTY_PATH       0x1000
#define RENAME_NOREPLACE    1

/* The last component of a user path and the directory it goes in. */
struct name_at {
	char path[FS_PATH_MAX];
	struct fnode *dir;
	const char *name;
	uint32_t len;
	bool slash;      /* the path ended in '/' */
	bool root;       /* the path is only slashes */
};

/* Resolve (dirfd, upath) up to its last component into *at. */
static long name_at(int dirfd, uaddr_t upath, struct name_at *at)
{
	struct fnode *base;
	long rc;

	if ((rc = path_from_user(upath, at->path)) < 0 || (rc = dir_of(dirfd, at->path, &base)) < 0)
		return rc;
	at->root = true;
	for (const char *c = at->path; *c; c++)
		at->root = at->root && *c == '/';
	return fs_lookup_parent(base, at->path, &at->dir, &at->name, &at->len, &at->slash);
}

/* Make a node of mode (umask applied to its permission bits). */
static long make_at(int dirfd, uaddr_t upath, uint32_t mode, uint32_t rdev)
{
	struct name_at at;
	struct fnode *n;
	long rc;

	if ((rc = name_at(dirfd, upath, &at)))
		return rc;
	if (at.slash && !FS_ISDIR(mode))
		return fs_find(at.dir, at.name, at.len) ? -EEXIST : -ENOENT;
	return fs_create(at.dir, at.name, at.len, (mode & ~cur->g->umask & 07777) | (mode & FS_IFMT),
			 rdev, 0, 0, &n);
}

long sys_mkdir(const uint64_t *arg)
{
	return make_at(AT_FDCWD, arg[0], FS_IFDIR | (arg[1] & 01777), 0);
}

long sys_mkdirat(const uint64_t *arg)
{
	return make_at((int)arg[0], arg[1], FS_IFDIR | (arg[2] & 01777), 0);
}

/* mknod: regular files, FIFOs, sockets, device nodes (type 0: regular). */
static long mknod_at(int dirfd, uaddr_t upath, uint32_t mode, uint32_t dev)
{
	uint32_t type = mode & FS_IFMT;

	if (type == 0)
		type = FS_IFREG;
	if (type == FS_IFDIR)
		return -EPERM;
	if (type != FS_IFREG && type != FS_IFCHR && type != FS_IFBLK && type != FS_IFIFO &&
	    type != FS_IFSOCK)
		return -EINVAL;
	return make_at(dirfd, upath, type | (mode & 07777),
		       type == FS_IFCHR || type == FS_IFBLK ? dev : 0);
}

long sys_mknod(const uint64_t *arg)
{
	return mknod_at(AT_FDCWD, arg[0], arg[1], arg[2]);
}

long sys_mknodat(const uint64_t *arg)
{
	return mknod_at((int)arg[0], arg[1], arg[2], arg[3]);
}

/* symlinkat(target, newdirfd, linkpath) */
static long symlink_at(uaddr_t utarget, int dirfd, uaddr_t upath)
{
	static char target[FS_PATH_MAX]; /* with at: not on the kernel stack (no sleeping here) */
	static struct name_at at;
	struct fnode *n;
	long rc;

	if ((rc = path_from_user(utarget, target)) < 0 || (rc = name_at(dirfd, upath, &at)))
		return rc;
	if (at.slash)
		return fs_find(at.dir, at.name, at.len) ? -EEXIST : -ENOENT;
	return fs_create(at.dir, at.name, at.len, FS_IFLNK | 0777, 0, target,
			 (uint32_t)strlen(target), &n);
}

long sys_symlink(const uint64_t *arg)
{
	return symlink_at(arg[0], AT_FDCWD, arg[1]);
}

long sys_symlinkat(const uint64_t *arg)
{
	return symlink_at(arg[0], (int)arg[1], arg[2]);
}

/* linkat(olddirfd, oldpath, newdirfd, newpath, flags) */
static long link_at(int odirfd, uaddr_t oldp, int ndirfd, uaddr_t newp, uint32_t flags)
{
	static char path[FS_PATH_MAX]; /* with at: not on the kernel stack (no sleeping here) */
	static struct name_at at;
	struct fnode *base, *node;
	long rc;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((rc = path_from_user(oldp, path)) < 0 || (rc = dir_of(odirfd, path, &base)) < 0 ||
	    (rc = fs_lookup(base, path, flags & AT_SYMLINK_FOLLOW, &node)))
		return rc;
	if ((rc = name_at(ndirfd, newp, &at)))
		return rc;
	if (at.slash && !FS_ISDIR(node->mode))
		return fs_find(at.dir, at.name, at.len) ? -EEXIST : -ENOENT;
	return fs_link(node, at.dir, at.name, at.len);
}

long sys_link(const uint64_t *arg)
{
	return link_at(AT_FDCWD, arg[0], AT_FDCWD, arg[1], 0);
}

long sys_linkat(const uint64_t *arg)
{
	return link_at((int)arg[0], arg[1], (int)arg[2], arg[3], arg[4]);
}

/* unlink, or rmdir with AT_REMOVEDIR. */
static long unlink_at(int dirfd, uaddr_t upath, uint32_t flags)
{
	bool want_dir = flags & AT_REMOVEDIR;
	struct name_at at;
	struct fdent *e;
	long rc;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	if ((rc = name_at(dirfd, upath, &at)))
		return rc;
	if (at.root)
		return want_dir ? -EBUSY : -EISDIR;
	e = fs_find(at.dir, at.name, at.len);
	if (!want_dir && at.slash && e && !FS_ISDIR(e->node->mode))
		return -ENOTDIR;
	return fs_remove(at.dir, at.name, at.len, want_dir);
}

long sys_unlink(const uint64_t *arg)
{
	return unlink_at(AT_FDCWD, arg[0], 0);
}

long sys_rmdir(const uint64_t *arg)
{
	return unlink_at(AT_FDCWD, arg[0], AT_REMOVEDIR);
}

long sys_unlinkat(const uint64_t *arg)
{
	return unlink_at((int)arg[0], arg[1], arg[2]);
}

/* Is the entry at (a non-directory) named with a trailing slash? */
static bool slash_on_file(const struct name_at *at)
{
	struct fdent *e = at->slash ? fs_find(at->dir, at->name, at->len) : 0;

	return e && !FS_ISDIR(e->node->mode);
}

/* renameat2(olddirfd, oldpath, newdirfd, newpath, flags) */
static long rename_at(int odirfd, uaddr_t oldp, int ndirfd, uaddr_t newp, uint32_t flags)
{
	static struct name_at from, to; /* big: not on the kernel stack (one call at a time) */
	struct fdent *src;
	long rc;

	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL; /* RENAME_EXCHANGE, RENAME_WHITEOUT: not offered */
	if ((rc = name_at(odirfd, oldp, &from)) || (rc = name_at(ndirfd, newp, &to)))
		return rc;
	if (from.root || to.root)
		return -EBUSY;
	src = fs_find(from.dir, from.name, from.len);
	if (src && (slash_on_file(&from) || (to.slash && !FS_ISDIR(src->node->mode))))
		return -ENOTDIR;
	return fs_rename(from.dir, from.name, from.len, to.dir, to.name, to.len,
			 flags & RENAME_NOREPLACE);
}

long sys_rename(const uint64_t *arg)
{
	return rename_at(AT_FDCWD, arg[0], AT_FDCWD, arg[1], 0);
}

long sys_renameat(const uint64_t *arg)
{
	return rename_at((int)arg[0], arg[1], (int)arg[2], arg[3], 0);
}

long sys_renameat2(const uint64_t *arg)
{
	return rename_at((int)arg[0], arg[1], (int)arg[2], arg[3], arg[4]);
}
