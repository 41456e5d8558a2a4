/* Running FPU/SIMD instructions of 32-bit programs natively in 64-bit mode
 * (see compat_fp.h). A trip is a #UD, a trampoline entry and a far jump
 * back, a few hundred emulated kernel instructions on kvm-pvm; so each trip
 * runs as much as it can: the whole straight-line run of movable
 * instructions from the one that trapped (compat_insn.h), with its jumps
 * (a loop inside the run stays in the trampoline), and runs are kept in a
 * cache in the trampoline page, found again by eip and checked against the
 * program's bytes. The page and the cache are global: one vCPU, and a trap
 * taken in the trampoline is unwound before anything can change them. */
#include "compat_fp.h"

#include "../arch/compat_insn.h"
#include "../arch/layout.h"
#include "../arch/segments.h"
#include "../core/panic.h"
#include "../lib/string.h"
#include "../mm/frame.h"
#include "../mm/uaccess.h"
#include "../mm/vm.h"
#include "proc.h"

#define RUN_INSNS    32   /* instructions in a run at most */
#define RUN_INT_TAIL 4    /* integer instructions after the last FP one */
#define RUNS_MAX     128  /* cached runs */
#define MARKS_MAX    2048 /* instruction starts and exits of all runs */
#define ORIG_WORDS   512  /* the runs' 32-bit code, for the check */
#define HASH_SIZE    512
#define EXIT_LEN     12   /* jmp far [rip+0]; its m16:32 pointer */

/* A place in a run's trampoline code and the 32-bit eip it stands for. */
struct mark {
	uint16_t at;   /* offset in the trampoline page */
	bool exit;     /* a far jump back (else an instruction's start) */
	uint32_t eip;
};

/* A translated run: its code and exits in the page, and its marks[]. */
struct run {
	uint16_t code, code_end;
	uint16_t mark, nmarks;
};

/* The lookup of a cached run by the 32-bit code it stands for, at eip: the
 * nwords 8-byte words of its page from check on (they cover the run) must
 * still equal orig_words[orig...]; it is entered at code. */
struct slot {
	uint32_t eip; /* 0: empty (no code runs at 0) */
	uint32_t check;
	uint16_t nwords, orig, code;
};

static uint64_t tramp_frame;
static struct run runs[RUNS_MAX];
static struct mark marks[MARKS_MAX];
static uint64_t orig_words[ORIG_WORDS];
static struct slot hash[HASH_SIZE];
static int nruns, nmarks, norig, code_used;

uint64_t compat_fp_init(void)
{
	if ((tramp_frame = frame_alloc_zeroed()) == 0)
		panic("no frame for the compat FPU trampoline");
	return tramp_frame;
}

/* Forget every run (the cache is full). */
static void cache_flush(void)
{
	memset(hash, 0, sizeof hash);
	nruns = nmarks = norig = code_used = 0;
}

/* The hash slot of eip. */
static unsigned slot(uint32_t eip)
{
	return (eip ^ (eip >> 8)) & (HASH_SIZE - 1);
}

/* Are the n words at user address at (in a page the CPU just ran code
 * from) the same as at k? One repe cmpsq: a single emulated instruction,
 * whose steps cost a few each. */
static bool same_words(uint32_t at, const uint64_t *k, uint32_t n)
{
	const uint64_t *u = (const uint64_t *)(uintptr_t)at;
	bool equal;

	__asm__ volatile("repe cmpsq" : "=@cce"(equal), "+S"(u), "+D"(k), "+c"(n) :: "memory", "cc");
	return equal;
}

/* The trampoline offset of the cached run for the code at eip, or -1. */
static int cache_find(uint32_t eip)
{
	const struct slot *s = &hash[slot(eip)];

	if (s->eip == eip && same_words(s->check, orig_words + s->orig, s->nwords))
		return s->code;
	return -1;
}

/* Remember that the run at eip of nbytes is entered at code: its slot, and
 * the words of its page that cover it (ending at the page end at most). */
static void cache_index(uint32_t eip, uint32_t nbytes, int code)
{
	uint32_t nwords = (nbytes + 7) / 8, page_end = (eip | (PAGE_SIZE - 1)) + 1;
	uint32_t check = (eip + nwords * 8 <= page_end ? eip : page_end - nwords * 8);

	memcpy(orig_words + norig, (const void *)(uintptr_t)check, nwords * 8);
	hash[slot(eip)] = (struct slot){ .eip = eip, .check = check, .nwords = (uint16_t)nwords,
					 .orig = (uint16_t)norig, .code = (uint16_t)code };
	norig += (int)nwords;
}

/* How many of the n instructions of in[] to keep: up to the last FP one,
 * or to a later jump back into the run (a loop). Integer instructions
 * after that would cost more to translate, emulated in the kernel, than
 * they cost the program emulated in user mode. */
