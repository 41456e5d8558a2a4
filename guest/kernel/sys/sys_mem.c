/* Memory system calls: brk, mmap, munmap, mprotect, madvise. */
#include "handlers.h"

#include "../arch/layout.h"
#include "../dev/chardev.h"
#include "../file/file.h"
#include "../file/memfd.h"
#include "../lib/errno.h"
#include "../mm/frame.h"
#include "../mm/shared_anon.h"
#include "../mm/uaccess.h"
#include "../mm/vm.h"
#include "../proc/proc.h"
#include "../proc/rlimit.h"

#define MAP_SHARED          0x01
#define MAP_PRIVATE         0x02
#define MAP_TYPE            0x0f
#define MAP_FIXED           0x10
#define MAP_ANONYMOUS       0x20
#define MAP_NORESERVE       0x4000
#define MAP_FIXED_NOREPLACE 0x100000
#define PROT_MASK           0x7
#define MADV_DONTNEED       4
#define MADV_DONTFORK       10
#define MADV_DOFORK         11
#define MADV_WIPEONFORK     18
#define MADV_KEEPONFORK     19
#define MADV_DONTNEED_LOCKED 24
#define MADV_LAST           25 /* MADV_COLLAPSE: Linux 6.1's last advice below 100 */
#define MREMAP_MAYMOVE      1
#define MREMAP_FIXED        2
#define MREMAP_DONTUNMAP    4
#define MLOCK_ONFAULT       1
#define MCL_CURRENT         1
#define MCL_FUTURE          2
#define MCL_ONFAULT         4

/* Is a request for len more bytes of memory hopeless? (more than all the
 * free RAM: refused at once rather than killed later) */
static bool too_big(uint64_t len)
{
	return len > frames_free() * PAGE_SIZE;
}

/* brk(addr): move the end of the heap; returns the (new or old) end. */
long sys_brk(const uint64_t *arg)
{
	struct mm *mm = cur->mm;
	uaddr_t want = arg[0];
	uint64_t old_end = PAGE_ROUND_UP(mm->brk), new_end = PAGE_ROUND_UP((uint64_t)want);
	int rc = 0;

	if (want < mm->brk_start || new_end > mm->mmap_top)
		return mm->brk;
	if (new_end > old_end && (too_big(new_end - old_end) ||
				  rlimit_vm_grow(mm, new_end - old_end, true, 0, 0)))
		return mm->brk;
	if (new_end != old_end) {
		if (old_end == PAGE_ROUND_UP(mm->brk_start)) /* no heap VMA yet */
			rc = vm_range_free(mm, old_end, new_end) &&
			     vm_add(mm, old_end, new_end, VM_READ | VM_WRITE, VMA_HEAP)
			     ? 0 : -ENOMEM;
		else
			rc = vm_move_end(mm, old_end, new_end);
	}
	if (rc == 0)
		mm->brk = want;
	return mm->brk;
}

/* Where a new mapping of len bytes goes; 0 or negative errno. */
static int64_t place(uaddr_t addr, uint64_t len, uint32_t flags)
{
	struct mm *mm = cur->mm;
	uint64_t end = addr + len;
	uaddr_t free;

	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr % PAGE_SIZE || addr < USER_MIN_ADDR)
			return -EINVAL;
		if (end < addr || end > mm->user_end) /* Linux: no room there */
			return -ENOMEM;
		if (!vm_range_free(mm, addr, end)) {
			if (flags & MAP_FIXED_NOREPLACE)
				return -EEXIST;
			if (vm_remove(mm, addr, end))
				return -ENOMEM;
		}
		return (int64_t)addr;
	}
	addr &= ~(uaddr_t)(PAGE_SIZE - 1);
	end = addr + len;
	if (addr >= USER_MIN_ADDR && end > addr && end <= mm->mmap_top && vm_range_free(mm, addr, end))
		return (int64_t)addr;
	free = vm_find_free(mm, len);
	return free ? (int64_t)free : -ENOMEM;
}

