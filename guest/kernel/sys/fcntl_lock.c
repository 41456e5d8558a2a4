/* fcntl's record-lock commands (see fcntl_lock.h), as Linux's fs/fcntl.c
 * and its compat path for i386 take them. */
#include "fcntl_lock.h"

#include "../file/file.h"
#include "../file/rlock.h"
#include "../lib/errno.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* The layouts of struct flock a caller may pass. */
enum flock_layout { FLOCK_WIDE, FLOCK_I386, FLOCK_I386_64 };

/* The layout cmd uses for the current process. */
static enum flock_layout layout_of(uint32_t cmd)
{
	if (cur_wide())
		return FLOCK_WIDE;
	return cmd <= F_SETLKW ? FLOCK_I386 : FLOCK_I386_64;
}

/* Read the caller's struct flock at uarg into l (64-bit fields): 0 or -EFAULT. */
static int flock_in(enum flock_layout lay, uaddr_t uarg, struct linux_flock *l)
{
	struct linux_flock32 n;
	struct linux_flock64_32 w;

	if (lay == FLOCK_WIDE)
		return copy_from_user(cur->mm, l, uarg, sizeof(*l)) ? -EFAULT : 0;
	if (lay == FLOCK_I386_64) {
		if (copy_from_user(cur->mm, &w, uarg, sizeof(w)))
			return -EFAULT;
		*l = (struct linux_flock){ w.l_type, w.l_whence, w.l_start, w.l_len, w.l_pid };
		return 0;
	}
	if (copy_from_user(cur->mm, &n, uarg, sizeof(n)))
		return -EFAULT;
	*l = (struct linux_flock){ n.l_type, n.l_whence, n.l_start, n.l_len, n.l_pid }; /* signed: sign-extended */
	return 0;
}

/* Write l back to the caller's struct at uarg: 0, -EFAULT, or -EOVERFLOW
 * when i386's 32-bit struct cannot hold the start (a length too large is
 * cut to the largest, as Linux's compat path does). */
static int flock_out(enum flock_layout lay, uaddr_t uarg, const struct linux_flock *l)
{
	struct linux_flock32 n;
	struct linux_flock64_32 w;

	if (lay == FLOCK_WIDE)
		return copy_to_user(cur->mm, uarg, l, sizeof(*l));
	if (lay == FLOCK_I386_64) {
		w = (struct linux_flock64_32){ l->l_type, l->l_whence, l->l_start, l->l_len, l->l_pid };
		return copy_to_user(cur->mm, uarg, &w, sizeof(w));
	}
	if (l->l_start > INT32_MAX)
		return -EOVERFLOW;
	n = (struct linux_flock32){ l->l_type, l->l_whence, (int32_t)l->l_start,
				    l->l_len > INT32_MAX ? INT32_MAX : (int32_t)l->l_len, l->l_pid };
	return copy_to_user(cur->mm, uarg, &n, sizeof(n));
}

/* The bytes l names in f (whence against f's position or size; length 0:
 * to the end; negative: the bytes before the start) into r: 0, -EINVAL
 * (bad whence, a start before 0) or -EOVERFLOW. */
static int flock_range(const struct file *f, const struct linux_flock *l, struct rlock_range *r)
{
	int64_t base;

	if (l->l_whence == SEEK_SET)
		base = 0;
	else if (l->l_whence == SEEK_CUR)
		base = (int64_t)f->off;
	else if (l->l_whence == SEEK_END)
		base = f->node ? (int64_t)f->node->size : 0;
	else
		return -EINVAL;
	if (l->l_start > RLOCK_EOF - base)
		return -EOVERFLOW;
	r->start = base + l->l_start;
	if (r->start < 0)
		return -EINVAL;
	if (l->l_len > 0) {
		if (l->l_len - 1 > RLOCK_EOF - r->start)
			return -EOVERFLOW;
		r->end = r->start + l->l_len - 1;
	} else if (l->l_len < 0) {
		if (r->start + l->l_len < 0)
			return -EINVAL;
		r->end = r->start - 1;
		r->start += l->l_len;
	} else {
		r->end = RLOCK_EOF;
	}
	r->type = l->l_type;
	return 0;
}

/* F_GETLK: l's range tested; l becomes the first conflicting lock or
 * F_UNLCK. */
static long get_lock(struct file *f, bool ofd, struct linux_flock *l)
{
	struct rlock_range r;
	long rc;

	if (l->l_type != F_RDLCK && l->l_type != F_WRLCK)
		return -EINVAL;
	if ((rc = flock_range(f, l, &r)))
		return rc;
	if (ofd && l->l_pid != 0)
		return -EINVAL;
	rlock_test(f, ofd, &r);
	l->l_type = (int16_t)r.type;
	if (r.type == F_UNLCK)
		return 0;
	l->l_whence = SEEK_SET;
	l->l_start = r.start;
	l->l_len = r.end == RLOCK_EOF ? 0 : r.end - r.start + 1;
	l->l_pid = r.pid;
	return 0;
}

/* F_SETLK, F_SETLKW (wait): l's lock set or removed. */
static long set_lock(struct file *f, bool ofd, const struct linux_flock *l, bool wait)
{
	uint32_t acc = f->flags & O_ACCMODE;
	struct rlock_range r;
	long rc;

	if ((rc = flock_range(f, l, &r)))
		return rc;
	if (l->l_type != F_RDLCK && l->l_type != F_WRLCK && l->l_type != F_UNLCK)
		return -EINVAL;
	if ((l->l_type == F_RDLCK && acc == O_WRONLY) || (l->l_type == F_WRLCK && acc == O_RDONLY))
		return -EBADF; /* a lock needs the descriptor open for its kind of access */
	if (ofd && l->l_pid != 0)
		return -EINVAL;
	return rlock_set(f, ofd, &r, wait);
}

long fcntl_lock(struct file *f, uint32_t cmd, uaddr_t uarg)
{
	enum flock_layout lay = layout_of(cmd);
	bool ofd = cmd >= F_OFD_GETLK;
	struct linux_flock l;
	long rc;

	if ((f->flags & O_ACCMODE) == O_ACCMODE)
		return -EBADF; /* an O_PATH descriptor */
	if ((rc = flock_in(lay, uarg, &l)))
		return rc;
	switch (cmd) {
	case F_GETLK:
	case F_GETLK64:
	case F_OFD_GETLK:
		if ((rc = get_lock(f, ofd, &l)))
			return rc;
		return flock_out(lay, uarg, &l);
	case F_SETLK:
	case F_SETLK64:
	case F_OFD_SETLK:
		return set_lock(f, ofd, &l, false);
	default: /* the W forms */
		return set_lock(f, ofd, &l, true);
	}
}
