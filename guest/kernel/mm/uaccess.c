/* Copies between kernel and user memory through the direct map. */
#include "uaccess.h"

#include "../arch/layout.h"
#include "../lib/errno.h"
#include "../lib/string.h"
#include "frame.h"

int user_range_visit(struct mm *mm, uaddr_t va, uint32_t len, int write,
		     int (*fn)(void *ctx, uint8_t *p, uint32_t n), void *ctx)
{
	uint64_t end = (uint64_t)va + len;

	if (end > mm->user_end)
		return -EFAULT;
	while (va < end) {
		uint32_t n = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		int64_t pa = vm_resolve(mm, va, write != 0);
		int rc;

		if (pa < 0)
			return pa == -ENOMEM ? -ENOMEM : -EFAULT;
		if (n > end - va)
			n = (uint32_t)(end - va);
		if ((rc = fn(ctx, P2V(pa), n)) < 0)
			return rc;
		va += n;
	}
	return 0;
}

/* Cursor for the copy visitors. */
struct cursor {
	uint8_t *k;
};

/* Copy a user piece into the kernel buffer. */
static int take(void *ctx, uint8_t *p, uint32_t n)
{
	struct cursor *c = ctx;

	memcpy(c->k, p, n);
	c->k += n;
	return 0;
}

/* Copy from the kernel buffer into a user piece. */
static int give(void *ctx, uint8_t *p, uint32_t n)
{
	struct cursor *c = ctx;

	memcpy(p, c->k, n);
	c->k += n;
	return 0;
}

/* The kernel address of the user range [va, va+len) of mm when it lies
 * within one page that resolves for the access (most copies): NULL
 * otherwise, and the page-by-page path takes it, faults and all. */
static inline void *in_one_page(struct mm *mm, uaddr_t va, uint32_t len, bool write)
{
	int64_t pa;

	if (len == 0 || (va & (PAGE_SIZE - 1)) + len > PAGE_SIZE || va + len > mm->user_end ||
	    (pa = vm_resolve(mm, va, write)) < 0)
		return 0;
	return P2V(pa);
}

int copy_from_user(struct mm *mm, void *dst, uaddr_t src, uint32_t len)
{
	struct cursor c = { dst };
	void *p = in_one_page(mm, src, len, false);

	if (p) {
		memcpy(dst, p, len);
		return 0;
	}
	return user_range_visit(mm, src, len, 0, take, &c);
}

int copy_to_user(struct mm *mm, uaddr_t dst, const void *src, uint32_t len)
{
	struct cursor c = { (uint8_t *)src };
	void *p = in_one_page(mm, dst, len, true);

	if (p) {
		memcpy(p, src, len);
		return 0;
	}
	return user_range_visit(mm, dst, len, 1, give, &c);
}

/* The physical side of a copy between user memory and a frame. */
struct phys_cursor {
	uint64_t pa;
	bool to_user;
};

/* Copy between a user piece and the frame through phys_copy (the VMM
 * copies when kernel code is emulated). */
static int phys_piece(void *ctx, uint8_t *p, uint32_t n)
{
	struct phys_cursor *c = ctx;

	if (c->to_user)
		phys_copy(V2P(p), c->pa, n);
	else
		phys_copy(c->pa, V2P(p), n);
	c->pa += n;
	return 0;
}

int copy_user_phys(struct mm *mm, uaddr_t uva, uint64_t pa, uint32_t len, bool to_user)
{
	struct phys_cursor c = { pa, to_user };

	return user_range_visit(mm, uva, len, to_user, phys_piece, &c);
}

int copy_str_from_user(struct mm *mm, char *dst, uaddr_t src, uint32_t max)
{
	uint32_t n = 0;

	while (n < max) {
		uint32_t chunk = PAGE_SIZE - ((src + n) & (PAGE_SIZE - 1));
		int64_t pa;
		const char *p;
		size_t len;

		if (src + n >= mm->user_end)
			return -EFAULT;
		if ((pa = vm_resolve(mm, src + n, false)) < 0)
			return -EFAULT;
		if (chunk > max - n)
			chunk = max - n;
		p = P2V(pa);
		len = strnlen(p, chunk);
		memcpy(dst + n, p, len);
		n += (uint32_t)len;
		if (len < chunk) {
			dst[n] = '\0';
			return (int)n;
		}
	}
	if (max)
		dst[max - 1] = '\0';
	return -ENAMETOOLONG;
}

long user_strnlen(struct mm *mm, uaddr_t src, uint32_t max)
{
	struct user_pages u = { mm, 0, 0, -1 };

	return user_pages_strnlen(&u, src, max);
}

/* The physical address of user address va through u (0 on failure, the
 * error in *err). */
static uint64_t user_pages_pa(struct user_pages *u, uaddr_t va, int *err)
{
	uaddr_t page = va & ~(uaddr_t)(PAGE_SIZE - 1);

	if (u->pa < 0 || u->page != page) {
		u->page = page;
		u->pa = vm_resolve(u->mm, page, u->write != 0);
		if (u->pa < 0) {
			*err = u->pa == -ENOMEM ? -ENOMEM : -EFAULT;
			return 0;
		}
	}
	return (uint64_t)u->pa + (va & (PAGE_SIZE - 1));
}

long user_pages_strnlen(struct user_pages *u, uaddr_t src, uint32_t max)
{
	uint32_t n = 0;
	int err = 0;

	while (n < max) {
		uint32_t chunk = PAGE_SIZE - ((src + n) & (PAGE_SIZE - 1));
		uint64_t pa, len;

		if (src + n >= u->mm->user_end || (pa = user_pages_pa(u, src + n, &err)) == 0)
			return -EFAULT;
		if (chunk > max - n)
			chunk = max - n;
		len = phys_strnlen(pa, chunk);
		n += (uint32_t)len;
		if (len < chunk)
			return n;
	}
	return max;
}

int copy_user_to_user(struct user_pages *dst, uaddr_t d, struct user_pages *src, uaddr_t s,
		      uint32_t len)
{
	int err = -EFAULT;

	if (s + len > src->mm->user_end || d + len > dst->mm->user_end)
		return -EFAULT;
	while (len) { /* piece by piece within both pages */
		uint32_t n = PAGE_SIZE - (s & (PAGE_SIZE - 1)), m = PAGE_SIZE - (d & (PAGE_SIZE - 1));
		uint64_t spa = user_pages_pa(src, s, &err), dpa;

		if (spa == 0 || (dpa = user_pages_pa(dst, d, &err)) == 0)
			return err;
		n = n < m ? n : m;
		n = n < len ? n : len;
		phys_copy(dpa, spa, n);
		s += n;
		d += n;
		len -= n;
	}
	return 0;
}
