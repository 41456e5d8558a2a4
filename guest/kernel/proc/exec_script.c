/* #! interpreter scripts (Linux's fs/binfmt_script.c rules). */
#include "exec_script.h"

#include "../lib/errno.h"
#include "../lib/string.h"
#include "../mm/uaccess.h"

/* A blank of the #! line: space or tab. */
static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The first newline in buf[0..n), or 0. */
static char *find_newline(char *buf, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (buf[i] == '\n')
			return buf + i;
	return 0;
}

/* The first non-blank in [p, last], or 0. */
static char *skip_blanks(char *p, char *last)
{
	for (; p <= last; p++)
		if (!blank(*p))
			return p;
	return 0;
}

/* The first blank or NUL in [p, last], or 0. */
static char *find_end(char *p, char *last)
{
	for (; p <= last; p++)
		if (blank(*p) || *p == '\0')
			return p;
	return 0;
}

int script_parse(const uint8_t *data, uint64_t size, struct script_line *l)
{
	uint64_t n = size < SCRIPT_BUF ? size : SCRIPT_BUF;
	char *buf = l->buf, *last = buf + SCRIPT_BUF - 1, *end, *name, *sep, *arg = 0;

	if (size < 2 || data[0] != '#' || data[1] != '!')
		return 0;
	memset(buf, 0, SCRIPT_BUF);  /* a short file reads as NUL-padded, as in Linux */
	memcpy(buf, data, n);
	end = find_newline(buf, SCRIPT_BUF);
	if (end == 0) {  /* no newline in the buffer: the name must end inside it */
		if ((end = skip_blanks(buf + 2, last)) == 0 || find_end(end, last) == 0)
			return -ENOEXEC;
		end = last;
	}
	while (end > buf && blank(end[-1]))
		end--;
	name = skip_blanks(buf + 2, end);
	if (name == 0 || name == end)
		return -ENOEXEC;
	sep = find_end(name, end);
	if (sep && *sep != '\0')
		arg = skip_blanks(sep, end);
	*end = '\0';
	if (arg)
		*sep = '\0';
	l->interp = name;
	l->arg = arg;
	return 1;
}

/* Whether the vector's own strings (after skip) start with a non-NULL one. */
static int has_first(struct strvec *v, bool *yes)
{
	uint64_t p = 0; /* little-endian: a 4-byte pointer fills its low half */
	uint32_t size = v->ptr_size ? v->ptr_size : 4;

	*yes = false;
	if (v->karr) {
		*yes = v->karr[v->skip] != 0;
		return 0;
	}
	if (v->uarr == 0)
		return 0;
	if (!user_range_ok(v->uarr, (uint64_t)size * (v->skip + 1)) ||
	    copy_from_user(v->mm, &p, v->uarr + (uint64_t)size * v->skip, size))
		return -EFAULT;
	*yes = p != 0;
	return 0;
}

int script_splice(struct strvec *v, const struct script_line *l, const char *filename)
{
	uint32_t add = l->arg ? 3 : 2;
	bool first;
	int rc;

	if (v->npre) { /* drop argv[0]: a kernel string from an outer script */
		memmove(&v->pre[0], &v->pre[1], (v->npre - 1) * sizeof(v->pre[0]));
		v->npre--;
	} else {
		if ((rc = has_first(v, &first)))
			return rc;
		v->skip += first;
	}
	if (v->npre + add > STRVEC_PRE_MAX)
		return -E2BIG;
	memmove(&v->pre[add], &v->pre[0], v->npre * sizeof(v->pre[0]));
	v->pre[0] = l->interp;
	if (l->arg)
		v->pre[1] = l->arg;
	v->pre[add - 1] = filename;
	v->npre += add;
	return 0;
}
