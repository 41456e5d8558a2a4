/* FIFOs (named pipes): a node of type S_IFIFO opens as an end of a pipe
 * the node holds (in priv) while any end is open. As on Linux, opening to
 * read waits for a writer and opening to write waits for a reader, unless
 * O_NONBLOCK (then a writer without readers gets ENXIO); O_RDWR opens
 * both ends at once and never waits. */
#include "file.h"

#include "../lib/errno.h"
#include "../proc/proc.h"
#include "pipe.h"

/* Does f hold the end of this kind? */
static bool holds(const struct file *f, bool writer)
{
	uint32_t acc = f->flags & O_ACCMODE;

	return acc == O_RDWR || acc == (writer ? O_WRONLY : O_RDONLY);
}

static long fifo_read(struct file *f, uaddr_t ubuf, uint32_t len)
{
	return pipe_read(f->pipe, ubuf, len, f->flags & O_NONBLOCK);
}

static long fifo_write(struct file *f, uaddr_t ubuf, uint32_t len)
{
	return pipe_write(f->pipe, ubuf, len, f->flags & O_NONBLOCK);
}

/* Close the ends f holds; the node lets go of a pipe with none left. */
static void fifo_release(struct file *f)
{
	struct pipe *p = f->pipe;
	bool last = pipe_ends(p, false) - holds(f, false) == 0 && pipe_ends(p, true) - holds(f, true) == 0;

	if (holds(f, false))
		pipe_close(p, false);
	if (holds(f, true))
		pipe_close(p, true);
	if (last)
		f->node->priv = 0;
	fs_put(f->node);
}

static const struct file_ops fifo_fops = { .read = fifo_read, .write = fifo_write,
					   .poll = pipe_poll, .nread = pipe_nread,
					   .release = fifo_release };

/* Wait until the pipe has an end of the other kind (interruptible). */
static long wait_peer(struct pipe *p, bool writer)
{
	while (pipe_ends(p, !writer) == 0)
		if (sleep_on(p, true) < 0)
			return -EINTR;
	return 0;
}

/* The node's pipe, made with no ends open when it has none. */
static long fifo_pipe(struct fnode *node, struct pipe **p)
{
	long rc;

	if (node->priv) {
		*p = node->priv;
		return 0;
	}
	if ((rc = pipe_create(p)) < 0)
		return rc;
	node->priv = *p;
	return 1; /* new, with one placeholder end of each kind for the caller to drop */
}

long fifo_open(struct fnode *node, uint32_t flags)
{
	uint32_t acc = flags & O_ACCMODE;
	struct file *f;
	struct pipe *p;
	long rc, made = fifo_pipe(node, &p);

	if (made < 0)
		return made;
	if (acc == O_WRONLY && (flags & O_NONBLOCK) && pipe_ends(p, false) == made) {
		rc = -ENXIO;
		goto drop;
	}
	if ((f = file_alloc(FT_PIPE, &fifo_fops, flags & (O_ACCMODE | O_NONBLOCK))) == 0) {
		rc = -ENFILE;
		goto drop;
	}
	f->pipe = p;
	f->pipe_writer = acc != O_RDONLY;
	f->node = fs_get(node);
	if (acc != O_WRONLY)
		pipe_open(p, false);
	if (acc != O_RDONLY)
		pipe_open(p, true);
	if (made) { /* the placeholder ends of a new pipe */
		pipe_close(p, false);
		pipe_close(p, true);
	}
	made = 0;
	if (acc != O_RDWR && !(flags & O_NONBLOCK) && (rc = wait_peer(p, acc == O_WRONLY)) < 0) {
		file_put(f);
		return rc;
	}
	return fd_install(f, 0, flags & O_CLOEXEC);
drop:
	if (made) {
		node->priv = 0;
		pipe_close(p, false);
		pipe_close(p, true);
	}
	return rc;
}