/* The file behind a mapping's fd, checked for the mapping kind (as
 * Linux: it must be open for reading, and for writing to be mapped shared
 * and writable); *maywrite: it is open for writing. NULL in *node for
 * /dev/zero, whose mappings are anonymous memory, private or shared, as
 * Linux's (the same VMAs as MAP_ANONYMOUS). */
static long mapped_file(int fd, uint32_t prot, uint32_t flags, struct fnode **node, bool *maywrite)
{
	struct file *f = fd_file(fd);
	bool anon;
	uint32_t acc;

	if (f == 0)
		return -EBADF;
	anon = chardev_maps_anon(f);
	if (f->type != FT_NODE || f->node->pseudo || (FS_ISCHR(f->node->mode) && !anon))
		return -ENODEV;
	if (!FS_ISREG(f->node->mode) && !anon)
		return FS_ISDIR(f->node->mode) ? -ENODEV : -EACCES;
	acc = f->flags & O_ACCMODE;
	if (acc == O_WRONLY)
		return -EACCES;
	*maywrite = acc == O_RDWR && !(f->flags & O_APPEND);
	if ((flags & MAP_TYPE) == MAP_SHARED && (prot & VM_WRITE) && !*maywrite)
		return -EACCES;
	if ((flags & MAP_TYPE) == MAP_SHARED && !anon && memfd_write_sealed(f->node)) {
		if (prot & VM_WRITE)
			return -EPERM; /* F_SEAL_WRITE, F_SEAL_FUTURE_WRITE */
		*maywrite = false; /* nor can mprotect make it writable */
	}
	*node = anon ? 0 : f->node;
	return 0;
}

/* mmap2 semantics with the offset in pages. */
static long do_mmap(uaddr_t addr, uint64_t len, uint32_t prot, uint32_t flags, int fd,
		    uint64_t pgoff)
{
	uint32_t type = flags & MAP_TYPE;
	struct fnode *node = 0;
	struct anon_shared *shm = 0;
	uint64_t off = (uint64_t)pgoff * PAGE_SIZE;
	bool maywrite = false;
	struct vma *v;
	int64_t at;
	long rc;

	if (len == 0 || (prot & ~PROT_MASK) || (type != MAP_SHARED && type != MAP_PRIVATE))
		return -EINVAL;
	if (PAGE_ROUND_UP(len) >= cur->mm->user_end || PAGE_ROUND_UP(len) < len)
		return -ENOMEM;
	len = PAGE_ROUND_UP(len);
	if (!(flags & MAP_ANONYMOUS) && (rc = mapped_file(fd, prot, flags, &node, &maywrite)))
		return rc;
	/* the memory Linux accounts: private writable mappings and shared
	 * anonymous ones (/dev/zero's are anonymous); a private PROT_NONE or
	 * read-only reservation (Go's heap arenas) and MAP_NORESERVE are not */
	if (((!node && type == MAP_SHARED) || ((prot & VM_WRITE) && type == MAP_PRIVATE)) &&
	    !(flags & MAP_NORESERVE) && too_big(len))
		return -ENOMEM;
	if (rlimit_vm_grow(cur->mm, len, (prot & VM_WRITE) && type == MAP_PRIVATE,
			   flags & MAP_FIXED ? addr : 0, flags & MAP_FIXED ? addr + len : 0))
		return -ENOMEM; /* MAP_FIXED: what it replaces does not count */
	if (!node && type == MAP_SHARED && (shm = anon_shared_create((uint32_t)(len / PAGE_SIZE))) == 0)
		return -ENOMEM;
	if ((at = place(addr, len, flags)) < 0 ||
	    (v = vm_add(cur->mm, (uaddr_t)at, (uaddr_t)at + len, prot, node ? VMA_FILE : VMA_ANON)) == 0) {
		if (shm)
			anon_shared_put(shm);
		return at < 0 ? at : -ENOMEM;
	}
	v->shared = type == MAP_SHARED;
	v->shm = shm;
	if (node) {
		v->maywrite = maywrite;
		vm_hold_file(v, node); /* a writable shared mapping also holds write access */
		v->file_off = off;
		v->file_whole = true; /* pages up to the file's end, whatever it becomes */
	} else {
		vm_merge(cur->mm, v);
	}
	return (long)at;
}

