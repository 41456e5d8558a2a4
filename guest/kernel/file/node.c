/* File-tree nodes as open files: regular files read from their data. */
#include "file.h"

#include "../lib/errno.h"
#include "../mm/layout.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"

/* Bytes of a node's data at off, copied to user memory a page at a time;
 * only a fatal signal ends it early (as a regular-file read on Linux). */
static long node_read(struct file *f, uint32_t ubuf, uint32_t len)
{
	uint32_t done = 0;

	if (FS_ISDIR(f->node->mode))
		return -EISDIR;
	while (done < len && f->off < f->node->size) {
		uint32_t n = PAGE_SIZE - ((ubuf + done) & (PAGE_SIZE - 1));
		int rc;
		if (n > len - done)
			n = len - done;
		if (n > f->node->size - f->off)
			n = (uint32_t)(f->node->size - f->off);
		if ((rc = copy_to_user(cur->mm, ubuf + done, f->node->data + f->off, n)) < 0)
			return done ? (long)done : rc;
		f->off += n;
		done += n;
		if (done < len && sched_interruption_point(true))
			break;
	}
	return done;
}

/* Writes to the file tree: refused, it is read-only. */
static long node_write(struct file *f, uint32_t ubuf, uint32_t len)
{
	(void)f, (void)ubuf, (void)len;
	return -EBADF;
}

/* FIONREAD of a regular file: the bytes from the position to the end (as
 * Linux, negative past it); other nodes have none. */
static long node_nread(struct file *f)
{
	if (!FS_ISREG(f->node->mode))
		return -ENOTTY;
	return (long)(int32_t)(f->node->size - f->off);
}

const struct file_ops node_fops = { .read = node_read, .write = node_write, .nread = node_nread };
