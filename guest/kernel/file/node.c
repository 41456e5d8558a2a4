/* File-tree nodes as open files: regular files read and written through
 * their pages, at the file position or a given offset. */
#include "file.h"

#include "../arch/layout.h"
#include "../lib/errno.h"
#include "../mm/uaccess.h"
#include "../mm/vm.h"
#include "../proc/proc.h"
#include "../proc/rlimit.h"
#include "memfd.h"

/* The user buffer a transfer goes to or comes from. */
struct user_io {
	uaddr_t ubuf;
};

/* Copy file bytes out to the user; 1 (stop) when a fatal signal is pending,
 * as a regular-file read on Linux ends only for those. */
static int to_user(void *ctx, uint64_t done, void *kbuf, uint32_t n)
{
	struct user_io *io = ctx;
	int rc = copy_user_phys(cur->mm, io->ubuf + (uint32_t)done, V2P(kbuf), n, true);

	return rc < 0 ? rc : sched_interruption_point(true) ? 1 : 0;
}

/* Copy user bytes into the file; 1 (stop) as to_user. */
static int from_user(void *ctx, uint64_t done, void *kbuf, uint32_t n)
{
	struct user_io *io = ctx;
	int rc = copy_user_phys(cur->mm, io->ubuf + (uint32_t)done, V2P(kbuf), n, false);

	return rc < 0 ? rc : sched_interruption_point(true) ? 1 : 0;
}

long node_pread(struct file *f, uaddr_t ubuf, uint32_t len, uint64_t off)
{
	struct user_io io = { ubuf };

	if (FS_ISDIR(f->node->mode))
		return -EISDIR;
	if (!FS_ISREG(f->node->mode))
		return -EINVAL;
	return (long)fs_read(f->node, off, len, to_user, &io);
}

long node_pwrite(struct file *f, uaddr_t ubuf, uint32_t len, uint64_t off)
{
	struct user_io io = { ubuf };

	long allowed;
	int rc;

	if (!FS_ISREG(f->node->mode))
		return -EINVAL;
	if (len == 0)
		return 0;
	if ((allowed = rlimit_fsize_allow(off, len)) < 0)
		return allowed;
	if (f->node->memfd && (rc = memfd_may_write(f->node, off, (uint64_t)allowed)))
		return rc;
	return (long)fs_write(f->node, off, (uint64_t)allowed, from_user, &io);
}

bool node_write_at_limit(const struct file *f, uint64_t off)
{
	return f->ops == &node_fops && FS_ISREG(f->node->mode) && rlimit_fsize_reached(off);
}

/* read(2) at the file position. */
static long node_read(struct file *f, uaddr_t ubuf, uint32_t len)
{
	long n = node_pread(f, ubuf, len, f->off);

	if (n > 0)
		f->off += (uint64_t)n;
	return n;
}

/* write(2) at the file position, or at the end with O_APPEND. */
static long node_write(struct file *f, uaddr_t ubuf, uint32_t len)
{
	long n;

	if (f->flags & O_APPEND)
		f->off = f->node->size;
	n = node_pwrite(f, ubuf, len, f->off);
	if (n > 0)
		f->off += (uint64_t)n;
	return n;
}

/* FIONREAD of a regular file: the bytes from the position to the end (as
 * Linux, negative past it); other nodes have none. */
static long node_nread(struct file *f)
{
	if (!FS_ISREG(f->node->mode))
		return -ENOTTY;
	return (long)(int32_t)(f->node->size - f->off);
}

/* The last reference to the open file: let go of the node. */
static void node_release(struct file *f)
{
	uint32_t acc = f->flags & O_ACCMODE;

	if (FS_ISREG(f->node->mode) && (acc == O_WRONLY || acc == O_RDWR))
		fs_put_write(f->node); /* taken by open (O_PATH's mode is O_ACCMODE) */
	fs_put(f->node);
}

int node_truncate(struct fnode *n, uint64_t size)
{
	int rc;

	if (FS_ISDIR(n->mode))
		return -EISDIR;
	if (!FS_ISREG(n->mode))
		return -EINVAL;
	if (n->pseudo_node)
		return -EACCES; /* /proc's files are generated, not stored */
	if ((rc = fs_get_write(n)))
		return rc; /* a running program keeps its size */
	if ((size > n->size && (rc = rlimit_fsize_grow(size))) || (n->memfd && (rc = memfd_may_resize(n, size)))) {
		fs_put_write(n);
		return rc;
	}
	if (size < n->size && n->mappers)
		vm_file_truncated(n, size); /* pages past the end go from every mapping */
	rc = fs_truncate(n, size);
	fs_put_write(n);
	return rc;
}

const struct file_ops node_fops = { .read = node_read, .write = node_write,
				    .release = node_release, .nread = node_nread };