long sys_mmap2(const uint64_t *arg)
{
	return do_mmap(arg[0], arg[1], arg[2], arg[3], (int)arg[4], arg[5]);
}

/* x86-64 mmap(addr, len, prot, flags, fd, offset in bytes). */
long sys_mmap(const uint64_t *arg)
{
	if (arg[5] % PAGE_SIZE)
		return -EINVAL;
	return do_mmap(arg[0], arg[1], (uint32_t)arg[2], (uint32_t)arg[3], (int)arg[4],
		       arg[5] / PAGE_SIZE);
}

/* old_mmap(struct { addr, len, prot, flags, fd, offset } *) */
long sys_old_mmap(const uint64_t *arg)
{
	uint32_t a[6];

	if (copy_from_user(cur->mm, a, arg[0], sizeof(a)))
		return -EFAULT;
	if (a[5] % PAGE_SIZE)
		return -EINVAL;
	return do_mmap(a[0], a[1], a[2], a[3], (int)a[4], a[5] / PAGE_SIZE);
}

/* Check an (addr, len) range argument; its end in *end. A range past
 * user space fails with beyond (Linux: munmap EINVAL, the calls that look
 * for mappings there ENOMEM). */
static long range_arg(uaddr_t addr, uint64_t len, uaddr_t *end, long beyond)
{
	uint64_t e = PAGE_ROUND_UP(addr + len);

	if (addr % PAGE_SIZE)
		return -EINVAL;
	if (addr + len < addr || e > cur->mm->user_end)
		return beyond;
	*end = e;
	return 0;
}

#define MS_ASYNC      1
#define MS_INVALIDATE 2
#define MS_SYNC       4

/* msync(addr, len, flags): mappings share the file's pages, so there is
 * nothing to write back; the arguments are checked as Linux does. */
long sys_msync(const uint64_t *arg)
{
	uaddr_t end;
	long rc;

	if ((arg[2] & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) || (arg[2] & MS_ASYNC && arg[2] & MS_SYNC))
		return -EINVAL;
	if ((rc = range_arg(arg[0], arg[1], &end, -ENOMEM)))
		return rc;
	return vm_mapped(cur->mm, arg[0], end) ? 0 : -ENOMEM;
}

long sys_munmap(const uint64_t *arg)
{
	uaddr_t end;
	long rc = range_arg(arg[0], arg[1], &end, -EINVAL);

	if (rc || arg[1] == 0)
		return rc ? rc : -EINVAL;
	return vm_remove(cur->mm, arg[0], end);
}

long sys_mprotect(const uint64_t *arg)
{
	uaddr_t end;
	long rc = range_arg(arg[0], arg[1], &end, -ENOMEM);

	if (rc || (arg[2] & ~PROT_MASK))
		return rc ? rc : -EINVAL;
	if (arg[1] == 0)
		return 0;
	return vm_protect(cur->mm, arg[0], end, (uint32_t)arg[2]);
}

/* madvise(addr, len, advice): Linux 6.1's advice is known (5-7 and the
 * memory-failure calls are not: EINVAL); MADV_DONTNEED and its _LOCKED
 * form drop pages (private ones read as new again, shared ones keep their
 * content), other advice is accepted and changes nothing (MADV_FREE's
 * pages stay, as on Linux until memory runs short). A
 * range that wraps is EINVAL, one with an unmapped part ENOMEM (the
 * mapped parts still advised), as Linux checks. */
long sys_madvise(const uint64_t *arg)
{
	uint64_t advice = arg[2], len = PAGE_ROUND_UP(arg[1]), end = arg[0] + len;
	bool drop = advice == MADV_DONTNEED || advice == MADV_DONTNEED_LOCKED;

	if ((advice >= 5 && advice <= 7) || advice > MADV_LAST || arg[0] % PAGE_SIZE)
		return -EINVAL;
	if ((arg[1] && !len) || end < arg[0])
		return -EINVAL;
	if (len == 0)
		return 0;
	if (end > cur->mm->user_end)
		return -ENOMEM;
	if (drop)
		return vm_drop_pages(cur->mm, arg[0], end);
	switch (advice) {
	case MADV_DONTFORK: return vm_fork_advise(cur->mm, arg[0], end, VM_DONTFORK);
	case MADV_DOFORK: return vm_fork_advise(cur->mm, arg[0], end, VM_DOFORK);
	case MADV_WIPEONFORK: return vm_fork_advise(cur->mm, arg[0], end, VM_WIPEONFORK);
	case MADV_KEEPONFORK: return vm_fork_advise(cur->mm, arg[0], end, VM_KEEPONFORK);
	}
	return vm_mapped(cur->mm, arg[0], end) ? 0 : -ENOMEM;
}

