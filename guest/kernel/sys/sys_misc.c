/* Miscellaneous system calls: getrandom, thread areas (TLS). */
#include "handlers.h"

#include "../arch/segments.h"
#include "../lib/errno.h"
#include "../dev/chardev.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "thread_area.h"

#define GRND_FLAGS 7u
#define GETRANDOM_MAX 33554431u /* Linux's largest single getrandom */

/* getrandom(buf, len, flags): filled in place a page at a time; a signal
 * ends it early with what was done, as on Linux (never before one page). */
long sys_getrandom(const uint64_t *arg)
{
	uint32_t len = arg[1] > GETRANDOM_MAX ? GETRANDOM_MAX : arg[1];

	if (arg[2] & ~GRND_FLAGS)
		return -EINVAL;
	if (!user_range_ok(arg[0], len))
		return -EFAULT;
	return random_to_user(arg[0], len, false);
}

/* struct user_desc, i386 */
struct user_desc {
	uint32_t entry, base, limit;
	uint32_t bits; /* seg_32bit:1 contents:2 read_exec_only:1 limit_in_pages:1
	                  seg_not_present:1 useable:1 */
};

#define UD_32BIT(b)     ((b) & 1)
#define UD_CONTENTS(b)  (((b) >> 1) & 3)
#define UD_RDONLY(b)    (((b) >> 3) & 1)
#define UD_PAGES(b)     (((b) >> 4) & 1)
#define UD_NOTPRESENT(b) (((b) >> 5) & 1)
#define UD_USEABLE(b)   (((b) >> 6) & 1)

#define UD_BITS_MASK    0x7fu
#define UD_EMPTY_BITS   ((1u << 3) | (1u << 5)) /* read_exec_only, seg_not_present */

/* Does u ask for no segment at all? The documented empty form, or all
 * zeros (which programs use for the same, as Linux accepts). */
static bool desc_clears(const struct user_desc *u)
{
	uint32_t b = u->bits & UD_BITS_MASK;

	return u->base == 0 && u->limit == 0 && (b == UD_EMPTY_BITS || b == 0);
}

/* May u go into the GDT? Only present 32-bit data segments (as Linux's
 * TLS rules): anything else could not be loaded into a data segment
 * register, or would be a code segment the program chose. */
static bool desc_allowed(const struct user_desc *u)
{
	uint32_t b = u->bits;

	return desc_clears(u) || (UD_32BIT(b) && UD_CONTENTS(b) <= 1 && !UD_NOTPRESENT(b));
}

/* The GDT descriptor for a user_desc (0 for an empty one). */
static uint64_t descriptor(const struct user_desc *u)
{
	uint32_t b = u->bits, type;

	if (desc_clears(u))
		return 0;
	if (UD_CONTENTS(b) >= 2)
		type = 0x18 | (UD_CONTENTS(b) == 3 ? 4 : 0) | (UD_RDONLY(b) ? 0 : 2);
	else
		type = 0x10 | (UD_CONTENTS(b) == 1 ? 4 : 0) | (UD_RDONLY(b) ? 0 : 2);
	return (u->limit & 0xffffull) | ((uint64_t)(u->base & 0xffffff) << 16) |
	       ((uint64_t)(type | 0x60 | (UD_NOTPRESENT(b) ? 0 : 0x80)) << 40) |
	       ((uint64_t)((u->limit >> 16) & 0xf) << 48) |
	       ((uint64_t)(UD_USEABLE(b) | (UD_32BIT(b) << 2) | (UD_PAGES(b) << 3)) << 52) |
	       ((uint64_t)(u->base >> 24) << 56);
}

long thread_area_read(uaddr_t uinfo, bool can_allocate, int *slot, uint64_t *desc)
{
	struct user_desc u;
	int idx;

	if (copy_from_user(cur->mm, &u, uinfo, sizeof(u)))
		return -EFAULT;
	if (!desc_allowed(&u))
		return -EINVAL;
	if (u.entry == 0xffffffffu && can_allocate) {
		for (idx = 0; idx < GDT_TLS_COUNT && cur->tls[idx]; idx++)
			;
		if (idx == GDT_TLS_COUNT)
			return -ESRCH;
		u.entry = (uint32_t)(GDT_TLS_FIRST + idx);
		if (copy_to_user(cur->mm, uinfo, &u.entry, 4))
			return -EFAULT;
	} else if (u.entry < GDT_TLS_FIRST || u.entry >= GDT_TLS_FIRST + GDT_TLS_COUNT) {
		return -EINVAL;
	}
	*slot = (int)(u.entry - GDT_TLS_FIRST);
	*desc = descriptor(&u);
	return 0;
}

/* set_thread_area(struct user_desc *): entry -1 picks a free TLS slot. */
long sys_set_thread_area(const uint64_t *arg)
{
	uint64_t desc;
	int slot;
	long rc = thread_area_read(arg[0], true, &slot, &desc);

	if (rc)
		return rc;
	cur->tls[slot] = desc;
	gdt_set_tls(cur->tls);
	proc_save_segments(cur);
	proc_load_segments(cur); /* a register holding the entry sees the change (null if gone) */
	return 0;
}

/* get_thread_area(struct user_desc *): the descriptor decoded. */
long sys_get_thread_area(const uint64_t *arg)
{
	struct user_desc u;
	uint64_t d;
	uint32_t access, flags;

	if (copy_from_user(cur->mm, &u.entry, arg[0], 4))
		return -EFAULT;
	if (u.entry < GDT_TLS_FIRST || u.entry >= GDT_TLS_FIRST + GDT_TLS_COUNT)
		return -EINVAL;
	d = cur->tls[u.entry - GDT_TLS_FIRST];
	access = (uint32_t)(d >> 40) & 0xff;
	flags = (uint32_t)(d >> 52) & 0xf;
	u.base = (uint32_t)(((d >> 16) & 0xffffff) | ((d >> 56) << 24));
	u.limit = (uint32_t)((d & 0xffff) | (((d >> 48) & 0xf) << 16));
	u.bits = d == 0 ? (1u << 3) | (1u << 5)
		 : ((flags >> 2) & 1) | (((access >> 2) & 1) << 1) | ((access & 8) ? 2u << 1 : 0) |
		   (((access & 2) ? 0u : 1u) << 3) | (((flags >> 3) & 1) << 4) |
		   (((access & 0x80) ? 0u : 1u) << 5) | ((flags & 1) << 6);
	return copy_to_user(cur->mm, arg[0], &u, sizeof(u));
}
