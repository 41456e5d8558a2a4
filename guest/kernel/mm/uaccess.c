/* Copies between kernel and user memory through the direct map. */
#include "uaccess.h"

#include "../lib/errno.h"
#include "../lib/string.h"
#include "frame.h"
#include "layout.h"

int user_range_visit(struct mm *mm, uint32_t va, uint32_t len, int write,
		     int (*fn)(void *ctx, uint8_t *p, uint32_t n), void *ctx)
{
	uint64_t end = (uint64_t)va + len;

	if (end > USER_END)
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

int copy_from_user(struct mm *mm, void *dst, uint32_t src, uint32_t len)
{
	struct cursor c = { dst };

	return user_range_visit(mm, src, len, 0, take, &c);
}

int copy_to_user(struct mm *mm, uint32_t dst, const void *src, uint32_t len)
{
	struct cursor c = { (uint8_t *)src };

	return user_range_visit(mm, dst, len, 1, give, &c);
}

int copy_str_from_user(struct mm *mm, char *dst, uint32_t src, uint32_t max)
{
	uint32_t n = 0;

	while (n < max) {
		uint32_t chunk = PAGE_SIZE - ((src + n) & (PAGE_SIZE - 1));
		int64_t pa;
		const char *p;
		size_t len;

		if ((uint64_t)src + n >= USER_END)
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

long user_strnlen(struct mm *mm, uint32_t src, uint32_t max)
{
	uint32_t n = 0;

	while (n < max) {
		uint32_t chunk = PAGE_SIZE - ((src + n) & (PAGE_SIZE - 1));
		int64_t pa;
		size_t len;

		if ((uint64_t)src + n >= USER_END || (pa = vm_resolve(mm, src + n, false)) < 0)
			return -EFAULT;
		if (chunk > max - n)
			chunk = max - n;
		len = phys_strnlen((uint64_t)pa, chunk);
		n += (uint32_t)len;
		if (len < chunk)
			return n;
	}
	return max;
}

int copy_user_to_user(struct mm *dst_mm, uint32_t dst, struct mm *src_mm, uint32_t src,
		      uint32_t len)
{
	if ((uint64_t)src + len > USER_END || (uint64_t)dst + len > USER_END)
		return -EFAULT;
	while (len) { /* page piece by page piece, frame to frame */
		uint32_t n = PAGE_SIZE - (src & (PAGE_SIZE - 1)), m = PAGE_SIZE - (dst & (PAGE_SIZE - 1));
		int64_t spa = vm_resolve(src_mm, src, false), dpa;

		if (spa < 0 || (dpa = vm_resolve(dst_mm, dst, true)) < 0)
			return spa == -ENOMEM ? -ENOMEM : -EFAULT;
		n = n < m ? n : m;
		n = n < len ? n : len;
		phys_copy((uint64_t)dpa, (uint64_t)spa, n);
		src += n;
		dst += n;
		len -= n;
	}
	return 0;
}
