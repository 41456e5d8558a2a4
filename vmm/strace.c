/* --strace: format the guest's system calls, strace style (see strace.h).
 * Arguments are shown by kind (syscall_names.h); each kind is a row of the
 * `kinds` table below, flag and value names are tables too. User memory is
 * read page by page through the caller's page tables, never more than a
 * few bytes past what is shown. */
#include "strace.h"

#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../shared/abi.h"
#include "../shared/syscall.h"
#include "inspect/pagewalk.h"
#include "syscall_names.h"

#define LINE_CAP        16384u   /* one output line, truncated beyond */
#define HELD_MAX        1024u    /* calls held until their EXIT event */
#define ARRAY_SHOWN     32u      /* argv / iovec elements shown */
#define ENVP_COUNT_MAX  65536u   /* envp entries counted at most */
#define PAGE_SIZE_4K    4096u
#define USER_TOP_I386   0x100000000ull   /* i386 user addresses are 32-bit */
#define USER_TOP_X86_64 0x800000000000ull /* x86-64's: the lower canonical half */
#define ERRNO_MAX       4095
#define MMAP2_UNIT      4096u
#define O_CREAT_I386    0100u
#define O_TMPFILE_I386  020000000u

/* ---- a bounded text builder that counts what it would need ---- */

struct sb {
	char *buf;
	size_t cap;
	size_t len; /* length needed so far (may exceed cap - 1) */
};

/* Append formatted text, truncating at the buffer's end. */
static void sb_printf(struct sb *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sb *sb, const char *fmt, ...)
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
static void sb_puts(struct sb *sb, const char *s)
{
	sb_printf(sb, "%s", s);
}

/* ---- one call being formatted ---- */

struct call {
	const struct guest_mem *gm;
	uint64_t cr3;
	const uint64_t *args;
	bool wide;   /* x86-64: 64-bit long and pointers (else i386's 32-bit ones) */
	bool done;   /* the result is known */
	int64_t ret; /* the result, when done */
};

/* Is ret an error (-4095..-1)? */
static bool is_error(int64_t ret)
{
	return ret < 0 && ret >= -ERRNO_MAX;
}

/* Did the call complete successfully? */
static bool succeeded(const struct call *c)
{
	return c->done && !is_error(c->ret);
}

/* A result as a signed value: i386 errors sent zero-extended become
 * negative (an x86-64 result is a 64-bit value already). */
