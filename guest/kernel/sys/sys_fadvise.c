/* fadvise64 and fadvise64_64: advice about a file's future use. Every
 * file lives in memory here, so valid advice changes nothing; the checks
 * are Linux's (generic_fadvise on a file system without a backing device). */
#include "handlers.h"

#include "../../../shared/linux_fcntl.h"
#include "../file/file.h"
#include "../lib/errno.h"
#include "../proc/proc.h"

#define POSIX_FADV_NOREUSE 5 /* the highest advice (x86) */

/* The advice for fd's bytes [off, off + len): 0, -EBADF, -ESPIPE (a pipe
 * or FIFO), -EINVAL (a negative length, unknown advice). */
static long fadvise(int fd, int64_t len, uint32_t advice)
{
	struct file *f = fd_file(fd);

	if (f == 0 || (f->flags & O_ACCMODE) == O_ACCMODE)
		return -EBADF; /* O_PATH's (Linux: also an open with access mode 3 works) */
	if (f->type == FT_PIPE || (f->type == FT_NODE && FS_ISFIFO(f->node->mode)))
		return -ESPIPE;
	if (len < 0 || advice > POSIX_FADV_NOREUSE)
		return -EINVAL;
	return 0;
}

/* fadvise64: x86-64 (fd, offset, len, advice); i386 (fd, offset_lo,
 * offset_hi, len, advice) with a 32-bit length. */
long sys_fadvise64(const uint64_t *arg)
{
	if (cur_wide())
		return fadvise((int)arg[0], (int64_t)arg[2], (uint32_t)arg[3]);
	return fadvise((int)arg[0], (int64_t)(uint32_t)arg[3], (uint32_t)arg[4]);
}

/* i386's fadvise64_64 (fd, offset_lo, offset_hi, len_lo, len_hi, advice). */
long sys_fadvise64_64(const uint64_t *arg)
{
	return fadvise((int)arg[0], (int64_t)((arg[4] << 32) | (uint32_t)arg[3]), (uint32_t)arg[5]);
}
