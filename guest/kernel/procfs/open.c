/* Opening /proc nodes: generated text, directories, and fd/N reopened. */
#include "procfs.h"

#include "../file/pipe.h"
#include "../lib/errno.h"
#include "pnode.h"

/* Reads of a generated file: from its text at the file's position. */
static long pfile_read(struct file *f, uaddr_t ubuf, uint32_t len)
{
	long n = pbuf_read_user(f->priv, f->off, ubuf, len);

	if (n > 0)
		f->off += (uint64_t)n;
	return n;
}

/* The last reference went: the text's frames go back. */
static void pfile_release(struct file *f)
{
	pbuf_free(f->priv);
	fs_put(f->node);
}

/* FIONREAD: the size (0, as Linux's procfs files) less the position, as a regular file's. */
static long pfile_nread(struct file *f)
{
	return (long)(int32_t)(f->node->size - f->off);
}

/* Always ready (poll NULL); the text is made at open time. */
static const struct file_ops pfile_fops = { .read = pfile_read, .release = pfile_release,
					    .nread = pfile_nread };

/* A new open file for the object fd/N of p stands for (a pipe end, the
 * console), with the access asked for: reading a pipe opens its read end,
 * writing its write end (O_RDWR: the end fd/N is). */
static long reopen(struct proc *p, int fd, uint32_t flags, struct file **out)
{
	struct file *old = p->g->files[fd], *f;
	bool writer;

	if (old == 0)
		return -ENOENT;
	if (old->type == FT_SOCKET || old->type == FT_ANON)
		return -ENXIO; /* as Linux: a socket or an epoll instance is not opened by path */
	if ((f = file_alloc(old->type, old->ops, flags)) == 0)
		return -ENFILE;
	f->stream = old->stream;
	if (old->type == FT_PIPE) {
		uint32_t acc = flags & O_ACCMODE;
		writer = acc == O_WRONLY || (acc == O_RDWR && old->pipe_writer);
		f->pipe = old->pipe;
		f->pipe_writer = writer;
		pipe_open(f->pipe, writer);
	}
	*out = f;
	return 0;
}

long procfs_open(struct fnode *node, uint32_t flags, struct file **out)
{
	struct pnode *pn = (struct pnode *)node;
	const struct pentry *e;
	struct proc *p = 0;
	struct pbuf *b;
	struct file *f;

	if (!pnode_is(node)) /* /proc itself: a directory */
		pn = 0;
	if (pn && pn->kind >= PK_PID && (p = pnode_proc(pn)) == 0)
		return -ENOENT; /* the process is gone */
	if (pn && pn->kind == PK_FDFILE)
		return reopen(p, pn->fd, flags, out);
	if ((flags & O_ACCMODE) != O_RDONLY)
		return FS_ISDIR(node->mode) ? -EISDIR : -EACCES;
	if (FS_ISDIR(node->mode)) {
		if ((f = file_alloc(FT_NODE, &node_fops, flags)) == 0)
			return -ENFILE;
	} else {
		if ((e = pentry_of(pn->kind)) == 0 || e->gen == 0)
			return -EINVAL;
		if ((b = pbuf_new()) == 0)
			return -ENOMEM;
		e->gen(b, p);
		if ((f = file_alloc(FT_NODE, &pfile_fops, flags)) == 0) {
			pbuf_free(b);
			return -ENFILE;
		}
		f->priv = b;
	}
	f->node = fs_get(node); /* counted for the mount point only */
	*out = f;
	return 0;
}