static int trim_tail(const struct insn *in, int n)
{
	int keep = 0, at = 0;

	for (int i = 0; i < n; at += in[i].len, i++) {
		if (in[i].kind == INSN_FP)
			keep = i + 1;
		else if (in[i].kind != INSN_INT && in[i].rel < 0 && -in[i].rel <= at + in[i].len)
			keep = i + 1; /* a jump back into the run */
	}
	return keep;
}

/* The decoded run of the code at p[0..avail): instructions in[] (returns how many), ending
 * before the first one that cannot move, after an unconditional jump,
 * at avail, or RUN_INT_TAIL integer instructions after the last
 * FP one. 0 when the first is not an FP instruction. */
static int decode_run(const uint8_t *p, int avail, struct insn *in, uint32_t *nbytes)
{
	int off = 0, n = 0, tail = 0;

	while (n < RUN_INSNS && tail < RUN_INT_TAIL && insn_decode(p + off, avail - off, &in[n])) {
		tail = in[n].kind == INSN_FP ? 0 : tail + 1;
		off += in[n].len;
		if (in[n++].kind == INSN_JMP)
			break;
	}
	if (n == 0 || in[0].kind != INSN_FP)
		return 0;
	n = trim_tail(in, n);
	for (off = 0, tail = 0; tail < n; tail++)
		off += in[tail].len;
	*nbytes = (uint32_t)off;
	return n;
}

/* Write a far jump back to 32-bit code at eip, at page[at]. */
static void emit_exit(uint8_t *page, int at, uint32_t eip)
{
	static const uint8_t jmp_far_rip0[6] = { 0xff, 0x2d, 0, 0, 0, 0 }; /* jmp far [rip+0] */

	memcpy(page + at, jmp_far_rip0, 6);
	memcpy(page + at + 6, &eip, 4);
	page[at + 10] = SEL_USER_CS32;
	page[at + 11] = 0;
}

/* Add a mark; false when marks[] is full. */
static bool add_mark(int at, bool exit, uint32_t eip)
{
	if (nmarks == MARKS_MAX)
		return false;
	marks[nmarks++] = (struct mark){ .at = (uint16_t)at, .exit = exit, .eip = eip };
	return true;
}

/* The trampoline offset of the instruction of run r (marks from first)
 * that starts at eip, or -1. */
static int insn_at(int first, uint32_t eip)
{
	for (int i = first; i < nmarks; i++)
		if (!marks[i].exit && marks[i].eip == eip)
			return marks[i].at;
	return -1;
}

/* Point the rel32 ending at page[at] to target. */
static void set_rel32(uint8_t *page, int at, int target)
{
	int32_t rel = target - at;

	memcpy(page + at - 4, &rel, 4);
}

/* Translate the n instructions of in[] (their bytes at p, from eip) into the page at code_used,
 * with their marks; jumps into the run stay in it, the rest leave by far
 * jumps. Returns the end of the code, or -1 when marks[] is full. */
static int emit_run(const struct insn *in, int n, const uint8_t *p, uint32_t eip)
{
	uint8_t *page = P2V(tramp_frame);
	int at = code_used, first = nmarks, jump_end[RUN_INSNS];
	uint32_t e = eip;

	for (int i = 0; i < n; e += in[i].len, p += in[i].len, i++) {
		if (!add_mark(at, false, e))
			return -1;
		jump_end[i] = 0;
		if (in[i].kind == INSN_FP || in[i].kind == INSN_INT) {
			at += insn_encode64(p, &in[i], page + at);
			continue;
		}
		if (in[i].kind == INSN_JCC) {                  /* jcc rel32 */
			page[at++] = 0x0f;
			page[at++] = (uint8_t)(0x80 | in[i].cond);
		} else {                                       /* jmp rel32 */
			page[at++] = 0xe9;
		}
		at += 4;
		jump_end[i] = at;
	}
	if (in[n - 1].kind != INSN_JMP) { /* falling off the end */
		if (!add_mark(at, true, e))
			return -1;
		emit_exit(page, at, e);
		at += EXIT_LEN;
	}
	e = eip;
	for (int i = 0; i < n; e += in[i].len, i++) {
		uint32_t target = e + in[i].len + (uint32_t)in[i].rel;
		int inside;

		if (!jump_end[i])
			continue;
		if ((inside = insn_at(first, target)) >= 0) {
			set_rel32(page, jump_end[i], inside);
			continue;
		}
		if (!add_mark(at, true, target))
			return -1;
		emit_exit(page, at, target);
		set_rel32(page, jump_end[i], at);
		at += EXIT_LEN;
	}
	return at;
}

/* The most trampoline bytes the n instructions of in[] can take. */
static int run_code_max(const struct insn *in, int n)
{
	int bytes = EXIT_LEN;

	for (int i = 0; i < n; i++)
		bytes += in[i].kind == INSN_FP || in[i].kind == INSN_INT ? INSN_ENC64_MAX : 6 + EXIT_LEN;
	return bytes;
}

