/* Directory listings: getdents64 and the older getdents. Each call goes on
 * from the file's position through its directory cursor (fs_dir_entry), so
 * listing a directory of n entries costs O(n) in all. */
#include "handlers.h"

#include "../file/file.h"
#include "../lib/errno.h"
#include "../lib/string.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"


/* Writes one record for (ino, next position, type, name) into buf at *used;
 * false when it does not fit in size bytes. */
typedef bool (*put_dirent_fn)(uint8_t *buf, uint32_t size, uint32_t *used, uint64_t ino,
			      uint64_t off, uint8_t type, const char *name, uint32_t namelen);

/* A linux_dirent64: ino, off (8 bytes each), reclen, type, name, NUL,
 * padded to 8 bytes. */
static bool put_dirent64(uint8_t *buf, uint32_t size, uint32_t *used, uint64_t ino, uint64_t off,
			 uint8_t type, const char *name, uint32_t namelen)
{
	uint32_t reclen = (19 + namelen + 1 + 7) & ~7u;
	uint8_t *d = buf + *used;
	uint16_t rl = (uint16_t)reclen;

	if (*used + reclen > size)
		return false;
	memset(d, 0, reclen);
	memcpy(d, &ino, 8);
	memcpy(d + 8, &off, 8);
	memcpy(d + 16, &rl, 2);
	d[18] = type;
	memcpy(d + 19, name, namelen);
	*used += reclen;
	return true;
}

/* A linux_dirent of w-byte longs (4 on i386, 8 on x86-64): ino, off,
 * reclen, name, NUL, the type in the last byte, padded to w bytes. */
static bool put_dirent_long(uint8_t *buf, uint32_t size, uint32_t *used, uint64_t ino,
			    uint64_t off, uint8_t type, const char *name, uint32_t namelen, uint32_t w)
{
	uint32_t head = 2 * w + 2, reclen = (head + namelen + 2 + w - 1) & ~(w - 1);
	uint8_t *d = buf + *used;
	uint16_t rl = (uint16_t)reclen;

	if (*used + reclen > size)
		return false;
	memset(d, 0, reclen);
	memcpy(d, &ino, w); /* little-endian: the low w bytes */
	memcpy(d + w, &off, w);
	memcpy(d + 2 * w, &rl, 2);
	memcpy(d + head, name, namelen);
	d[reclen - 1] = type;
	*used += reclen;
	return true;
}

/* An i386 linux_dirent (4-byte ino and off). */
static bool put_dirent32(uint8_t *buf, uint32_t size, uint32_t *used, uint64_t ino, uint64_t off,
			 uint8_t type, const char *name, uint32_t namelen)
{
	return put_dirent_long(buf, size, used, ino, off, type, name, namelen, 4);
}

/* An x86-64 linux_dirent (8-byte ino and off). */
static bool put_dirent_wide(uint8_t *buf, uint32_t size, uint32_t *used, uint64_t ino,
			    uint64_t off, uint8_t type, const char *name, uint32_t namelen)
{
	return put_dirent_long(buf, size, used, ino, off, type, name, namelen, 8);
}

/* The d_type of a node. */
static uint8_t dirent_type(const struct fnode *n)
{
	return (uint8_t)((n->mode & FS_IFMT) >> 12); /* DT_* is the type field of st_mode */
}

/* Fill user memory ubuf (usize bytes) with records of fd's directory from
 * its position on: ".", "..", then the entries; returns the bytes used. */
static long list_dir(int fd, uaddr_t ubuf, uint32_t usize, put_dirent_fn put)
{
	struct file *f = fd_file(fd);
	uint8_t buf[1024];
	uint32_t size = usize < sizeof(buf) ? usize : sizeof(buf), used = 0;
	struct fnode *dir, *n;
	struct fdent *e = 0;
	uint64_t pos;

	if (f == 0)
		return -EBADF;
	if (f->type != FT_NODE || !FS_ISDIR(f->node->mode))
		return -ENOTDIR;
	dir = f->node;
	for (pos = f->off;; pos++) {
		const char *name = pos == 0 ? "." : "..";
		uint32_t len = pos == 0 ? 1 : 2;
		if (pos < 2) {
			n = pos == 0 || !dir->dent ? dir : dir->dent->dir;
		} else if ((e = fs_dir_entry(dir, pos, &f->dir)) != 0) {
			pos = e->cookie;
			n = e->node;
			name = e->name;
			len = e->namelen;
		} else {
			n = 0;
			break;
		}
		if (!put(buf, size, &used, n->ino, pos + 1, dirent_type(n), name, len))
			break;
	}
	if (used == 0 && n != 0)
		return -EINVAL; /* buffer too small for one entry */
	if (copy_to_user(cur->mm, ubuf, buf, used))
		return -EFAULT;
	f->off = pos;
	return used;
}

/* getdents64(fd, buf, size) */
long sys_getdents64(const uint64_t *arg)
{
	return list_dir((int)arg[0], arg[1], arg[2], put_dirent64);
}

/* getdents(fd, buf, size): the caller's ABI's record layout. */
long sys_getdents(const uint64_t *arg)
{
	return list_dir((int)arg[0], arg[1], arg[2], cur_wide() ? put_dirent_wide : put_dirent32);
}