#define MINCORE_CHUNK 256 /* pages answered per copy out */

/* mincore(start, len, vec): a byte per page of [start, start + len), 1
 * where it is resident; Linux's checks (EINVAL unaligned, ENOMEM outside
 * user space or at a hole, the bytes before it written; EFAULT vec). */
long sys_mincore(const uint64_t *arg)
{
	struct mm *mm = cur->mm;
	uaddr_t start = arg[0], vec = arg[2];
	uint64_t len = arg[1], pages;
	uint8_t buf[MINCORE_CHUNK];

	if (start % PAGE_SIZE)
		return -EINVAL;
	if (start + len < start || start + len > mm->user_end)
		return -ENOMEM;
	pages = PAGE_ROUND_UP(len) / PAGE_SIZE;
	if (!user_range_ok(vec, pages))
		return -EFAULT;
	for (uint64_t done = 0; done < pages; done += MINCORE_CHUNK) {
		uint32_t want = pages - done < MINCORE_CHUNK ? (uint32_t)(pages - done) : MINCORE_CHUNK;
		uint32_t got = vm_mincore(mm, start + done * PAGE_SIZE, want, buf);
		if (got && copy_to_user(mm, vec + done, buf, got))
			return -EFAULT;
		if (got < want)
			return -ENOMEM;
		sched_preempt_point(); /* up to the whole address space in one call */
	}
	return 0;
}

/* Can mremap grow or move the VMA holding addr? Private anonymous memory
 * only (a file's or shared memory's mapping cannot: ENOMEM). */
static bool remappable(const struct vma *v)
{
	return v->kind == VMA_ANON && !v->shared;
}

/* The VMA holding all of [old, old + len), or NULL (mremap's EFAULT). */
static struct vma *holding_all(struct mm *mm, uaddr_t old, uint64_t len)
{
	struct vma *v = vm_find(mm, old);

	return v && old + len >= old && old + len <= v->end ? v : 0;
}

/* mremap's move of [old, old + old_len) to [to, to + new_len), where
 * MREMAP_FIXED's target is first checked (EINVAL) and unmapped and the
 * old range cut to new_len, as Linux's mremap_to; flags' DONTUNMAP keeps
 * the old range mapped, empty. */
static long remap_to(uaddr_t old, uint64_t old_len, uint64_t new_len, uaddr_t to, uint64_t flags)
{
	struct mm *mm = cur->mm;
	struct vma *v;
	uint64_t grow;

	if (flags & MREMAP_FIXED) {
		if (to % PAGE_SIZE || to < USER_MIN_ADDR || to + new_len < to || to + new_len > mm->user_end)
			return -EINVAL;
		if (to < old + old_len && old < to + new_len) /* overlap */
			return -EINVAL;
		if (vm_remove(mm, to, to + new_len))
			return -ENOMEM;
	}
	if (old_len > new_len) {
		if (vm_remove(mm, old + new_len, old + old_len))
			return -ENOMEM;
		old_len = new_len;
	}
	if ((v = holding_all(mm, old, old_len)) == 0)
		return -EFAULT;
	if (!remappable(v))
		return flags & MREMAP_DONTUNMAP ? -EINVAL : -ENOMEM;
	grow = flags & MREMAP_DONTUNMAP ? new_len : new_len - old_len; /* the old range stays: all of it */
	if (grow && rlimit_vm_grow(mm, grow, v->prot & VM_WRITE, 0, 0))
		return -ENOMEM;
	if (!(flags & MREMAP_FIXED) && (to = vm_find_free(mm, new_len)) == 0)
		return -ENOMEM;
	return vm_move(mm, old, old_len, to, new_len, flags & MREMAP_DONTUNMAP) ?: (long)to;
}

