/* --strace: system-call events decoded into lines, held from ENTRY to
 * EXIT (see strace.h); the arguments are strace_args.c's, the Linux value
 * names strace_values.c's. */
#include "strace.h"

#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../shared/abi.h"
#include "../shared/syscall.h"
#include "strace_args.h"
#include "syscall_names.h"

#define LINE_CAP        16384u   /* one output line, truncated beyond */
#define HELD_MAX        1024u    /* calls held until their EXIT event */

/* ---- whole lines ---- */

/* A result as a signed value: i386 errors sent zero-extended become
 * negative (an x86-64 result is a 64-bit value already). */
static int64_t normalize_ret(int64_t ret, bool wide)
{
	if (!wide && ret > (int64_t)0xffffffffll - STRACE_ERRNO_MAX && ret <= (int64_t)0xffffffffll)
		return (int32_t)(uint32_t)ret;
	return ret;
}

static const struct syscall_info unknown_call = { NULL, "xxx", SC_RET_DEC };

/* The table row of call nr of abi, or the generic one for unknown calls. */
static const struct syscall_info *info_of(uint32_t abi, uint32_t nr)
{
	const struct syscall_info *info = abi == CV_ABI_X86_64 ? syscall_lookup_x86_64(nr)
							       : syscall_lookup(nr);

	return info != NULL ? info : &unknown_call;
}

/* "[pid] name(args)" for the call described by ev (and c). */
static void put_call(struct sb *sb, const struct cv_strace_event *ev, const struct call *c)
{
	const struct syscall_info *info = info_of(ev->abi, ev->nr);

	sb_printf(sb, "[%" PRIu32 "] ", ev->pid);
	if (info->name != NULL)
		sb_printf(sb, "%s(", info->name);
	else
		sb_printf(sb, "syscall_%" PRIu32 "(", ev->nr);
	strace_put_args(sb, c, info);
	sb_puts(sb, ")");
}

/* "-1 ENOENT (No such file or directory)" for an error result; the
 * kernel's restart code as strace shows it. */
static void put_errno(struct sb *sb, int err)
{
	const char *name = strerrorname_np(err), *desc = strerrordesc_np(err);

	if (err == ERESTARTNOHAND)
		sb_puts(sb, "? ERESTARTNOHAND (To be restarted if no handler)");
	else if (err == EINTR_NORESTART) /* the program sees EINTR */
		sb_puts(sb, "-1 EINTR (Interrupted system call)");
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
	else if (strace_is_error(ret))
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
