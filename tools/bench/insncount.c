/* insncount: a QEMU TCG plugin (QEMU 7.2 API, see qemu_plugin_abi.h) that
 * counts the guest instructions executed at each PC and reports them per
 * segment, where segments are delimited by marker instructions the bench
 * program executes (tests/progs/bench_marker.h).
 *
 *   qemu-system-x86_64 -smp 1 -plugin insncount.so,out=FILE[,syms=NM][,kbase=HEX][,pcs=on] ...
 *
 * Counting: every instruction is counted once each time it starts
 * (an inline add QEMU emits before it; one that faults and is restarted
 * counts twice). A rep-prefixed string instruction is counted once per
 * execution, and its iterations apart, in rep_iter. QEMU 7.2 runs a rep
 * as one pass over the instruction per iteration plus a closing pass that
 * finds the count register 0; a pass that follows a pass of the same
 * instruction with no other instruction in between continues the
 * execution, any other starts one (so an interrupt in the middle of a rep
 * makes it count twice), and rep_iter = passes - executions: exact for
 * movs/stos/lods/ins/outs, one short for a repe/repne cmps/scas that ends
 * on its flag (no closing pass). Markers themselves are not counted. Addresses at
 * or above kbase (default 4 GiB, above an i386 program's whole address
 * space) are the kernel's, the rest the user's.
 *
 * Output, for each segment whose id is not 0 (in execution order):
 *   seg id=N kernel=I user=I kernel_rep=E user_rep=E kernel_rep_iter=R user_rep_iter=R
 *   fn id=N insns=I name=SYMBOL          (kernel instructions by function of syms)
 *   pc id=N addr=0xHEX insns=I           (kernel PCs, with pcs=on)
 * and at exit: "end markers=M segments=S pcs=P". */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insn_syms.h"
#include "insn_x86.h"
#include "qemu_plugin_abi.h"

PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_API_VERSION;

#define CHUNK      65536       /* records per allocation: records never move */
#define MAX_CHUNKS 256         /* up to 16 M distinct PCs */
#define NO_SYM     (-1L)

/* What is known about one guest PC. */
struct pc_rec {
	uint64_t pc;
	uint64_t count;   /* executions (inline add, or the rep callback) */
	uint64_t iter;    /* rep iterations (rep string instructions only) */
	uint64_t seen;    /* count at the last segment boundary */
	uint64_t iter_seen;
	long sym;         /* kernel function index, NO_SYM for user PCs */
	int kernel, rep;
};

/* One segment's totals. */
struct seg_sum {
	uint64_t insns[2], reps[2], iters[2]; /* [0] user, [1] kernel */
};

static struct pc_rec *chunks[MAX_CHUNKS];
static size_t nrecs;
static uint32_t *slots;  /* open-addressing hash: record index + 1, 0 = empty */
static size_t nslots;
static FILE *out;
static struct insn_syms syms;
static uint64_t *fn_acc; /* per symbol, for the segment being closed */
static uint64_t kbase = 1ull << 32;
static int want_pcs;
static uint64_t total;   /* instructions so far: tells a rep's continuation */
static const struct pc_rec *last_rep;
static uint64_t last_rep_total;
static int seg_id;       /* the open segment's id, 0 when none is open */
static uint64_t markers, segments;

/* The record of index i. */
static struct pc_rec *rec_at(size_t i)
{
	return &chunks[i / CHUNK][i % CHUNK];
}

/* Hash of a PC for the slot table. */
static size_t pc_hash(uint64_t pc)
{
	return (size_t)((pc * 0x9E3779B97F4A7C15ull) >> 20);
}

/* Put record index i into the slot table (which has room). */
static void slot_insert(size_t i)
{
	size_t h = pc_hash(rec_at(i)->pc) & (nslots - 1);

	while (slots[h] != 0)
		h = (h + 1) & (nslots - 1);
	slots[h] = (uint32_t)(i + 1);
}

