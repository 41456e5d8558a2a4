/* Kernel access to user memory. Every user pointer is checked against the
 * address space's VMAs and resolved page by page exactly as a user access
 * would be (missing pages filled, copy-on-write broken on writes), so a
 * bad pointer gives -EFAULT and never a kernel fault. */
#ifndef MM_UACCESS_H
#define MM_UACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "vm.h"

/* Does [va, va+len) lie below the end of the active user space? (As Linux's
 * access_ok: checked before a long transfer is done piece by piece.) */
static inline bool user_range_ok(uaddr_t va, uint64_t len)
{
	return va <= vm_active_end && len <= vm_active_end - va;
}

/* Copy len bytes from user address src in mm to dst. 0 or -EFAULT/-ENOMEM. */
int copy_from_user(struct mm *mm, void *dst, uaddr_t src, uint32_t len);

/* Copy len bytes from src to user address dst in mm. 0 or -EFAULT/-ENOMEM. */
int copy_to_user(struct mm *mm, uaddr_t dst, const void *src, uint32_t len);

/* Copy len bytes between user memory at uva and physical memory at pa
 * (within one frame's run: file pages), to the user when to_user: fast on
 * kvm-pvm, where the VMM copies. 0 or -EFAULT / -ENOMEM. */
int copy_user_phys(struct mm *mm, uaddr_t uva, uint64_t pa, uint32_t len, bool to_user);

/* Copy a NUL-terminated string of at most max-1 bytes from user space.
 * Returns its length, -EFAULT, or -ENAMETOOLONG when no NUL comes first. */
int copy_str_from_user(struct mm *mm, char *dst, uaddr_t src, uint32_t max);

/* The length of the user string at src, counting at most max bytes:
 * max when no NUL comes first; -EFAULT. */
long user_strnlen(struct mm *mm, uaddr_t src, uint32_t max);

/* An address space and the translation of the last page used in it, for
 * runs of accesses near each other (exec's argument strings). Valid while
 * only these calls change mm; start with { mm, write, 0, -1 }. */
struct user_pages {
	struct mm *mm;
	int write;               /* resolve for writing */
	uaddr_t page;           /* the page translated, when pa >= 0 */
	int64_t pa;
};

/* user_strnlen() through u's translation. */
long user_pages_strnlen(struct user_pages *u, uaddr_t src, uint32_t max);

/* Copy len bytes between two address spaces (exec's argument strings),
 * frame to frame. 0 or -EFAULT/-ENOMEM. */
int copy_user_to_user(struct user_pages *dst, uaddr_t d, struct user_pages *src, uaddr_t s,
		      uint32_t len);

/* Call fn(ctx, kernel pointer, length) for each piece of the user range
 * [va, va+len) as it lies in RAM (page by page), after resolving it for
 * reading or writing. Stops at the first negative return of fn (returned)
 * or a fault (-EFAULT). Returns 0 when all was visited. */
int user_range_visit(struct mm *mm, uaddr_t va, uint32_t len, int write,
		     int (*fn)(void *ctx, uint8_t *p, uint32_t n), void *ctx);

#endif
