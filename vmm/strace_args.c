/* --strace's argument formatting (strace_args.h): one formatter per
 * argument kind (shared/linux_syscall_kinds.h), each a row of the `kinds`
 * table below, the value names from strace_values.c. User memory is read
 * page by page through the caller's page tables, never more than a few
 * bytes past what is shown. */
#include "strace_args.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../shared/layout.h"
#include "../shared/linux_clone.h"
#include "../shared/linux_fcntl.h"
#include "../shared/linux_signal.h"
#include "inspect/pagewalk.h"
#include "strace_values.h"

#define ARRAY_SHOWN     32u      /* argv / iovec elements shown */
#define ENVP_COUNT_MAX  65536u   /* envp entries counted at most */
#define USER_TOP_I386   0x100000000ull   /* i386 user addresses are 32-bit */
#define USER_TOP_X86_64 0x800000000000ull /* x86-64's: the lower canonical half */
#define MMAP2_UNIT      4096u    /* mmap2's offset unit (not the page size) */

/* ---- a bounded text builder that counts what it would need ---- */

/* Append formatted text, truncating at the buffer's end. */
void sb_printf(struct sb *sb, const char *fmt, ...)
{
	size_t avail = sb->len < sb->cap ? sb->cap - sb->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(avail ? sb->buf + sb->len : NULL, avail, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->len += (size_t)n;
}

/* Append a plain string. */
void sb_puts(struct sb *sb, const char *s)
{
	sb_printf(sb, "%s", s);
}

/* ---- one call being formatted ---- */

bool strace_is_error(int64_t ret)
{
	return ret < 0 && ret >= -STRACE_ERRNO_MAX;
}

/* Did the call complete successfully? */
static bool succeeded(const struct call *c)
{
	return c->done && !strace_is_error(c->ret);
}

/* Argument i as the 32-bit register value. */
static uint32_t arg32(const struct call *c, unsigned i)
{
	return (uint32_t)c->args[i];
}

/* Argument i as the ABI's unsigned long (size_t): 32 or 64 bits. */
static uint64_t argl(const struct call *c, unsigned i)
{
	return c->wide ? c->args[i] : arg32(c, i);
}

/* Bytes of a user pointer (and of a long) in the call's ABI. */
static unsigned ptr_size(const struct call *c)
{
	return c->wide ? 8 : 4;
}

/* ---- reading user memory ---- */

/* Copy up to len bytes from user address va, page by page; returns how many
 * were readable before the first unmapped page. */
static size_t user_read(const struct call *c, uint64_t va, void *dst, size_t len)
{
	uint8_t *out = dst;
	size_t got = 0;

	uint64_t top = c->wide ? USER_TOP_X86_64 : USER_TOP_I386;

	while (got < len && va + got < top) {
		uint64_t at = va + got, pa;
		size_t chunk = CV_PAGE_SIZE - (size_t)(at & (CV_PAGE_SIZE - 1));

		if (chunk > len - got)
			chunk = len - got;
		if (pw_translate(c->gm, PW_LONG4, c->cr3, at, &pa) != PW_OK ||
		    !gm_read(c->gm, pa, out + got, chunk))
			break;
		got += chunk;
	}
	return got;
}

/* Read one 32-bit value at user address va. */
static bool user_u32(const struct call *c, uint64_t va, uint32_t *out)
{
	return user_read(c, va, out, sizeof(*out)) == sizeof(*out);
}

/* Read one pointer (or long) of the call's ABI at user address va. */
static bool user_ptr(const struct call *c, uint64_t va, uint64_t *out)
{
	*out = 0; /* little-endian: a 4-byte read fills the low half */
	return user_read(c, va, out, ptr_size(c)) == ptr_size(c);
}

/* ---- scalars ---- */

/* A pointer: NULL or hexadecimal. */
static void put_ptr(struct sb *sb, uint64_t p)
{
	if (p == 0)
		sb_puts(sb, "NULL");
	else
		sb_printf(sb, "%#" PRIx64, p);
}

/* v as NAME|NAME|0xREST using table t (ended by a NULL name); "0" when
 * no name applies and no bit is set. */
static void put_flags(struct sb *sb, const struct flag *t, uint32_t v)
{
	bool any = false;

	for (; t->name != NULL; t++) {
		if ((v & t->mask) != t->value)
			continue;
		sb_printf(sb, "%s%s", any ? "|" : "", t->name);
		any = true;
		v &= ~t->mask;
	}
	if (v != 0 || !any)
		sb_printf(sb, "%s%#x", any ? "|" : "", v);
}

/* The name of v in list, or NULL. */
static const char *name_of(const struct named *list, int32_t v)
{
	for (; list->name != NULL; list++)
		if (list->value == v)
			return list->name;
	return NULL;
}

/* v by name from a value table, else as a number. */
static void put_named(struct sb *sb, const struct names *n, int32_t v)
{
	const char *name = name_of(n->list, v);

	if (name != NULL)
		sb_puts(sb, name);
	else if (n->hex)
		sb_printf(sb, "%#x", (uint32_t)v);
	else
		sb_printf(sb, "%d", v);
}

/* A signal number: SIGCHLD, SIGRT_3, or decimal. */
static void put_signal(struct sb *sb, int32_t sig)
{
	const char *name = strace_signal_name(sig);

	if (name != NULL)
		sb_puts(sb, name);
	else if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		sb_printf(sb, "SIGRT_%d", sig - SIGRTMIN);
	else
		sb_printf(sb, "%d", sig);
}

/* ---- strings and buffers ---- */

static const char escape_from[] = "\n\t\r\v\f\"\\";
static const char escape_to[]   = "ntrvf\"\\";

/* n bytes in double quotes, escaped; "..." after the quote when cut. */
static void put_quoted(struct sb *sb, const uint8_t *s, size_t n, bool cut)
{
	sb_puts(sb, "\"");
	for (size_t i = 0; i < n; i++) {
		const char *e = s[i] ? strchr(escape_from, s[i]) : NULL;

		if (e != NULL)
			sb_printf(sb, "\\%c", escape_to[e - escape_from]);
		else if (s[i] >= 0x20 && s[i] < 0x7f)
			sb_printf(sb, "%c", s[i]);
		else
			sb_printf(sb, "\\x%02x", s[i]);
	}
	sb_puts(sb, cut ? "\"..." : "\"");
}

/* A NUL-terminated user string, cut at STRACE_STRING_MAX bytes; the
 * pointer in hex when nothing of it is readable. */
static void put_string(struct sb *sb, const struct call *c, uint64_t va)
{
	uint8_t text[STRACE_STRING_MAX + 1];
	size_t got, n;
	const uint8_t *nul;

	if (va == 0) {
		sb_puts(sb, "NULL");
		return;
	}
	got = user_read(c, va, text, sizeof(text));
	if (got == 0) {
		put_ptr(sb, va);
		return;
	}
	nul = memchr(text, 0, got);
	n = nul != NULL ? (size_t)(nul - text) : got;
	if (n > STRACE_STRING_MAX)
		n = STRACE_STRING_MAX;
	put_quoted(sb, text, n, nul == NULL);
}

/* len bytes of user memory at va, cut at STRACE_STRING_MAX bytes. */
static void put_buffer(struct sb *sb, const struct call *c, uint64_t va, uint64_t len)
{
	uint8_t data[STRACE_STRING_MAX];
	size_t want = len < sizeof(data) ? (size_t)len : sizeof(data);
	size_t got;

	if (len == 0) {
		sb_puts(sb, "\"\"");
		return;
	}
	if (va == 0) {
		sb_puts(sb, "NULL");
		return;
	}
	got = user_read(c, va, data, want);
	if (got == 0)
		put_ptr(sb, va);
	else
		put_quoted(sb, data, got, got < len);
}

/* ---- argument formatters: one per kind ---- */

typedef void arg_fmt(struct sb *sb, const struct call *c, unsigned i, const void *data);

/* Signed decimal: an int or long (x86-64's long is the whole register,
 * as glibc and musl pass ints too: sign-extended). */
static void fmt_int(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	(void)data;
	sb_printf(sb, "%" PRId64, c->wide ? (int64_t)c->args[i] : (int64_t)(int32_t)arg32(c, i));
}

/* A file descriptor: an int in both ABIs. */
static void fmt_fd(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	(void)data;
	sb_printf(sb, "%d", (int32_t)arg32(c, i));
}

/* Unsigned decimal (an unsigned long: sizes and counts). */
static void fmt_uint(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	(void)data;
	sb_printf(sb, "%" PRIu64, argl(c, i));
}

/* Hexadecimal. */
static void fmt_hex(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	(void)data;
	sb_printf(sb, "%#" PRIx64, c->args[i]);
}

/* Pointer. */
static void fmt_ptr(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	(void)data;
	put_ptr(sb, c->args[i]);
}

/* Octal file mode: 0644. */
static void fmt_mode(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	(void)data;
	sb_printf(sb, "0%02o", arg32(c, i));
}

/* Flags by a struct flag table given as data. */
static void fmt_flags(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	put_flags(sb, data, arg32(c, i));
}

/* A value by a struct names table given as data. */
static void fmt_named(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	put_named(sb, data, (int32_t)arg32(c, i));
}

/* Signal number. */
static void fmt_signal(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	(void)data;
	put_signal(sb, (int32_t)arg32(c, i));
}

/* String or path. */
static void fmt_string(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	(void)data;
	put_string(sb, c, c->args[i]);
}

/* Input buffer; its length is the next argument. */
static void fmt_inbuf(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	(void)data;
	put_buffer(sb, c, c->args[i], argl(c, i + 1));
}

/* Output buffer: the result says how many bytes were filled. */
static void fmt_outbuf(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	(void)data;
	if (succeeded(c) && c->args[i] != 0)
		put_buffer(sb, c, c->args[i], (uint64_t)c->ret);
	else
		put_ptr(sb, c->args[i]);
}

/* Output string (getcwd): shown after a successful call. */
static void fmt_outstr(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	(void)data;
	if (succeeded(c) && c->ret > 0)
		put_string(sb, c, c->args[i]);
	else
		put_ptr(sb, c->args[i]);
}

/* mmap2 offset: pages, shown in bytes. */
static void fmt_pgoff(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	(void)data;
	sb_printf(sb, "%#" PRIx64, (uint64_t)arg32(c, i) * MMAP2_UNIT);
}

/* 64-bit offset from two i386 registers (data says whether this one is
 * high) or one x86-64 register. */
static void fmt_off64(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	bool high_first = data != NULL;
	uint64_t first = arg32(c, i), second = arg32(c, i + 1);
	uint64_t v = high_first ? first << 32 | second : second << 32 | first;

	sb_printf(sb, "%" PRId64, (int64_t)(c->wide ? c->args[i] : v));
}

/* A 64-bit value filled by the call (_llseek): [value]. */
static void fmt_loff_out(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	int64_t v;

	(void)data;
	if (succeeded(c) && user_read(c, c->args[i], &v, sizeof(v)) == sizeof(v))
		sb_printf(sb, "[%" PRId64 "]", v);
	else
		put_ptr(sb, c->args[i]);
}

/* Two descriptors filled by pipe/pipe2: [3, 4]. */
static void fmt_pipe_fds(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	int32_t fds[2];

	(void)data;
	if (succeeded(c) && user_read(c, c->args[i], fds, sizeof(fds)) == sizeof(fds))
		sb_printf(sb, "[%d, %d]", fds[0], fds[1]);
	else
		put_ptr(sb, c->args[i]);
}

/* A two-field time structure (timespec, timeval). */
struct pair_desc {
	const char *first, *second;
	unsigned width; /* bytes per field: 4 or 8 */
	bool filled;    /* written by the call (shown after success) */
};

/* Read a signed field of width bytes. */
static int64_t field_value(const uint8_t *p, unsigned width)
{
	int32_t v32;
	int64_t v64;

	if (width == sizeof(v64)) {
		memcpy(&v64, p, sizeof(v64));
		return v64;
	}
	memcpy(&v32, p, sizeof(v32));
	return v32;
}

/* A time structure: {tv_sec=1, tv_nsec=0}. */
static void fmt_pair(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	const struct pair_desc *d = data;
	uint8_t raw[16];
	unsigned width = d->width < ptr_size(c) ? ptr_size(c) : d->width; /* long fields */
	size_t size = 2u * width;

	if (c->args[i] == 0 || (d->filled && !succeeded(c)) ||
	    user_read(c, c->args[i], raw, size) != size) {
		put_ptr(sb, c->args[i]);
		return;
	}
	sb_printf(sb, "{%s=%" PRId64 ", %s=%" PRId64 "}", d->first, field_value(raw, width),
		  d->second, field_value(raw + width, width));
}

/* execve argv: ["a", "b", ...] with at most ARRAY_SHOWN elements; "..."
 * also marks an array that becomes unreadable. */
static void fmt_argv(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	uint64_t va = c->args[i], p, step = ptr_size(c);
	unsigned k;
	bool ended;

	(void)data;
	if (va == 0 || !user_ptr(c, va, &p)) {
		put_ptr(sb, va);
		return;
	}
	sb_puts(sb, "[");
	for (k = 0; k < ARRAY_SHOWN && user_ptr(c, va + step * k, &p) && p != 0; k++) {
		sb_puts(sb, k ? ", " : "");
		put_string(sb, c, p);
	}
	ended = user_ptr(c, va + step * k, &p) && p == 0;
	if (!ended)
		sb_puts(sb, k ? ", ..." : "...");
	sb_puts(sb, "]");
}

/* How many non-NULL pointers start the user array at va (bounded); false
 * when its first entry cannot be read. */
static bool count_pointers(const struct call *c, uint64_t va, uint32_t *count)
{
	uint8_t batch[1024];
	unsigned step = ptr_size(c);
	size_t got;
	uint64_t p;

	*count = 0;
	while (*count < ENVP_COUNT_MAX) {
		got = user_read(c, va + (uint64_t)step * *count, batch, sizeof(batch)) / step;
		if (got == 0)
			return *count > 0;
		for (size_t k = 0; k < got; k++, (*count)++) {
			p = 0;
			memcpy(&p, batch + k * step, step);
			if (p == 0)
				return true;
		}
	}
	return true;
}

/* execve envp: 0xADDR followed by the number of variables. */
static void fmt_envp(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	uint32_t n;

	(void)data;
	put_ptr(sb, c->args[i]);
	if (c->args[i] != 0 && count_pointers(c, c->args[i], &n))
		sb_printf(sb, " /* %u var%s */", n, n == 1 ? "" : "s");
}

/* One iovec element, showing at most budget bytes of it. */
static void put_iovec(struct sb *sb, const struct call *c, const uint64_t iov[2], uint64_t budget)
{
	sb_puts(sb, "{iov_base=");
	put_buffer(sb, c, iov[0], iov[1] < budget ? iov[1] : budget);
	sb_printf(sb, ", iov_len=%" PRIu64 "}", iov[1]);
}

/* Read iovec element k of the array at va (two longs of the ABI). */
static bool user_iovec(const struct call *c, uint64_t va, unsigned k, uint64_t iov[2])
{
	uint64_t at = va + 2ull * ptr_size(c) * k;

	return user_ptr(c, at, &iov[0]) && user_ptr(c, at + ptr_size(c), &iov[1]);
}

/* An iovec array, count in the next argument; data non-NULL for one the
 * call fills (shown after success, holding `ret` bytes in all). */
static void fmt_iov(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	bool filled = data != NULL;
	uint64_t va = c->args[i], budget = filled ? (uint64_t)c->ret : UINT64_MAX;
	uint64_t count = argl(c, i + 1), iov[2];
	unsigned k;

	if (va == 0 || (filled && !succeeded(c)) || !user_iovec(c, va, 0, iov)) {
		put_ptr(sb, va);
		return;
	}
	sb_puts(sb, "[");
	for (k = 0; k < count && k < ARRAY_SHOWN; k++) {
		if (!user_iovec(c, va, k, iov))
			break;
		sb_puts(sb, k ? ", " : "");
		put_iovec(sb, c, iov, budget);
		budget -= iov[1] < budget ? iov[1] : budget;
	}
	if (k < count)
		sb_puts(sb, ", ...");
	sb_puts(sb, "]");
}

/* Wait status, decoded like the W* macros: [{WIFEXITED(s) && ...}]. */
static void put_wstatus(struct sb *sb, uint32_t s)
{
	uint32_t low = s & 0x7f;

	if (s == 0xffff) {
		sb_puts(sb, "[{WIFCONTINUED(s)}]");
	} else if ((s & 0xff) == 0x7f) {
		sb_puts(sb, "[{WIFSTOPPED(s) && WSTOPSIG(s) == ");
		put_signal(sb, (int32_t)((s >> 8) & 0xff));
		sb_puts(sb, "}]");
	} else if (low == 0) {
		sb_printf(sb, "[{WIFEXITED(s) && WEXITSTATUS(s) == %u}]", (s >> 8) & 0xff);
	} else {
		sb_puts(sb, "[{WIFSIGNALED(s) && WTERMSIG(s) == ");
		put_signal(sb, (int32_t)low);
		sb_puts(sb, (s & 0x80) ? " && WCOREDUMP(s)}]" : "}]");
	}
}

/* Wait status pointer: decoded when a child was reported. */
static void fmt_wstatus(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	uint32_t s;

	(void)data;
	if (succeeded(c) && c->ret > 0 && c->args[i] != 0 && user_u32(c, c->args[i], &s))
		put_wstatus(sb, s);
	else
		put_ptr(sb, c->args[i]);
}

/* ---- clone ---- */

/* The pointer arguments clone shows only when its flags use them, and
 * where each ABI passes them (i386: tls before child_tid; x86-64 after). */
static const struct {
	unsigned arg_i386, arg_x86_64;
	uint32_t when;
	const char *label;
} clone_extras[] = {
	{ 2, 2, CLONE_PARENT_SETTID, "parent_tid" },
	{ 3, 4, CLONE_SETTLS, "tls" },
	{ 4, 3, CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID, "child_tidptr" },
};

/* Clone flags with the exit signal last: CLONE_VM|CLONE_VFORK|SIGCHLD. */
static void put_clone_flags(struct sb *sb, uint32_t flags)
{
	uint32_t rest = flags & ~CSIGNAL, sig = flags & CSIGNAL;

	if (rest != 0 || sig == 0)
		put_flags(sb, strace_clone_flags, rest);
	if (sig != 0) {
		sb_puts(sb, rest ? "|" : "");
		put_signal(sb, (int32_t)sig);
	}
}

/* clone (i386 order: flags, stack, parent_tid, tls, child_tid; x86-64:
 * flags, stack, parent_tid, child_tid, tls), shown as child_stack=,
 * flags= and the pointers the flags use. */
static void fmt_clone(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	uint32_t flags = arg32(c, i);

	(void)data;
	sb_puts(sb, "child_stack=");
	put_ptr(sb, c->args[i + 1]);
	sb_puts(sb, ", flags=");
	put_clone_flags(sb, flags);
	for (size_t k = 0; k < sizeof(clone_extras) / sizeof(clone_extras[0]); k++) {
		if (!(flags & clone_extras[k].when))
			continue;
		sb_printf(sb, ", %s=", clone_extras[k].label);
		put_ptr(sb, c->args[i + (c->wide ? clone_extras[k].arg_x86_64
						    : clone_extras[k].arg_i386)]);
	}
}

/* fcntl command name, else decimal. */
static void fmt_fcntl_cmd(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	const struct fcntl_cmd *cmd = strace_fcntl_cmd_of(arg32(c, i));

	(void)data;
	if (cmd != NULL)
		sb_puts(sb, cmd->name);
	else
		sb_printf(sb, "%d", (int32_t)arg32(c, i));
}

static const struct pair_desc ts32_in = { "tv_sec", "tv_nsec", 4, false };
static const struct pair_desc ts32_out = { "tv_sec", "tv_nsec", 4, true };
static const struct pair_desc ts64_in = { "tv_sec", "tv_nsec", 8, false };
static const struct pair_desc ts64_out = { "tv_sec", "tv_nsec", 8, true };
static const struct pair_desc tv32_out = { "tv_sec", "tv_usec", 4, true };

/* ---- the kinds table ---- */

typedef bool arg_shown(const struct call *c, unsigned i);

struct kind {
	arg_fmt *fmt;
	const void *data; /* a table for fmt, or non-NULL as an option */
	arg_shown *shown; /* NULL: always shown */
};

static arg_shown never_shown, mode_shown, fcntl_arg_shown;
static arg_fmt fmt_fcntl_arg;

static const struct kind kinds[128] = {
	[SC_INT] = { fmt_int, NULL, NULL },
	[SC_UINT] = { fmt_uint, NULL, NULL },
	[SC_HEX] = { fmt_hex, NULL, NULL },
	[SC_PTR] = { fmt_ptr, NULL, NULL },
	[SC_FD] = { fmt_fd, NULL, NULL },
	[SC_DIRFD] = { fmt_named, &strace_dirfd_names, NULL },
	[SC_STR] = { fmt_string, NULL, NULL },
	[SC_INBUF] = { fmt_inbuf, NULL, NULL },
	[SC_OUTBUF] = { fmt_outbuf, NULL, NULL },
	[SC_OUTSTR] = { fmt_outstr, NULL, NULL },
	[SC_IOV_IN] = { fmt_iov, NULL, NULL },
	[SC_IOV_OUT] = { fmt_iov, "filled", NULL },
	[SC_OPEN_FLAGS] = { fmt_flags, strace_open_flags, NULL },
	[SC_OPEN_MODE] = { fmt_mode, NULL, mode_shown },
	[SC_MODE] = { fmt_mode, NULL, NULL },
	[SC_ACCESS] = { fmt_flags, strace_access_modes, NULL },
	[SC_PROT] = { fmt_flags, strace_prot_flags, NULL },
	[SC_MAP_FLAGS] = { fmt_flags, strace_map_flags, NULL },
	[SC_PGOFF] = { fmt_pgoff, NULL, NULL },
	[SC_ARGV] = { fmt_argv, NULL, NULL },
	[SC_ENVP] = { fmt_envp, NULL, NULL },
	[SC_CLONE] = { fmt_clone, NULL, NULL },
	[SC_SIGNAL] = { fmt_signal, NULL, NULL },
	[SC_WSTATUS] = { fmt_wstatus, NULL, NULL },
	[SC_WOPTIONS] = { fmt_flags, strace_wait_options, NULL },
	[SC_WHENCE] = { fmt_named, &strace_whence_names, NULL },
	[SC_OFF_HI] = { fmt_off64, "high first", NULL },
	[SC_OFF_LO] = { fmt_off64, NULL, NULL },
	[SC_OFF_PAIR] = { fmt_off64, NULL, NULL },
	[SC_LOFF_OUT] = { fmt_loff_out, NULL, NULL },
	[SC_SIGHOW] = { fmt_named, &strace_sighow_names, NULL },
	[SC_FCNTL_CMD] = { fmt_fcntl_cmd, NULL, NULL },
	[SC_FCNTL_ARG] = { fmt_fcntl_arg, NULL, fcntl_arg_shown },
	[SC_IOCTL_REQ] = { fmt_named, &strace_ioctl_names, NULL },
	[SC_CLOCK] = { fmt_named, &strace_clock_names, NULL },
	[SC_RLIMIT] = { fmt_named, &strace_rlimit_names, NULL },
	[SC_MADVISE] = { fmt_named, &strace_madvise_names, NULL },
	[SC_FD_FLAGS] = { fmt_flags, strace_fd_flags, NULL },
	[SC_AT_FLAGS] = { fmt_flags, strace_at_flags, NULL },
	[SC_STATX_FLAGS] = { fmt_flags, strace_statx_flags, NULL },
	[SC_STATX_MASK] = { fmt_flags, strace_statx_mask, NULL },
	[SC_GRND] = { fmt_flags, strace_grnd_flags, NULL },
	[SC_PIPE_FDS] = { fmt_pipe_fds, NULL, NULL },
	[SC_TS32_IN] = { fmt_pair, &ts32_in, NULL },
	[SC_TS32_OUT] = { fmt_pair, &ts32_out, NULL },
	[SC_TS64_OUT] = { fmt_pair, &ts64_out, NULL },
	[SC_TV32_OUT] = { fmt_pair, &tv32_out, NULL },
	[SC_FDFLAGS] = { fmt_flags, strace_fd_cloexec, NULL },
	[SC_ARCH_CODE] = { fmt_named, &strace_arch_codes, NULL },
	[SC_EPOLL_OP] = { fmt_named, &strace_epoll_ops, NULL },
	[SC_EPOLL_FLAGS] = { fmt_flags, strace_epoll_flags, NULL },
	[SC_TS64_IN] = { fmt_pair, &ts64_in, NULL },
	[SC_CONSUMED] = { NULL, NULL, never_shown },
};

/* The kinds row of signature letter k (hexadecimal for unknown letters). */
static const struct kind *kind_of(char k)
{
	unsigned char u = (unsigned char)k;

	if (u < 128 && (kinds[u].fmt != NULL || kinds[u].shown != NULL))
		return &kinds[u];
	return &kinds[SC_HEX];
}

/* Arguments taken by an earlier one are not shown. */
static bool never_shown(const struct call *c, unsigned i)
{
	(void)c;
	(void)i;
	return false;
}

/* open's mode matters only when the flags before it create a file. */
static bool mode_shown(const struct call *c, unsigned i)
{
	return i > 0 && (arg32(c, i - 1) & (O_CREAT | (O_TMPFILE & ~O_DIRECTORY)));
}

/* fcntl's third argument exists only for some commands. */
static bool fcntl_arg_shown(const struct call *c, unsigned i)
{
	const struct fcntl_cmd *cmd = i > 0 ? strace_fcntl_cmd_of(arg32(c, i - 1)) : NULL;

	return cmd == NULL || cmd->arg != 0;
}

/* fcntl's third argument, of the kind its command says. */
static void fmt_fcntl_arg(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	const struct fcntl_cmd *cmd = i > 0 ? strace_fcntl_cmd_of(arg32(c, i - 1)) : NULL;
	const struct kind *k = kind_of(cmd != NULL ? cmd->arg : SC_HEX);

	(void)data;
	k->fmt(sb, c, i, k->data);
}

/* Does signature letter j take no register of its own in the call's ABI?
 * On x86-64 a 64-bit offset ("b-") is one register. */
static bool takes_no_register(const struct call *c, const char *args, unsigned j)
{
	return c->wide && j > 0 && args[j] == SC_CONSUMED &&
	       (args[j - 1] == SC_OFF_LO || args[j - 1] == SC_OFF_HI);
}

/* ---- all of a call's arguments ---- */

void strace_put_args(struct sb *sb, const struct call *c, const struct syscall_info *info)
{
	unsigned n = syscall_nargs(info), shown = 0, reg = 0;

	for (unsigned j = 0; j < n && reg < 6; j++) {
		const struct kind *k = kind_of(info->args[j]);
		unsigned i = reg;

		if (takes_no_register(c, info->args, j))
			continue;
		reg++; /* argument j is in register i */
		if (k->shown != NULL && !k->shown(c, i))
			continue;
		sb_puts(sb, shown++ ? ", " : "");
		k->fmt(sb, c, i, k->data);
	}
}