/* mremap(old, old_len, new_len, flags, new_addr): shrink in place, grow in
 * place where the pages after are free, else move (MREMAP_MAYMOVE, to a
 * free place or MREMAP_FIXED's; MREMAP_DONTUNMAP leaves the old range
 * mapped, empty), with Linux's checks, for private anonymous memory; a
 * file's or shared memory's mapping cannot grow (ENOMEM), and old_len 0
 * (Linux: a shared mapping's duplicate) is EINVAL. */
long sys_mremap(const uint64_t *arg)
{
	struct mm *mm = cur->mm;
	uaddr_t old = arg[0];
	uint64_t old_len = PAGE_ROUND_UP(arg[1]), new_len = PAGE_ROUND_UP(arg[2]), flags = arg[3];
	struct vma *v;

	if (flags & ~(uint64_t)(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP) ||
	    ((flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) && !(flags & MREMAP_MAYMOVE)) ||
	    ((flags & MREMAP_DONTUNMAP) && old_len != new_len) || old % PAGE_SIZE || new_len == 0)
		return -EINVAL;
	if (new_len > old_len && too_big(new_len - old_len)) /* growth: checked as mmap's */
		return -ENOMEM;
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))
		return old_len ? remap_to(old, old_len, new_len, arg[4], flags) : -EINVAL;
	if ((v = vm_find(mm, old)) == 0)
		return -EFAULT;
	if (old_len >= new_len) { /* shrink: the tail goes */
		if (old_len == new_len)
			return (long)old;
		if (old + old_len < old || old + old_len > mm->user_end) /* munmap's EINVAL */
			return -EINVAL;
		return vm_remove(mm, old + new_len, old + old_len) ?: (long)old;
	}
	if (holding_all(mm, old, old_len) == 0)
		return -EFAULT;
	if (old_len == 0)
		return -EINVAL;
	if (!remappable(v) || rlimit_vm_grow(mm, new_len - old_len, v->prot & VM_WRITE, 0, 0))
		return -ENOMEM; /* (only private anonymous memory grows: data when writable) */
	if (old + old_len == v->end && old + new_len > old && old + new_len <= mm->mmap_top &&
	    vm_range_free(mm, old + old_len, old + new_len)) /* grow in place */
		return vm_move_end(mm, old + old_len, old + new_len) ?: (long)old;
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	return remap_to(old, old_len, new_len, 0, flags);
}

/* The range of mlock, munlock and mlock2: start rounded down and the
 * length up, as Linux; EINVAL if it wraps, ENOMEM where a page is not
 * mapped. Pages are never written out here, so nothing is locked. */
static long lock_range(uint64_t addr, uint64_t len)
{
	uint64_t start = PAGE_ROUND_DOWN(addr);

	len = PAGE_ROUND_UP(len + (addr - start)); /* 0 when it wraps: Linux's answer is 0 too */
	if (start + len < start)
		return -EINVAL;
	if (len == 0)
		return 0;
	if (start + len > cur->mm->user_end || !vm_mapped(cur->mm, start, start + len))
		return -ENOMEM;
	return 0;
}

long sys_mlock(const uint64_t *arg)
{
	return lock_range(arg[0], arg[1]);
}

long sys_munlock(const uint64_t *arg)
{
	return lock_range(arg[0], arg[1]);
}

long sys_mlock2(const uint64_t *arg)
{
	return arg[2] & ~(uint64_t)MLOCK_ONFAULT ? -EINVAL : lock_range(arg[0], arg[1]);
}

/* mlockall(flags): the flags checked as Linux; nothing to lock. */
long sys_mlockall(const uint64_t *arg)
{
	uint64_t f = arg[0];

	return f == 0 || f == MCL_ONFAULT || (f & ~(uint64_t)(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) ? -EINVAL : 0;
}

long sys_munlockall(const uint64_t *arg)
{
	(void)arg;
	return 0;
}
