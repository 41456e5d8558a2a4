/* The open-file table and the per-process descriptor table. */
#include "file.h"
#include "epoll.h"
#include "flock.h"
#include "rlock.h"

#include "../../../shared/linux_ioctl.h"
#include "../../../shared/linux_poll.h"
#include "../lib/errno.h"
#include "../lib/string.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"

#define NFILE 512

static struct file files[NFILE];

struct file *file_alloc(enum file_type type, const struct file_ops *ops, uint32_t flags)
{
	for (int i = 0; i < NFILE; i++) {
		if (files[i].refs == 0) {
			files[i] = (struct file){ .type = type, .ops = ops, .refs = 1, .flags = flags };
			return &files[i];
		}
	}
	return 0;
}

const void *file_lock_object(const struct file *f)
{
	if (f->node)
		return f->node;
	if (f->pipe)
		return f->pipe;
	return f->priv ? f->priv : (const void *)f;
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
	if (f->flocked)
		flock_unlock(f); /* a description's lock ends with it */
	if (f->rlocked)
		rlock_release(f); /* and its OFD record locks */
	if (f->epitems)
		epoll_file_gone(f); /* and its epoll registrations (not any one fd's close) */
	if (f->ops->release)
		f->ops->release(f);
}


/* read (write false) or write on f: the checks Linux makes first, then
 * f's operation. Inlined into both with write a constant. */
static inline __attribute__((always_inline)) long file_io(struct file *f, uaddr_t ubuf,
							  uint64_t len, bool write)
{
	long (*op)(struct file *, uaddr_t, uint32_t) = write ? f->ops->write : f->ops->read;
	uint32_t acc = f->flags & O_ACCMODE;

	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	if (acc == (write ? O_RDONLY : O_WRONLY) || acc == O_ACCMODE) /* not open for it */
		return -EBADF;
	if (!user_range_ok(ubuf, len))
		return -EFAULT;
	return op ? op(f, ubuf, (uint32_t)len) : -EINVAL;
}

long file_read(struct file *f, uaddr_t ubuf, uint64_t len)
{
	return file_io(f, ubuf, len, false);
}

long file_write(struct file *f, uaddr_t ubuf, uint64_t len)
{
	return file_io(f, ubuf, len, true);
}

long file_ioctl(struct file *f, uint32_t cmd, uaddr_t arg)
{
	return f->ops->ioctl ? f->ops->ioctl(f, cmd, arg) : -ENOTTY;
}

uint32_t file_poll(struct file *f)
{
	/* Linux's DEFAULT_POLLMASK for files that cannot wait */
	if (f->ops->poll == 0)
		return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
	return f->ops->poll(f);
}

/* Set or clear close-on-exec of fd. */
static void set_cloexec(int fd, bool on)
{
	if (on)
		cur->g->cloexec |= 1ull << fd;
	else
		cur->g->cloexec &= ~(1ull << fd);
}

long fd_ioctl(int fd, uint32_t cmd, uaddr_t arg)
{
	struct file *f = fd_file(fd);
	int32_t v;
	long n;

	if (f == 0)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		set_cloexec(fd, cmd == FIOCLEX);
		return 0;
	case FIONBIO:
		if (copy_from_user(cur->mm, &v, arg, sizeof(v)))
			return -EFAULT;
		f->flags = v ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK;
		return 0;
	case FIONREAD:
		if (f->ops->nread == 0)
			break; /* the kind's ioctl may know */
		if ((n = f->ops->nread(f)) < 0)
			return n;
		v = (int32_t)n;
		return copy_to_user(cur->mm, arg, &v, sizeof(v));
	}
	return file_ioctl(f, cmd, arg);
}

struct file *fd_file(int fd)
{
	if (fd < 0 || fd >= NOFILE)
		return 0;
	return cur->g->files[fd];
}

int fd_install(struct file *f, int min, bool cloexec)
{
	for (int fd = min < 0 ? 0 : min; fd < rlimit_nofile(); fd++) { /* Linux: EMFILE past it */
		if (cur->g->files[fd] == 0) {
			cur->g->files[fd] = f;
			cur->g->fd_open |= 1ull << fd;
			set_cloexec(fd, cloexec);
			return fd;
		}
	}
	file_put(f); /* no room: the reference the table would have held */
	return -EMFILE;
}

int fd_close(int fd)
{
	struct file *f = fd_file(fd);

	if (f == 0)
		return -EBADF;
	cur->g->files[fd] = 0;
	cur->g->fd_open &= ~(1ull << fd);
	cur->g->cloexec &= ~(1ull << fd);
	if (cur->g->rlocked)
		rlock_close(f); /* any close of the file ends the process's record locks */
	file_put(f);
	return 0;
}
