/* execve's argument and environment strings. Pointers are read, and the
 * new pointer table written, 64 at a time: one page walk each, not one
 * per string. */
#include "exec_args.h"

#include "../lib/errno.h"
#include "../lib/string.h"
#include "../mm/uaccess.h"
#include "proc.h"
#include "rlimit.h"

#define BATCH 64

/* Reads the pointers of a vector in batches, and its strings. */
struct vec_cursor {
	struct strvec *v;
	struct user_pages src;   /* the strings' address space */
	uint32_t first, n;       /* buf holds pointers [first, first + n) */
	uint64_t buf[BATCH];
};

/* A cursor at the start of v. */
#define VEC_CURSOR(v) { (v), { (v)->mm, 0, 0, -1 }, 0, 0, { 0 } }

/* Widen n pointers of size bytes each, packed at the start of buf, in place. */
static void widen(uint64_t *buf, uint32_t n, uint32_t size)
{
	const uint32_t *narrow = (const uint32_t *)buf;

	for (uint32_t i = n; size == 4 && i-- > 0;) /* from the top: no overlap */
		buf[i] = narrow[i];
}

/* Pointer i of the cursor's user vector in *ua (0 at its end); 0 or
 * -EFAULT. A batch never reads past the page of pointer i. */
static int vec_pointer(struct vec_cursor *c, uint32_t i, uaddr_t *ua)
{
	uint32_t size = c->v->ptr_size ? c->v->ptr_size : 4;
	uint64_t addr = c->v->uarr + (uint64_t)size * i;
	uint32_t room = (uint32_t)(PAGE_SIZE - addr % PAGE_SIZE) / size;

	if (i < c->first || i >= c->first + c->n) {
		c->first = i;
		c->n = room == 0 ? 1 : room < BATCH ? room : BATCH;
		if (!user_range_ok(addr, (uint64_t)size * c->n) ||
		    copy_from_user(c->v->mm, c->buf, addr, size * c->n)) {
			c->n = 0;
			return -EFAULT;
		}
		widen(c->buf, c->n, size);
	}
	*ua = c->buf[i - c->first];
	return 0;
}

/* String i of the vector: its user address in *ua or kernel string in *k
 * (both 0 at the end), and its length with the NUL; 0 at the end, -E2BIG
 * when longer than MAX_ARG_STRLEN, -EFAULT. */
static long vec_string(struct vec_cursor *c, uint32_t i, uaddr_t *ua, const char **k)
{
	long len;

	*ua = 0;
	*k = 0;
	if (i < c->v->npre) {
		*k = c->v->pre[i];
		len = (long)strnlen(*k, MAX_ARG_STRLEN);
		return len == MAX_ARG_STRLEN ? -E2BIG : len + 1;
	}
	i = i - c->v->npre + c->v->skip; /* the vector's own strings */
	if (c->v->karr) {
		if ((*k = c->v->karr[i]) == 0)
			return 0;
		len = (long)strnlen(*k, MAX_ARG_STRLEN);
	} else {
		if (c->v->uarr == 0)
			return 0;
		if (vec_pointer(c, i, ua))
			return -EFAULT;
		if (*ua == 0)
			return 0;
		if ((len = user_pages_strnlen(&c->src, *ua, MAX_ARG_STRLEN)) < 0)
			return len;
	}
	return len == MAX_ARG_STRLEN ? -E2BIG : len + 1;
}

int args_measure(struct strvec *v, int *count, struct arg_totals *t)
{
	struct vec_cursor c = VEC_CURSOR(v);
	uaddr_t ua;
	const char *k;
	long len;

	for (*count = 0; (len = vec_string(&c, (uint32_t)*count, &ua, &k)) != 0; (*count)++) {
		if (len < 0)
			return (int)len;
		if ((uint32_t)*count >= MAX_ARG_STRINGS)
			return -E2BIG;
		t->strings++;
		t->bytes += (uint32_t)len;
		if (t->bytes + (uint64_t)t->strings * ARG_PTR_SIZE > rlimit_arg_space())
			return -E2BIG;
	}
	return 0;
}

/* Pointers for the new table, written a batch at a time. */
struct table_writer {
	struct mm *mm;
	uaddr_t at;              /* buf goes to at */
	uint32_t n, size;        /* pointers gathered, bytes each */
	union { uint32_t p32[BATCH]; uint64_t p64[BATCH]; } buf;
};

/* Write out the pointers gathered. */
static int table_flush(struct table_writer *w)
{
	int rc = w->n ? copy_to_user(w->mm, w->at, &w->buf, w->size * w->n) : 0;

	w->at += w->size * w->n;
	w->n = 0;
	return rc;
}

/* Add one pointer to the table. */
static int table_push(struct table_writer *w, uaddr_t p)
{
	if (w->size == 8)
		w->buf.p64[w->n++] = p;
	else
		w->buf.p32[w->n++] = (uint32_t)p;
	return w->n == BATCH ? table_flush(w) : 0;
}

int args_place(struct mm *mm, struct strvec *v, int count, uaddr_t *at, uaddr_t end,
	       uaddr_t table, uint32_t ptr_size)
{
	struct vec_cursor c = VEC_CURSOR(v);
	struct table_writer w = { mm, table, 0, ptr_size, { { 0 } } };
	struct user_pages dst = { mm, 1, 0, -1 };
	uaddr_t ua;
	const char *k;
	int rc;

	for (int i = 0; i < count; i++) {
		long len;

		sched_preempt_point(); /* thousands of strings may come */
		len = vec_string(&c, (uint32_t)i, &ua, &k);
		if (len <= 0 || (uint64_t)len > end - *at)
			return len < 0 ? (int)len : -EFAULT; /* changed under us */
		rc = k ? copy_to_user(mm, *at, k, (uint32_t)len)
		       : copy_user_to_user(&dst, *at, &c.src, ua, (uint32_t)len);
		if (rc || (rc = table_push(&w, *at)))
			return rc;
		*at += (uint64_t)len;
	}
	if ((rc = table_push(&w, 0)))
		return rc;
	return table_flush(&w);
}
