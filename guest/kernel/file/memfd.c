/* memfd files and their seals. */
#include "memfd.h"

#include "../../../shared/linux_fcntl.h"
#include "../lib/errno.h"
#include "../lib/string.h"
#include "../proc/proc.h"

#define PREFIX     "memfd:"
#define NAME_ROOM  256 /* "memfd:" and the name, as Linux's NAME_MAX + 1 */
#define WRITE_SEALS (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)

long memfd_new(const char *name, uint32_t len, bool sealing, struct file **out)
{
	char full[NAME_ROOM];
	uint32_t plen = sizeof(PREFIX) - 1;
	struct fnode *n;
	struct file *f;
	int rc;

	memcpy(full, PREFIX, plen);
	memcpy(full + plen, name, len); /* the caller kept len within the room */
	if ((rc = fs_create_unnamed(FS_IFREG | 0777, full, plen + len, &n)))
		return rc;
	n->uid = cur->cred.fsuid;
	n->gid = cur->cred.fsgid;
	n->seals = sealing ? 0 : F_SEAL_SEAL;
	(void)fs_get_write(n); /* open for writing (node_release gives it back); never refused */
	if ((f = file_alloc(FT_NODE, &node_fops, O_RDWR | O_LARGEFILE)) == 0) {
		fs_put_write(n);
		fs_put(n);
		return -ENFILE;
	}
	f->node = n; /* the reference fs_create_unnamed gave */
	*out = f;
	return 0;
}

long memfd_add_seals(struct file *f, uint32_t seals)
{
	struct fnode *n = f->type == FT_NODE ? f->node : 0;

	if ((f->flags & O_ACCMODE) != O_WRONLY && (f->flags & O_ACCMODE) != O_RDWR)
		return -EPERM; /* Linux checks this first */
	if (seals & ~(uint32_t)F_SEAL_ALL)
		return -EINVAL;
	if (n == 0 || !n->memfd)
		return -EINVAL;
	if (n->seals & F_SEAL_SEAL)
		return -EPERM;
	if ((seals & F_SEAL_WRITE) && !(n->seals & F_SEAL_WRITE) && n->shared_maywrite)
		return -EBUSY; /* a shared mapping could still write */
	n->seals |= (uint8_t)seals;
	return 0;
}

long memfd_get_seals(struct file *f)
{
	return f->type == FT_NODE && f->node->memfd ? f->node->seals : -EINVAL;
}

int memfd_may_write(const struct fnode *n, uint64_t off, uint64_t len)
{
	if (n->seals & WRITE_SEALS)
		return -EPERM;
	if ((n->seals & F_SEAL_GROW) && off + len > n->size)
		return -EPERM;
	return 0;
}

int memfd_may_resize(const struct fnode *n, uint64_t size)
{
	if ((size < n->size && (n->seals & F_SEAL_SHRINK)) || (size > n->size && (n->seals & F_SEAL_GROW)))
		return -EPERM;
	return 0;
}

bool memfd_write_sealed(const struct fnode *n)
{
	return n->seals & WRITE_SEALS;
}
