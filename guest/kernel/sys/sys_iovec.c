/* Vectored transfers: readv and writev at the file position, preadv and
 * pwritev at an offset, preadv2 and pwritev2 either way with flags. */
#include "handlers.h"

#include "../file/file.h"
#include "../lib/errno.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "positioned.h"

#define IOV_MAX  1024
#define IOV_FAST 8 /* iovecs the check keeps for the transfers (Linux's UIO_FASTIOV) */
#define AT_POSITION (-1) /* preadv2/pwritev2's offset for "at the file position" */
#define RWF_NOWAIT 0x08
#define RWF_APPEND 0x10
#define RWF_ALL    0x1f /* HIPRI, DSYNC, SYNC, NOWAIT, APPEND (Linux 6.1) */

/* Entry i of the caller's iovec array at uarr (its ABI's layout) as
 * { base, len }; 0 or -EFAULT. */
static int user_iovec(uaddr_t uarr, uint32_t i, uint64_t iov[2])
{
	uint32_t narrow[2];

	if (cur_wide())
		return copy_from_user(cur->mm, iov, uarr + 16ull * i, 16);
	if (copy_from_user(cur->mm, narrow, uarr + 8ull * i, 8))
		return -EFAULT;
	iov[0] = narrow[0];
	iov[1] = narrow[1];
	return 0;
}

/* The n iovecs at uarr as Linux checks them before any transfer: 0,
 * -EINVAL for too many or a length negative in the ABI's ssize_t (i386:
 * 32 bits), -EFAULT for an unreadable array. The first IOV_FAST are kept
 * in fast. */
static int check_iovecs(uaddr_t uarr, uint64_t n, uint64_t fast[IOV_FAST][2])
{
	uint64_t other[2];

	if (n > IOV_MAX)
		return -EINVAL;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t *iov = i < IOV_FAST ? fast[i] : other;
		if (user_iovec(uarr, i, iov))
			return -EFAULT;
		if (cur_wide() ? (int64_t)iov[1] < 0 : (int32_t)iov[1] < 0)
			return -EINVAL;
	}
	return 0;
}

/* A vectored transfer's target: the file, where (pos; AT_POSITION: the
 * file position) and which way. */
struct vio {
	struct file *f;
	int64_t pos;
	bool writing, append; /* append: RWF_APPEND */
};

/* One iovec's transfer at done bytes into the call: bytes or -errno. */
static long one(const struct vio *v, uaddr_t base, uint64_t len, long done)
{
	if (v->pos == AT_POSITION) {
		if (v->append)
			v->f->off = v->f->node->size; /* as O_APPEND: the position moves to the end */
		return v->writing ? file_write(v->f, base, len) : file_read(v->f, base, len);
	}
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	if (!user_range_ok(base, len))
		return -EFAULT;
	if (!v->writing)
		return positioned_read(v->f, base, (uint32_t)len, (uint64_t)v->pos + (uint64_t)done);
	if (v->append)
		return positioned_write(v->f, base, (uint32_t)len, v->f->node->size);
	return positioned_write(v->f, base, (uint32_t)len, (uint64_t)v->pos + (uint64_t)done);
}

/* Does RLIMIT_FSIZE stop a write that has moved done bytes (silently,
 * as Linux cuts the whole call at the limit)? */
static bool at_limit(const struct vio *v, long done)
{
	if (v->f->type != FT_NODE)
		return false;
	if (v->append || (v->f->flags & O_APPEND))
		return node_write_at_limit(v->f, v->f->node->size);
	return node_write_at_limit(v->f, v->pos == AT_POSITION ? v->f->off : (uint64_t)v->pos + (uint64_t)done);
}

/* The n iovecs at uarr, one transfer each until a short one or an error
 * (bytes moved so far win over a later error); Linux's checks first. */
static long vector_io(const struct vio *v, uaddr_t uarr, uint64_t n, uint64_t flags)
{
	uint64_t fast[IOV_FAST][2], other[2];
	uint32_t acc = v->f->flags & O_ACCMODE;
	long total = 0;
	int rc;

	if (acc == (v->writing ? O_RDONLY : O_WRONLY) || acc == O_ACCMODE)
		return -EBADF;
	if ((rc = check_iovecs(uarr, n, fast)))
		return rc;
	if (flags & ~(uint64_t)RWF_ALL)
		return -EOPNOTSUPP;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t *iov = i < IOV_FAST ? fast[i] : other; /* the first ones read once */
		long got;
		sched_preempt_point(); /* up to IOV_MAX transfers in one call */
		if (i >= IOV_FAST && user_iovec(uarr, i, other))
			return total ? total : -EFAULT;
		if (iov[1] == 0)
			continue;
		if (v->writing && total && at_limit(v, total))
			break; /* RLIMIT_FSIZE cut the call short there */
		if ((got = one(v, iov[0], iov[1], total)) < 0)
			return total ? total : got;
		total += got;
		if ((uint64_t)got < iov[1])
			break;
	}
	return total;
}

/* vector_io, with RWF_NOWAIT as O_NONBLOCK for this call only (a pipe or
 * socket answers EAGAIN instead of waiting). */
static long vector_io_flags(const struct vio *v, uaddr_t uarr, uint64_t n, uint64_t flags)
{
	uint32_t saved = v->f->flags & O_NONBLOCK;
	long rc;

	if (!(flags & RWF_NOWAIT))
		return vector_io(v, uarr, n, flags);
	v->f->flags |= O_NONBLOCK;
	rc = vector_io(v, uarr, n, flags);
	v->f->flags = (v->f->flags & ~(uint32_t)O_NONBLOCK) | saved;
	return rc;
}

/* readv/writev (fd, iov, n): at the file position. */
static long at_position(const uint64_t *arg, bool writing, uint64_t flags)
{
	struct vio v = { fd_file((int)arg[0]), AT_POSITION, writing, (flags & RWF_APPEND) && writing };

	if (v.f == 0)
		return -EBADF;
	if (v.append && v.f->type != FT_NODE)
		v.append = false; /* appending means nothing to a pipe or socket */
	return vector_io_flags(&v, arg[1], arg[2], flags);
}

/* preadv/pwritev (fd, iov, n, pos_lo, pos_hi): at an offset, the file
 * position kept; a file without offsets is ESPIPE. */
static long at_offset(const uint64_t *arg, bool writing, uint64_t flags)
{
	struct vio v = { 0, positioned_offset(arg), writing, (flags & RWF_APPEND) && writing };
	long rc;

	if (v.pos < 0)
		return -EINVAL;
	if ((rc = positioned((int)arg[0], &v.f)))
		return rc;
	return vector_io_flags(&v, arg[1], arg[2], flags);
}

long sys_readv(const uint64_t *arg)
{
	return at_position(arg, false, 0);
}

long sys_writev(const uint64_t *arg)
{
	return at_position(arg, true, 0);
}

long sys_preadv(const uint64_t *arg)
{
	return at_offset(arg, false, 0);
}

long sys_pwritev(const uint64_t *arg)
{
	return at_offset(arg, true, 0);
}

/* preadv2/pwritev2 (fd, iov, n, pos_lo, pos_hi, flags): offset -1 is the
 * file position. */
long sys_preadv2(const uint64_t *arg)
{
	return positioned_offset(arg) == AT_POSITION ? at_position(arg, false, arg[5]) : at_offset(arg, false, arg[5]);
}

long sys_pwritev2(const uint64_t *arg)
{
	return positioned_offset(arg) == AT_POSITION ? at_position(arg, true, arg[5]) : at_offset(arg, true, arg[5]);
}