/* Double the slot table; exits QEMU when out of memory (no count is
 * better than a wrong one). */
static void slots_grow(void)
{
	size_t n = nslots ? nslots * 2 : 1u << 16;

	free(slots);
	slots = calloc(n, sizeof(*slots));
	if (slots == NULL) {
		fprintf(stderr, "insncount: out of memory\n");
		exit(1);
	}
	nslots = n;
	for (size_t i = 0; i < nrecs; i++)
		slot_insert(i);
}

/* A new record for pc (the kernel's function looked up once, here). */
static struct pc_rec *rec_new(uint64_t pc)
{
	struct pc_rec *r;

	if (nrecs == (size_t)MAX_CHUNKS * CHUNK) {
		fprintf(stderr, "insncount: more than %d distinct PCs\n", MAX_CHUNKS * CHUNK);
		exit(1);
	}
	if (nrecs % CHUNK == 0 && (chunks[nrecs / CHUNK] = calloc(CHUNK, sizeof(struct pc_rec))) == NULL) {
		fprintf(stderr, "insncount: out of memory\n");
		exit(1);
	}
	r = rec_at(nrecs);
	r->pc = pc;
	r->kernel = pc >= kbase;
	r->sym = r->kernel ? insn_syms_find(&syms, pc) : NO_SYM;
	nrecs++;
	if (nrecs * 2 > nslots)
		slots_grow(); /* re-inserts every record, this one too */
	else
		slot_insert(nrecs - 1);
	return r;
}

/* The record of pc, made on first sight. */
static struct pc_rec *rec_get(uint64_t pc)
{
	size_t h;

	if (nslots == 0)
		slots_grow();
	for (h = pc_hash(pc) & (nslots - 1); slots[h] != 0; h = (h + 1) & (nslots - 1))
		if (rec_at(slots[h] - 1)->pc == pc)
			return rec_at(slots[h] - 1);
	return rec_new(pc);
}

/* qsort order for function indices: most instructions first. */
static int by_acc_desc(const void *a, const void *b)
{
	uint64_t x = fn_acc[*(const long *)a], y = fn_acc[*(const long *)b];

	return x > y ? -1 : x < y;
}

/* Print the kernel's functions of the segment just summed, most
 * instructions first, and clear their sums. */
static void print_functions(void)
{
	long *idx = malloc((syms.n + 1) * sizeof(*idx));
	size_t n = 0;

	if (idx == NULL)
		return;
	for (size_t i = 0; i < syms.n; i++)
		if (fn_acc[i] != 0)
			idx[n++] = (long)i;
	qsort(idx, n, sizeof(*idx), by_acc_desc);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "fn id=%d insns=%" PRIu64 " name=%s\n", seg_id, fn_acc[idx[i]], syms.v[idx[i]].name);
		fn_acc[idx[i]] = 0;
	}
	free(idx);
}

/* Close the open segment (print it when its id is not 0): the counts
 * since the last boundary, summed; every record's boundary moves here. */
static void segment_close(void)
{
	struct seg_sum s = { 0 };

	for (size_t i = 0; i < nrecs; i++) {
		struct pc_rec *r = rec_at(i);
		uint64_t d = r->count - r->seen, di = r->iter - r->iter_seen;

		r->seen = r->count;
		r->iter_seen = r->iter;
		if (seg_id == 0 || d + di == 0)
			continue;
		s.insns[r->kernel] += d;
		if (r->rep) {
			s.reps[r->kernel] += d;
			s.iters[r->kernel] += di - d; /* passes less the closing one */
		}
		if (r->kernel && r->sym != NO_SYM && fn_acc != NULL)
			fn_acc[r->sym] += d;
		if (r->kernel && want_pcs)
			fprintf(out, "pc id=%d addr=0x%" PRIx64 " insns=%" PRIu64 "\n", seg_id, r->pc, d);
	}
	if (seg_id == 0)
		return;
	fprintf(out,
		"seg id=%d kernel=%" PRIu64 " user=%" PRIu64 " kernel_rep=%" PRIu64 " user_rep=%" PRIu64
		" kernel_rep_iter=%" PRIu64 " user_rep_iter=%" PRIu64 "\n",
		seg_id, s.insns[1], s.insns[0], s.reps[1], s.reps[0], s.iters[1], s.iters[0]);
	if (fn_acc != NULL)
		print_functions();
	fflush(out);
	segments++;
}