static int64_t normalize_ret(int64_t ret, bool wide)
{
	if (!wide && ret > (int64_t)0xffffffffll - ERRNO_MAX && ret <= (int64_t)0xffffffffll)
		return (int32_t)(uint32_t)ret;
	return ret;
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
		size_t chunk = PAGE_SIZE_4K - (size_t)(at & (PAGE_SIZE_4K - 1));

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

struct flag {
	uint32_t mask;  /* bits examined */
	uint32_t value; /* name applies when (v & mask) == value */
	const char *name;
};

#define BIT(v, n) { (v), (v), (n) }

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

struct named {
	int32_t value;
	const char *name;
};

struct names {
	const struct named *list; /* ended by a NULL name */
	bool hex;                 /* unknown values in hexadecimal */
};

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

static const char *const signal_names[] = {
	[1] = "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
	"SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2",
	"SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
	"SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
	"SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR",
	"SIGSYS",
};

#define SIG_NAMED 32 /* 1..31 have names above */
#define SIG_RTMAX 64

/* A signal number: SIGCHLD, SIGRT_3, or decimal. */
static void put_signal(struct sb *sb, int32_t sig)
{
	if (sig > 0 && sig < SIG_NAMED)
		sb_puts(sb, signal_names[sig]);
	else if (sig >= SIG_NAMED && sig <= SIG_RTMAX)
		sb_printf(sb, "SIGRT_%d", sig - SIG_NAMED);
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

static const struct flag clone_flags[] = {
	BIT(0x00000100, "CLONE_VM"), BIT(0x00000200, "CLONE_FS"),
	BIT(0x00000400, "CLONE_FILES"), BIT(0x00000800, "CLONE_SIGHAND"),
	BIT(0x00001000, "CLONE_PIDFD"), BIT(0x00002000, "CLONE_PTRACE"),
	BIT(0x00004000, "CLONE_VFORK"), BIT(0x00008000, "CLONE_PARENT"),
	BIT(0x00010000, "CLONE_THREAD"), BIT(0x00020000, "CLONE_NEWNS"),
	BIT(0x00040000, "CLONE_SYSVSEM"), BIT(0x00080000, "CLONE_SETTLS"),
	BIT(0x00100000, "CLONE_PARENT_SETTID"), BIT(0x00200000, "CLONE_CHILD_CLEARTID"),
	BIT(0x00400000, "CLONE_DETACHED"), BIT(0x00800000, "CLONE_UNTRACED"),
	BIT(0x01000000, "CLONE_CHILD_SETTID"), BIT(0x02000000, "CLONE_NEWCGROUP"),
	BIT(0x04000000, "CLONE_NEWUTS"), BIT(0x08000000, "CLONE_NEWIPC"),
	BIT(0x10000000, "CLONE_NEWUSER"), BIT(0x20000000, "CLONE_NEWPID"),
	BIT(0x40000000, "CLONE_NEWNET"), BIT(0x80000000, "CLONE_IO"),
	{ 0, 0, NULL },
};

#define CLONE_SIGNAL_MASK 0xffu

/* The pointer arguments clone shows only when its flags use them, and
 * where each ABI passes them (i386: tls before child_tid; x86-64 after). */
static const struct {
	unsigned arg_i386, arg_x86_64;
	uint32_t when;
	const char *label;
} clone_extras[] = {
	{ 2, 2, 0x00100000, "parent_tid" },          /* CLONE_PARENT_SETTID */
	{ 3, 4, 0x00080000, "tls" },                 /* CLONE_SETTLS */
	{ 4, 3, 0x01200000, "child_tidptr" },        /* CLONE_CHILD_SETTID|CLEARTID */
};

/* Clone flags with the exit signal last: CLONE_VM|CLONE_VFORK|SIGCHLD. */
static void put_clone_flags(struct sb *sb, uint32_t flags)
{
	uint32_t rest = flags & ~CLONE_SIGNAL_MASK, sig = flags & CLONE_SIGNAL_MASK;

	if (rest != 0 || sig == 0)
		put_flags(sb, clone_flags, rest);
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

/* ---- flag and value tables (Linux i386 values) ---- */

static const struct flag open_flags[] = {
	{ 03, 00, "O_RDONLY" }, { 03, 01, "O_WRONLY" }, { 03, 02, "O_RDWR" },
	BIT(0100, "O_CREAT"), BIT(0200, "O_EXCL"), BIT(0400, "O_NOCTTY"),
	BIT(01000, "O_TRUNC"), BIT(02000, "O_APPEND"), BIT(04000, "O_NONBLOCK"),
	BIT(04010000, "O_SYNC"), BIT(010000, "O_DSYNC"), BIT(020000, "O_ASYNC"),
	BIT(040000, "O_DIRECT"), BIT(0100000, "O_LARGEFILE"),
	BIT(020200000, "O_TMPFILE"), BIT(0200000, "O_DIRECTORY"),
	BIT(0400000, "O_NOFOLLOW"), BIT(01000000, "O_NOATIME"),
	BIT(02000000, "O_CLOEXEC"), BIT(010000000, "O_PATH"),
	{ 0, 0, NULL },
};

static const struct flag fd_flags[] = {
	BIT(04000, "O_NONBLOCK"), BIT(040000, "O_DIRECT"), BIT(02000000, "O_CLOEXEC"),
	{ 0, 0, NULL },
};

static const struct flag fd_cloexec[] = {
	BIT(1, "FD_CLOEXEC"),
	{ 0, 0, NULL },
};

static const struct flag access_modes[] = {
	{ 0xffffffff, 0, "F_OK" }, BIT(4, "R_OK"), BIT(2, "W_OK"), BIT(1, "X_OK"),
	{ 0, 0, NULL },
};

static const struct flag prot_flags[] = {
	{ 0xffffffff, 0, "PROT_NONE" }, BIT(1, "PROT_READ"), BIT(2, "PROT_WRITE"),
	BIT(4, "PROT_EXEC"), BIT(8, "PROT_SEM"), BIT(0x01000000, "PROT_GROWSDOWN"),
	BIT(0x02000000, "PROT_GROWSUP"),
	{ 0, 0, NULL },
};

static const struct flag map_flags[] = {
	{ 0xf, 1, "MAP_SHARED" }, { 0xf, 2, "MAP_PRIVATE" }, { 0xf, 3, "MAP_SHARED_VALIDATE" },
	BIT(0x10, "MAP_FIXED"), BIT(0x20, "MAP_ANONYMOUS"), BIT(0x40, "MAP_32BIT"),
	BIT(0x100, "MAP_GROWSDOWN"), BIT(0x800, "MAP_DENYWRITE"),
	BIT(0x1000, "MAP_EXECUTABLE"), BIT(0x2000, "MAP_LOCKED"),
	BIT(0x4000, "MAP_NORESERVE"), BIT(0x8000, "MAP_POPULATE"),
	BIT(0x10000, "MAP_NONBLOCK"), BIT(0x20000, "MAP_STACK"),
	BIT(0x40000, "MAP_HUGETLB"), BIT(0x80000, "MAP_SYNC"),
	BIT(0x100000, "MAP_FIXED_NOREPLACE"), BIT(0x4000000, "MAP_UNINITIALIZED"),
	{ 0, 0, NULL },
};

static const struct flag wait_options[] = {
	BIT(1, "WNOHANG"), BIT(2, "WUNTRACED"), BIT(4, "WEXITED"), BIT(8, "WCONTINUED"),
	BIT(0x01000000, "WNOWAIT"), BIT(0x20000000, "__WNOTHREAD"),
	BIT(0x40000000, "__WALL"), BIT(0x80000000, "__WCLONE"),
	{ 0, 0, NULL },
};

static const struct flag at_flags[] = {
	BIT(0x100, "AT_SYMLINK_NOFOLLOW"), BIT(0x200, "AT_REMOVEDIR"),
	BIT(0x400, "AT_SYMLINK_FOLLOW"), BIT(0x800, "AT_NO_AUTOMOUNT"),
	BIT(0x1000, "AT_EMPTY_PATH"), BIT(0x8000, "AT_RECURSIVE"),
	{ 0, 0, NULL },
};

static const struct flag statx_flags[] = {
	{ 0x6000, 0, "AT_STATX_SYNC_AS_STAT" }, { 0x6000, 0x2000, "AT_STATX_FORCE_SYNC" },
	{ 0x6000, 0x4000, "AT_STATX_DONT_SYNC" },
	BIT(0x100, "AT_SYMLINK_NOFOLLOW"), BIT(0x800, "AT_NO_AUTOMOUNT"),
	BIT(0x1000, "AT_EMPTY_PATH"),
	{ 0, 0, NULL },
};

static const struct flag statx_mask[] = {
	BIT(0x7ff, "STATX_BASIC_STATS"),
	BIT(0x1, "STATX_TYPE"), BIT(0x2, "STATX_MODE"), BIT(0x4, "STATX_NLINK"),
	BIT(0x8, "STATX_UID"), BIT(0x10, "STATX_GID"), BIT(0x20, "STATX_ATIME"),
	BIT(0x40, "STATX_MTIME"), BIT(0x80, "STATX_CTIME"), BIT(0x100, "STATX_INO"),
	BIT(0x200, "STATX_SIZE"), BIT(0x400, "STATX_BLOCKS"), BIT(0x800, "STATX_BTIME"),
	BIT(0x1000, "STATX_MNT_ID"), BIT(0x2000, "STATX_DIOALIGN"),
	{ 0, 0, NULL },
};

static const struct flag grnd_flags[] = {
	BIT(1, "GRND_NONBLOCK"), BIT(2, "GRND_RANDOM"), BIT(4, "GRND_INSECURE"),
	{ 0, 0, NULL },
};

static const struct names dirfd_names = { (const struct named[]) {
	{ -100, "AT_FDCWD" }, { 0, NULL } }, false };

static const struct names whence_names = { (const struct named[]) {
	{ 0, "SEEK_SET" }, { 1, "SEEK_CUR" }, { 2, "SEEK_END" }, { 3, "SEEK_DATA" },
	{ 4, "SEEK_HOLE" }, { 0, NULL } }, false };

static const struct names sighow_names = { (const struct named[]) {
	{ 0, "SIG_BLOCK" }, { 1, "SIG_UNBLOCK" }, { 2, "SIG_SETMASK" }, { 0, NULL } }, false };

static const struct names clock_names = { (const struct named[]) {
	{ 0, "CLOCK_REALTIME" }, { 1, "CLOCK_MONOTONIC" }, { 2, "CLOCK_PROCESS_CPUTIME_ID" },
	{ 3, "CLOCK_THREAD_CPUTIME_ID" }, { 4, "CLOCK_MONOTONIC_RAW" },
	{ 5, "CLOCK_REALTIME_COARSE" }, { 6, "CLOCK_MONOTONIC_COARSE" },
	{ 7, "CLOCK_BOOTTIME" }, { 8, "CLOCK_REALTIME_ALARM" },
	{ 9, "CLOCK_BOOTTIME_ALARM" }, { 11, "CLOCK_TAI" }, { 0, NULL } }, false };

static const struct names rlimit_names = { (const struct named[]) {
	{ 0, "RLIMIT_CPU" }, { 1, "RLIMIT_FSIZE" }, { 2, "RLIMIT_DATA" },
	{ 3, "RLIMIT_STACK" }, { 4, "RLIMIT_CORE" }, { 5, "RLIMIT_RSS" },
	{ 6, "RLIMIT_NPROC" }, { 7, "RLIMIT_NOFILE" }, { 8, "RLIMIT_MEMLOCK" },
	{ 9, "RLIMIT_AS" }, { 10, "RLIMIT_LOCKS" }, { 11, "RLIMIT_SIGPENDING" },
	{ 12, "RLIMIT_MSGQUEUE" }, { 13, "RLIMIT_NICE" }, { 14, "RLIMIT_RTPRIO" },
	{ 15, "RLIMIT_RTTIME" }, { 0, NULL } }, false };

static const struct names madvise_names = { (const struct named[]) {
	{ 0, "MADV_NORMAL" }, { 1, "MADV_RANDOM" }, { 2, "MADV_SEQUENTIAL" },
	{ 3, "MADV_WILLNEED" }, { 4, "MADV_DONTNEED" }, { 8, "MADV_FREE" },
	{ 9, "MADV_REMOVE" }, { 10, "MADV_DONTFORK" }, { 11, "MADV_DOFORK" },
	{ 12, "MADV_MERGEABLE" }, { 13, "MADV_UNMERGEABLE" }, { 14, "MADV_HUGEPAGE" },
	{ 15, "MADV_NOHUGEPAGE" }, { 16, "MADV_DONTDUMP" }, { 17, "MADV_DODUMP" },
	{ 18, "MADV_WIPEONFORK" }, { 19, "MADV_KEEPONFORK" }, { 20, "MADV_COLD" },
	{ 21, "MADV_PAGEOUT" }, { 22, "MADV_POPULATE_READ" }, { 23, "MADV_POPULATE_WRITE" },
	{ 24, "MADV_DONTNEED_LOCKED" }, { 25, "MADV_COLLAPSE" }, { 100, "MADV_HWPOISON" },
	{ 0, NULL } }, false };

static const struct names arch_codes = { (const struct named[]) {
	{ 0x1001, "ARCH_SET_GS" }, { 0x1002, "ARCH_SET_FS" }, { 0x1003, "ARCH_GET_FS" },
	{ 0x1004, "ARCH_GET_GS" }, { 0x1011, "ARCH_GET_CPUID" }, { 0x1012, "ARCH_SET_CPUID" },
	{ 0, NULL } }, true };

static const struct names ioctl_names = { (const struct named[]) {
	{ 0x5401, "TCGETS" }, { 0x5402, "TCSETS" }, { 0x5403, "TCSETSW" },
	{ 0x5404, "TCSETSF" }, { 0x5409, "TCSBRK" }, { 0x540b, "TCFLSH" }, { 0x540e, "TIOCSCTTY" },
	{ 0x540f, "TIOCGPGRP" }, { 0x5410, "TIOCSPGRP" },
	{ 0x5413, "TIOCGWINSZ" }, { 0x5414, "TIOCSWINSZ" }, { 0x541b, "FIONREAD" },
	{ 0x5421, "FIONBIO" }, { 0x5422, "TIOCNOTTY" }, { 0x5425, "TCSBRKP" },
	{ 0x5429, "TIOCGSID" }, { 0x5450, "FIONCLEX" }, { 0x5451, "FIOCLEX" },
	{ 0, NULL } }, true };

/* fcntl commands, each with the kind of its third argument (0: none). */
static const struct fcntl_cmd {
	int32_t value;
	const char *name;
	char arg;
} fcntl_cmds[] = {
	{ 0, "F_DUPFD", SC_FD }, { 1, "F_GETFD", 0 }, { 2, "F_SETFD", SC_FDFLAGS },
	{ 3, "F_GETFL", 0 }, { 4, "F_SETFL", SC_OPEN_FLAGS }, { 5, "F_GETLK", SC_PTR },
	{ 6, "F_SETLK", SC_PTR }, { 7, "F_SETLKW", SC_PTR }, { 8, "F_SETOWN", SC_INT },
	{ 9, "F_GETOWN", 0 }, { 10, "F_SETSIG", SC_SIGNAL }, { 11, "F_GETSIG", 0 },
	{ 12, "F_GETLK64", SC_PTR }, { 13, "F_SETLK64", SC_PTR }, { 14, "F_SETLKW64", SC_PTR },
	{ 15, "F_SETOWN_EX", SC_PTR }, { 16, "F_GETOWN_EX", SC_PTR },
	{ 36, "F_OFD_GETLK", SC_PTR }, { 37, "F_OFD_SETLK", SC_PTR },
	{ 38, "F_OFD_SETLKW", SC_PTR }, { 1024, "F_SETLEASE", SC_INT },
	{ 1025, "F_GETLEASE", 0 }, { 1026, "F_NOTIFY", SC_HEX },
	{ 1030, "F_DUPFD_CLOEXEC", SC_FD }, { 1031, "F_SETPIPE_SZ", SC_INT },
	{ 1032, "F_GETPIPE_SZ", 0 }, { 1033, "F_ADD_SEALS", SC_HEX },
	{ 1034, "F_GET_SEALS", 0 },
};

#define FCNTL_CMD_COUNT (sizeof(fcntl_cmds) / sizeof(fcntl_cmds[0]))

/* The fcntl command row of value cmd, or NULL. */
static const struct fcntl_cmd *fcntl_cmd_of(uint32_t cmd)
{
	for (size_t k = 0; k < FCNTL_CMD_COUNT; k++)
		if (fcntl_cmds[k].value == (int32_t)cmd)
			return &fcntl_cmds[k];
	return NULL;
}

/* fcntl command name, else decimal. */
static void fmt_fcntl_cmd(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	const struct fcntl_cmd *cmd = fcntl_cmd_of(arg32(c, i));

	(void)data;
	if (cmd != NULL)
		sb_puts(sb, cmd->name);
	else
		sb_printf(sb, "%d", (int32_t)arg32(c, i));
}

static const struct pair_desc ts32_in = { "tv_sec", "tv_nsec", 4, false };
static const struct pair_desc ts32_out = { "tv_sec", "tv_nsec", 4, true };
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
	[SC_DIRFD] = { fmt_named, &dirfd_names, NULL },
	[SC_STR] = { fmt_string, NULL, NULL },
	[SC_INBUF] = { fmt_inbuf, NULL, NULL },
	[SC_OUTBUF] = { fmt_outbuf, NULL, NULL },
	[SC_OUTSTR] = { fmt_outstr, NULL, NULL },
	[SC_IOV_IN] = { fmt_iov, NULL, NULL },
	[SC_IOV_OUT] = { fmt_iov, "filled", NULL },
	[SC_OPEN_FLAGS] = { fmt_flags, open_flags, NULL },
	[SC_OPEN_MODE] = { fmt_mode, NULL, mode_shown },
	[SC_MODE] = { fmt_mode, NULL, NULL },
	[SC_ACCESS] = { fmt_flags, access_modes, NULL },
	[SC_PROT] = { fmt_flags, prot_flags, NULL },
	[SC_MAP_FLAGS] = { fmt_flags, map_flags, NULL },
	[SC_PGOFF] = { fmt_pgoff, NULL, NULL },
	[SC_ARGV] = { fmt_argv, NULL, NULL },
	[SC_ENVP] = { fmt_envp, NULL, NULL },
	[SC_CLONE] = { fmt_clone, NULL, NULL },
	[SC_SIGNAL] = { fmt_signal, NULL, NULL },
	[SC_WSTATUS] = { fmt_wstatus, NULL, NULL },
	[SC_WOPTIONS] = { fmt_flags, wait_options, NULL },
	[SC_WHENCE] = { fmt_named, &whence_names, NULL },
	[SC_OFF_HI] = { fmt_off64, "high first", NULL },
	[SC_OFF_LO] = { fmt_off64, NULL, NULL },
	[SC_OFF_PAIR] = { fmt_off64, NULL, NULL },
	[SC_LOFF_OUT] = { fmt_loff_out, NULL, NULL },
	[SC_SIGHOW] = { fmt_named, &sighow_names, NULL },
	[SC_FCNTL_CMD] = { fmt_fcntl_cmd, NULL, NULL },
	[SC_FCNTL_ARG] = { fmt_fcntl_arg, NULL, fcntl_arg_shown },
	[SC_IOCTL_REQ] = { fmt_named, &ioctl_names, NULL },
	[SC_CLOCK] = { fmt_named, &clock_names, NULL },
	[SC_RLIMIT] = { fmt_named, &rlimit_names, NULL },
	[SC_MADVISE] = { fmt_named, &madvise_names, NULL },
	[SC_FD_FLAGS] = { fmt_flags, fd_flags, NULL },
	[SC_AT_FLAGS] = { fmt_flags, at_flags, NULL },
	[SC_STATX_FLAGS] = { fmt_flags, statx_flags, NULL },
	[SC_STATX_MASK] = { fmt_flags, statx_mask, NULL },
	[SC_GRND] = { fmt_flags, grnd_flags, NULL },
	[SC_PIPE_FDS] = { fmt_pipe_fds, NULL, NULL },
	[SC_TS32_IN] = { fmt_pair, &ts32_in, NULL },
	[SC_TS32_OUT] = { fmt_pair, &ts32_out, NULL },
	[SC_TS64_OUT] = { fmt_pair, &ts64_out, NULL },
	[SC_TV32_OUT] = { fmt_pair, &tv32_out, NULL },
	[SC_FDFLAGS] = { fmt_flags, fd_cloexec, NULL },
	[SC_ARCH_CODE] = { fmt_named, &arch_codes, NULL },
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
	return i > 0 && (arg32(c, i - 1) & (O_CREAT_I386 | O_TMPFILE_I386));
}

/* fcntl's third argument exists only for some commands. */
static bool fcntl_arg_shown(const struct call *c, unsigned i)
{
	const struct fcntl_cmd *cmd = i > 0 ? fcntl_cmd_of(arg32(c, i - 1)) : NULL;

	return cmd == NULL || cmd->arg != 0;
}

/* fcntl's third argument, of the kind its command says. */
static void fmt_fcntl_arg(struct sb *sb, const struct call *c, unsigned i, const void *data)
{
	const struct fcntl_cmd *cmd = i > 0 ? fcntl_cmd_of(arg32(c, i - 1)) : NULL;
	const struct kind *k = kind_of(cmd != NULL ? cmd->arg : SC_HEX);

	(void)data;
	k->fmt(sb, c, i, k->data);
}

/* ---- whole lines ---- */

static const struct syscall_info unknown_call = { NULL, "xxx", SC_RET_DEC };

/* The table row of call nr of abi, or the generic one for unknown calls. */
static const struct syscall_info *info_of(uint32_t abi, uint32_t nr)
{
	const struct syscall_info *info = abi == CV_ABI_X86_64 ? syscall_lookup_x86_64(nr)
							       : syscall_lookup(nr);

	return info != NULL ? info : &unknown_call;
}

/* Does signature letter j take no register of its own in the call's ABI?
 * On x86-64 a 64-bit offset ("b-") is one register. */
static bool takes_no_register(const struct call *c, const char *args, unsigned j)
{
	return c->wide && j > 0 && args[j] == SC_CONSUMED &&
	       (args[j - 1] == SC_OFF_LO || args[j - 1] == SC_OFF_HI);
}

/* "[pid] name(args)" for the call described by ev (and c). */
static void put_call(struct sb *sb, const struct cv_strace_event *ev, const struct call *c)
{
	const struct syscall_info *info = info_of(ev->abi, ev->nr);
	unsigned n = syscall_nargs(info), shown = 0, reg = 0;

	sb_printf(sb, "[%" PRIu32 "] ", ev->pid);
	if (info->name != NULL)
		sb_printf(sb, "%s(", info->name);
	else
		sb_printf(sb, "syscall_%" PRIu32 "(", ev->nr);
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
	sb_puts(sb, ")");
}

/* "-1 ENOENT (No such file or directory)" for an error result; the
 * kernel's restart code as strace shows it. */
static void put_errno(struct sb *sb, int err)
{
	const char *name = strerrorname_np(err), *desc = strerrordesc_np(err);

	if (err == ERESTARTNOHAND)
		sb_puts(sb, "? ERESTARTNOHAND (To be restarted if no handler)");
	else if (err == ERESTART_RESTARTBLOCK)
		sb_puts(sb, "? ERESTART_RESTARTBLOCK (Interrupted by signal)");
	else if (name != NULL && desc != NULL)
		sb_printf(sb, "-1 %s (%s)", name, desc);
	else
		sb_printf(sb, "-1 E??? (errno %d)", err);
}

/* " = result" of call nr of abi: "?" when it did not return. */
static void put_result(struct sb *sb, uint32_t abi, uint32_t nr, bool done, int64_t ret)
{
	static const char *const formats[] = {
		[SC_RET_DEC] = NULL, [SC_RET_HEX] = "%#" PRIx64, [SC_RET_OCT] = "0%02" PRIo64,
	};
	enum sc_ret_kind kind = info_of(abi, nr)->ret;

	sb_puts(sb, " = ");
	if (!done)
		sb_puts(sb, "?");
	else if (is_error(ret))
		put_errno(sb, (int)-ret);
	else if (kind == SC_RET_DEC || kind > SC_RET_OCT)
		sb_printf(sb, "%" PRId64, ret);
	else
		sb_printf(sb, formats[kind], abi == CV_ABI_X86_64 ? (uint64_t)ret : (uint32_t)ret);
}

/* A call made from an event's registers; exit (or NULL) gives the result. */
static struct call call_of(const struct cv_strace_event *args, const struct cv_strace_event *exit,
			   const struct guest_mem *gm)
{
	bool wide = args->abi == CV_ABI_X86_64;
	struct call c = {
		.gm = gm, .cr3 = args->cr3, .args = args->args, .wide = wide,
		.done = exit != NULL, .ret = exit != NULL ? normalize_ret(exit->ret, wide) : 0,
	};
	return c;
}

/* One completed (or, without exit, unfinished) call as a line, no newline. */
int strace_format(char *buf, size_t len, const struct cv_strace_event *entry,
		  const struct cv_strace_event *exit, const struct guest_mem *gm)
{
	const struct cv_strace_event *args = entry != NULL ? entry : exit;
	struct sb sb = { buf, buf != NULL ? len : 0, 0 };
	struct call c;

	if (sb.cap > 0)
		buf[0] = '\0';
	if (args == NULL)
		return 0;
	c = call_of(args, exit, gm);
	put_call(&sb, args, &c);
	put_result(&sb, args->abi, args->nr, c.done, c.ret);
	return sb.len > INT_MAX ? INT_MAX : (int)sb.len;
}

/* ---- the tracer: calls held from ENTRY to EXIT ---- */

struct held {
	char *text;   /* "[pid] name(args)", NULL when the slot is free */
	uint32_t pid, nr, abi;
	uint64_t seq; /* arrival order */
};

struct strace {
	FILE *out;
	unsigned nheld;
	uint64_t next_seq;
	struct held held[HELD_MAX];
	char line[LINE_CAP];
};

/* An empty tracer writing to out. */
struct strace *strace_new(FILE *out)
{
	struct strace *st = calloc(1, sizeof(*st));

	if (st != NULL)
		st->out = out;
	return st;
}

/* Write the text in st->line (length needed: len) as one whole line. */
static void emit_line(struct strace *st, size_t len)
{
	if (len >= LINE_CAP - 1)
		len = LINE_CAP - 2; /* truncated: keep room for the newline */
	st->line[len] = '\n';
	st->line[len + 1] = '\0';
	fputs(st->line, st->out);
	fflush(st->out);
}

/* Print a held call with its result (done false: " = ?") and free its slot. */
static void release(struct strace *st, struct held *h, bool done, int64_t ret)
{
	struct sb sb = { st->line, LINE_CAP, 0 };

	sb_puts(&sb, h->text);
	put_result(&sb, h->abi, h->nr, done, ret);
	emit_line(st, sb.len);
	free(h->text);
	h->text = NULL;
	st->nheld--;
}

/* The held call of pid, or NULL. */
static struct held *held_of(struct strace *st, uint32_t pid)
{
	for (unsigned k = 0, seen = 0; k < HELD_MAX && seen < st->nheld; k++) {
		if (st->held[k].text == NULL)
			continue;
		if (st->held[k].pid == pid)
			return &st->held[k];
		seen++;
	}
	return NULL;
}

/* A free slot, or NULL when HELD_MAX calls are held. */
static struct held *free_slot(struct strace *st)
{
	if (st->nheld >= HELD_MAX)
		return NULL;
	for (unsigned k = 0; k < HELD_MAX; k++)
		if (st->held[k].text == NULL)
			return &st->held[k];
	return NULL;
}

/* Keep an ENTRY event's text (its arguments read now) until its EXIT; when
 * it cannot be kept, print it at once as unfinished. */
static void hold(struct strace *st, const struct cv_strace_event *ev, const struct guest_mem *gm)
{
	struct sb sb = { st->line, LINE_CAP, 0 };
	struct call c = call_of(ev, NULL, gm);
	struct held *h = free_slot(st);

	put_call(&sb, ev, &c);
	if (h != NULL && (h->text = strdup(st->line)) != NULL) {
		h->pid = ev->pid;
		h->nr = ev->nr;
		h->abi = ev->abi;
		h->seq = st->next_seq++;
		st->nheld++;
		return;
	}
	if (sb.len > LINE_CAP - 1)
		sb.len = LINE_CAP - 1;
	put_result(&sb, ev->abi, ev->nr, false, 0);
	emit_line(st, sb.len);
}

/* Print or hold one event, ending a held call of the same pid first. */
void strace_event(struct strace *st, const struct cv_strace_event *ev,
		  const struct guest_mem *gm)
{
	struct held *h;

	if (st == NULL || ev == NULL)
		return;
	h = st->nheld ? held_of(st, ev->pid) : NULL;
	if (h != NULL && ev->phase != CV_STRACE_ENTRY && h->nr == ev->nr && h->abi == ev->abi) {
		release(st, h, true, normalize_ret(ev->ret, ev->abi == CV_ABI_X86_64));
		return;
	}
	if (h != NULL)
		release(st, h, false, 0);
	if (ev->phase == CV_STRACE_ENTRY)
		hold(st, ev, gm);
	else
		emit_line(st, (size_t)strace_format(st->line, LINE_CAP, NULL, ev, gm));
}

/* The held call that arrived first, or NULL when none is held. */
static struct held *oldest_held(struct strace *st)
{
	struct held *best = NULL;

	for (unsigned k = 0; k < HELD_MAX; k++)
		if (st->held[k].text != NULL && (best == NULL || st->held[k].seq < best->seq))
			best = &st->held[k];
	return best;
}

/* Print the held calls as unfinished, oldest first, and free the tracer. */
void strace_free(struct strace *st)
{
	struct held *h;

	if (st == NULL)
		return;
	while ((h = oldest_held(st)) != NULL)
		release(st, h, false, 0);
	free(st);
}
