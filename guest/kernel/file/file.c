/* The open-file table and the per-process descriptor table. */
#include "file.h"

#include "../lib/errno.h"
#include "../lib/string.h"
#include "../mm/layout.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "pipe.h"

#define NFILE 512

static struct file files[NFILE];

struct file *file_alloc(enum file_type type, uint32_t flags)
{
	for (int i = 0; i < NFILE; i++) {
		if (files[i].refs == 0) {
			files[i] = (struct file){ .type = type, .refs = 1, .flags = flags };
			return &files[i];
		}
	}
	return 0;
}

struct file *file_get(struct file *f)
{
	f->refs++;
	return f;
}

void file_put(struct file *f)
{
	if (--f->refs > 0)
		return;
	if (f->type == FT_PIPE)
		pipe_close(f->pipe, f->pipe_writer);
}

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

long file_read(struct file *f, uint32_t ubuf, uint32_t len)
{
	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (!user_range_ok(ubuf, len))
		return -EFAULT;
	switch (f->type) {
	case FT_CONSOLE: return console_read(ubuf, len, f->flags & O_NONBLOCK);
	case FT_NODE: return node_read(f, ubuf, len);
	case FT_PIPE: return pipe_read(f->pipe, ubuf, len, f->flags & O_NONBLOCK);
	}
	return -EINVAL;
}

long file_write(struct file *f, uint32_t ubuf, uint32_t len)
{
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (!user_range_ok(ubuf, len))
		return -EFAULT;
	switch (f->type) {
	case FT_CONSOLE: return console_write_user(f->stream, ubuf, len);
	case FT_NODE: return -EBADF; /* the file tree is read-only */
	case FT_PIPE: return pipe_write(f->pipe, ubuf, len, f->flags & O_NONBLOCK);
	}
	return -EINVAL;
}

struct file *fd_file(int fd)
{
	if (fd < 0 || fd >= NOFILE)
		return 0;
	return cur->files[fd];
}

int fd_install(struct file *f, int min, bool cloexec)
{
	for (int fd = min < 0 ? 0 : min; fd < NOFILE; fd++) {
		if (cur->files[fd] == 0) {
			cur->files[fd] = f;
			if (cloexec)
				cur->cloexec |= 1ull << fd;
			else
				cur->cloexec &= ~(1ull << fd);
			return fd;
		}
	}
	return -EMFILE;
}

int fd_close(int fd)
{
	struct file *f = fd_file(fd);

	if (f == 0)
		return -EBADF;
	cur->files[fd] = 0;
	cur->cloexec &= ~(1ull << fd);
	file_put(f);
	return 0;
}