/* A marker executes: close the open segment, open the marker's. */
static void on_marker(unsigned int vcpu, void *udata)
{
	(void)vcpu;
	markers++;
	segment_close();
	seg_id = (int)(uintptr_t)udata;
}

/* A pass over a rep string instruction: a new execution unless the last
 * instruction executed was a pass over this same one. */
static void on_rep(unsigned int vcpu, void *udata)
{
	struct pc_rec *r = udata;

	(void)vcpu;
	if (!(last_rep == r && last_rep_total == total))
		r->count++;
	r->iter++;
	total++;
	last_rep = r;
	last_rep_total = total;
}

/* Instrument each instruction of a block being translated. */
static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		const uint8_t *bytes = qemu_plugin_insn_data(insn);
		size_t len = qemu_plugin_insn_size(insn);
		int mark = insn_marker_id(bytes, len);
		struct pc_rec *r;

		if (mark >= 0) { /* markers are not counted */
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker, QEMU_PLUGIN_CB_NO_REGS,
							       (void *)(uintptr_t)mark);
			continue;
		}
		r = rec_get(qemu_plugin_insn_vaddr(insn));
		if (insn_is_rep_string(bytes, len)) {
			r->rep = 1;
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_rep, QEMU_PLUGIN_CB_NO_REGS, r);
			continue;
		}
		qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &r->count, 1);
		qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &total, 1);
	}
}

/* QEMU exits: close a segment left open and say how much was seen. */
static void on_exit_cb(qemu_plugin_id_t id, void *udata)
{
	(void)id;
	(void)udata;
	segment_close();
	fprintf(out, "end markers=%" PRIu64 " segments=%" PRIu64 " pcs=%zu\n", markers, segments, nrecs);
	fclose(out);
}

/* Apply one "key=value" plugin argument; -1 (with a message) if bad. */
static int apply_arg(const char *arg)
{
	if (strncmp(arg, "out=", 4) == 0) {
		out = fopen(arg + 4, "w");
		if (out == NULL)
			fprintf(stderr, "insncount: %s: %s\n", arg + 4, strerror(errno));
		return out ? 0 : -1;
	}
	if (strncmp(arg, "syms=", 5) == 0) {
		if (insn_syms_load(&syms, arg + 5) != 0 || (fn_acc = calloc(syms.n + 1, sizeof(*fn_acc))) == NULL) {
			fprintf(stderr, "insncount: cannot load symbols %s: %s\n", arg + 5, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (strncmp(arg, "kbase=", 6) == 0) {
		char *end;

		kbase = strtoull(arg + 6, &end, 16);
		return *end == '\0' ? 0 : -1;
	}
	if (strcmp(arg, "pcs=on") == 0) {
		want_pcs = 1;
		return 0;
	}
	fprintf(stderr, "insncount: unknown argument %s\n", arg);
	return -1;
}

PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (apply_arg(argv[i]) != 0)
			return -1;
	if (out == NULL) {
		fprintf(stderr, "insncount: needs out=FILE\n");
		return -1;
	}
	/* one vCPU: the counters and the rep state are not per vCPU */
	if (!info->system_emulation || info->system.max_vcpus != 1) {
		fprintf(stderr, "insncount: needs system emulation with one vCPU (-smp 1)\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, on_exit_cb, NULL);
	return 0;
}
