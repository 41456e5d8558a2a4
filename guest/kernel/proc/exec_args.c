/* execve's argument and environment strings. Pointers are read, and the
 * new pointer table written, 64 at a time: one page walk each, not one
 * per string. */
#include "exec_args.h"

#include "../lib/errno.h"
#include "../lib/string.h"
#include "../mm/uaccess.h"
#include "proc.h"

#define BATCH 64

/* Reads the pointers of a vector in batches, and its strings. */
struct vec_cursor {
	struct strvec *v;
	struct user_pages src;   /* the strings' address space */
	uint32_t first, n;       /* buf holds pointers [first, first + n) */
	uint32_t buf[BATCH];
};

/* A cursor at the start of v. */
#define VEC_CURSOR(v) { (v), { (v)->mm, 0, 0, -1 }, 0, 0, { 0 } }

/* Pointer i of the cursor's user vector in *ua (0 at its end); 0 or
 * -EFAULT. A batch never reads past the page of pointer i. */
static int vec_pointer(struct vec_cursor *c, uint32_t i, uint32_t *ua)
{
	uint64_t addr = c->v->uarr + 4ull * i;
	uint32_t room = (uint32_t)(PAGE_SIZE - addr % PAGE_SIZE) / 4;

	if (i < c->first || i >= c->first + c->n) {
		c->first = i;
		c->n = room == 0 ? 1 : room < BATCH ? room : BATCH;
		if (addr + 4ull * c->n > USER_END ||
		    copy_from_user(c->v->mm, c->buf, (uint32_t)addr, 4 * c->n)) {
			c->n = 0;
			return -EFAULT;
		}
	}
	*ua = c->buf[i - c->first];
	return 0;
}

/* String i of the vector: its user address in *ua or kernel string in *k
 * (both 0 at the end), and its length with the NUL; 0 at the end, -E2BIG
 * when longer than MAX_ARG_STRLEN, -EFAULT. */
static long vec_string(struct vec_cursor *c, uint32_t i, uint32_t *ua, const char **k)
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
	uint32_t ua;
	const char *k;
	long len;

	for (*count = 0; (len = vec_string(&c, (uint32_t)*count, &ua, &k)) != 0; (*count)++) {
		if (len < 0)
			return (int)len;
		if ((uint32_t)*count >= MAX_ARG_STRINGS)
			return -E2BIG;
		t->strings++;
		t->bytes += (uint32_t)len;
		if (t->bytes + (uint64_t)t->strings * ARG_PTR_SIZE > ARG_SPACE)
			return -E2BIG;
	}
	return 0;
}

/* Pointers for the new table, written a batch at a time. */
struct table_writer {
	struct mm *mm;
	uint32_t at, n;          /* buf goes to at */
	uint32_t buf[BATCH];
};

/* Write out the pointers gathered. */
static int table_flush(struct table_writer *w)
{
	int rc = w->n ? copy_to_user(w->mm, w->at, w->buf, 4 * w->n) : 0;

	w->at += 4 * w->n;
	w->n = 0;
	return rc;
}

/* Add one pointer to the table. */
static int table_push(struct table_writer *w, uint32_t p)
{
	w->buf[w->n++] = p;
	return w->n == BATCH ? table_flush(w) : 0;
}

int args_place(struct mm *mm, struct strvec *v, int count, uint32_t *at, uint32_t end,
	       uint32_t table)
{
	struct vec_cursor c = VEC_CURSOR(v);
	struct table_writer w = { mm, table, 0, { 0 } };
	struct user_pages dst = { mm, 1, 0, -1 };
	uint32_t ua;
	const char *k;
	int rc;

	for (int i = 0; i < count; i++) {
		long len;

		sched_preempt_point(); /* thousands of strings may come */
		len = vec_string(&c, (uint32_t)i, &ua, &k);
		if (len <= 0 || len > end - *at)
			return len < 0 ? (int)len : -EFAULT; /* changed under us */
		rc = k ? copy_to_user(mm, *at, k, (uint32_t)len)
		       : copy_user_to_user(&dst, *at, &c.src, ua, (uint32_t)len);
		if (rc || (rc = table_push(&w, *at)))
			return rc;
		*at += (uint32_t)len;
	}
	if ((rc = table_push(&w, 0)))
		return rc;
	return table_flush(&w);
}
