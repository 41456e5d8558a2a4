/* Path arguments. */
#include "paths.h"

#include "../file/file.h"
#include "../lib/errno.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"

long path_from_user(uaddr_t upath, char *buf)
{
	int n = copy_str_from_user(cur->mm, buf, upath, FS_PATH_MAX);

	if (n < 0)
		return n;
	return n == 0 ? -ENOENT : 0;
}

long dir_of(int dirfd, const char *path, struct fnode **base)
{
	struct file *f;

	*base = cur->g->cwd;
	if (path[0] == '/' || dirfd == AT_FDCWD_VALUE)
		return 0;
	if ((f = fd_file(dirfd)) == 0)
		return -EBADF;
	if (f->type != FT_NODE || !FS_ISDIR(f->node->mode))
		return -ENOTDIR;
	*base = f->node;
	return 0;
}