/* Copy the instruction at eip that runs into the next page to buf (as far
 * as it is mapped); returns the bytes copied. The slow path: rare. */
static int fetch_straddling(uint32_t eip, uint8_t *buf)
{
	int avail = 0;

	while (avail < INSN_MAX && copy_from_user(cur->mm, buf + avail, eip + (uint32_t)avail, 1) == 0)
		avail++;
	return avail;
}

/* Translate the run at eip, and cache it unless its first instruction
 * straddles a page (then it runs alone, uncached: the check could not read
 * the next page safely). Returns its trampoline offset, or -1 when it does
 * not start with an FP instruction. */
static int cache_add(uint32_t eip)
{
	struct insn in[RUN_INSNS];
	uint8_t buf[INSN_MAX];
	const uint8_t *p = (const uint8_t *)(uintptr_t)eip;
	int avail = (int)(PAGE_SIZE - (eip & (PAGE_SIZE - 1))), n, end;
	uint32_t nbytes;
	bool cached = true;
	struct run *r;

	if ((n = decode_run(p, avail, in, &nbytes)) == 0 && avail < INSN_MAX) {
		avail = fetch_straddling(eip, buf);
		p = buf;
		cached = false;
		n = decode_run(p, avail, in, &nbytes) ? 1 : 0;
		nbytes = in[0].len;
	}
	if (n == 0)
		return -1;
	if (nruns == RUNS_MAX || norig + (int)(nbytes + 7) / 8 > ORIG_WORDS ||
	    code_used + run_code_max(in, n) > (int)PAGE_SIZE || nmarks + 2 * n + 1 > MARKS_MAX)
		cache_flush();
	r = &runs[nruns];
	*r = (struct run){ .code = (uint16_t)code_used, .mark = (uint16_t)nmarks };
	if ((end = emit_run(in, n, p, eip)) < 0)
		panic("compat FPU: marks overflow"); /* cannot happen: room checked above */
	r->code_end = (uint16_t)end;
	r->nmarks = (uint16_t)(nmarks - r->mark);
	code_used = end;
	nruns++;
	if (cached)
		cache_index(eip, nbytes, r->code);
	return r->code;
}

/* Send the 32-bit code of frame f into the run at trampoline offset code:
 * 64-bit mode there. */
static void enter_run(struct iret_frame *f, int code)
{
	f->rip = USER_TRAMP_VA + (uint64_t)code;
	f->cs = SEL_USER_CS64;
}

bool compat_fp_fast_redirect(struct iret_frame *f)
{
	int code = cache_find((uint32_t)f->rip);

	if (code >= 0)
		enter_run(f, code);
	return code >= 0;
}

bool compat_fp_redirect(struct trapframe *tf)
{
	struct iret_frame *f = (struct iret_frame *)&tf->rip;
	int code;

	if (tf->cs != SEL_USER_CS32 || cur->abi != CV_ABI_I386)
		return false; /* 64-bit code runs its x87/SSE itself */
	code = cache_find((uint32_t)f->rip);
	if (code < 0 && (code = cache_add((uint32_t)f->rip)) < 0)
		return false;
	enter_run(f, code);
	return true;
}

bool compat_fp_in_trampoline(const struct trapframe *tf)
{
	return tf->cs == SEL_USER_CS64 && tf->rip >= USER_TRAMP_VA &&
	       tf->rip < USER_TRAMP_VA + PAGE_SIZE && cur->abi == CV_ABI_I386;
}

bool compat_fp_unwind(struct trapframe *tf)
{
	uint32_t at = (uint32_t)(tf->rip - USER_TRAMP_VA);

	tf->cs = SEL_USER_CS32;
	for (int i = 0; i < nruns; i++) {
		const struct run *r = &runs[i];
		if (at < r->code || at >= r->code_end)
			continue;
		for (int m = r->mark; m < r->mark + r->nmarks; m++) {
			if (marks[m].at == at) {
				tf->rip = marks[m].eip;
				return !marks[m].exit && tf->vector == VEC_INVALID_OP;
			}
		}
	}
	/* Not a place the kernel sent it: the program jumped into the page in
	 * 64-bit mode itself. Its own doing; it goes on in 32-bit mode there. */
	return tf->vector == VEC_INVALID_OP;
}

bool compat_fp_fetch_fault(uint64_t addr)
{
	if (addr < USER_TRAMP_VA || addr >= USER_TRAMP_VA + PAGE_SIZE || cur->abi != CV_ABI_I386 ||
	    vm_find(cur->mm, USER_TRAMP_VA))
		return false; /* not the trampoline, or mapped: an ordinary fault fills it */
	return vm_map_trampoline(cur->mm, tramp_frame) == 0;
}
