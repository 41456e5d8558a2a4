/* sendfile and sendfile64: bytes from one open file to another inside the
 * kernel. The kinds of files read into and write from user memory, so the
 * bytes pass through a bounce region mapped in the caller's address space
 * for the length of the call (never visible to the program's own code,
 * which does not run meanwhile). A partial write after a read from a
 * pipe, the console or a socket loses the bytes not written (Linux's
 * splice keeps them in the pipe); from a regular file the position is
 * moved back to what was written. */
#include "handlers.h"

#include "../arch/layout.h"
#include "../file/file.h"
#include "../lib/errno.h"
#include "../mm/uaccess.h"
#include "../mm/vm.h"
#include "../proc/proc.h"

#define BOUNCE_LEN    (4 * PAGE_SIZE)
#define MAX_RW_COUNT  0x7ffff000u /* Linux's cap on one transfer */
#define MAX_NON_LFS   0x7fffffffll /* sendfile's (32-bit) offset limit */

/* Move up to count bytes from in (at its position) to out through the
 * bounce region at va; bytes moved, or -errno when none were. */
static long pump(struct file *in, struct file *out, uint32_t va, uint32_t count)
{
	uint32_t done = 0;

	while (done < count) {
		uint32_t want = count - done < BOUNCE_LEN ? count - done : BOUNCE_LEN;
		long r = file_read(in, va, want), w;

		if (r <= 0)
			return done ? (long)done : r;
		w = file_write(out, va, (uint32_t)r);
		if (w < 0)
			return done ? (long)done : w;
		done += (uint32_t)w;
		if (w < r) { /* a short write: a file gives the rest back */
			if (in->type == FT_NODE)
				in->off -= (uint64_t)(r - w);
			break;
		}
		if ((uint32_t)r < want || sched_interruption_point(false))
			break; /* the end of the input, or a signal */
	}
	return done;
}

/* The checks of Linux's do_sendfile, then pump() through a bounce region;
 * uoff: the offset to use and update instead of in's position (32-bit,
 * or 64-bit with wide). */
static long do_sendfile(int out_fd, int in_fd, uaddr_t uoff, uint32_t count, bool wide)
{
	struct file *in = fd_file(in_fd), *out = fd_file(out_fd);
	int64_t pos = 0, max = wide ? INT64_MAX : MAX_NON_LFS;
	uint64_t saved = 0;
	uint32_t va;
	long n;

	if (in == 0 || out == 0 || (in->flags & O_ACCMODE) == O_WRONLY ||
	    (out->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (uoff) {
		int32_t p32;
		if (in->type != FT_NODE)
			return -ESPIPE; /* an offset needs a seekable input */
		if (wide ? copy_from_user(cur->mm, &pos, uoff, sizeof(pos))
			 : copy_from_user(cur->mm, &p32, uoff, sizeof(p32)))
			return -EFAULT;
		if (!wide)
			pos = p32;
		if (pos < 0)
			return -EINVAL;
	} else {
		pos = (int64_t)in->off;
	}
	if (out->flags & O_APPEND)
		return -EINVAL;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if (in->type == FT_NODE && pos + count > max) {
		if (pos >= max)
			return -EOVERFLOW;
		count = (uint32_t)(max - pos);
	}
	if (count == 0)
		return 0;
	if ((va = vm_find_free(cur->mm, BOUNCE_LEN)) == 0 ||
	    vm_add(cur->mm, va, va + BOUNCE_LEN, VM_READ | VM_WRITE, VMA_ANON) == 0)
		return -ENOMEM;
	if (uoff) {
		saved = in->off;
		in->off = (uint64_t)pos;
	}
	n = pump(in, out, va, count);
	vm_remove(cur->mm, va, va + BOUNCE_LEN);
	if (uoff) {
		int32_t p32 = (int32_t)in->off;
		pos = (int64_t)in->off;
		in->off = saved;
		if (wide ? copy_to_user(cur->mm, uoff, &pos, sizeof(pos))
			 : copy_to_user(cur->mm, uoff, &p32, sizeof(p32)))
			return -EFAULT;
	}
	return n;
}

/* sendfile(out_fd, in_fd, off_t *offset, count) */
long sys_sendfile(const uint64_t *arg)
{
	return do_sendfile((int)arg[0], (int)arg[1], arg[2], arg[3], false);
}

/* sendfile64(out_fd, in_fd, loff_t *offset, count) */
long sys_sendfile64(const uint64_t *arg)
{
	return do_sendfile((int)arg[0], (int)arg[1], arg[2], arg[3], true);
}
