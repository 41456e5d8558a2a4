/* Fuzz target: the inspector on an arbitrary guest memory image — the
 * introspection root's checks (vmm/inspect/guest_view.c), a statistics
 * snapshot with its page-table walks and audit (stats.c, sharing.c,
 * pagewalk_each.c), its JSON and table, and the walker and translator
 * (pagewalk.c) called directly in any paging mode. Nothing may crash, read
 * outside guest RAM (4 MiB here, an exactly sized mapping) or run
 * unbounded, and what comes out must make sense.
 *
 * Input: a header, then guest RAM write operations (ram_image.h).
 *   u32 root_pa     where cv_introspect is (kernel address: direct map + it)
 *   u8  flags       bit 0: write a valid magic, version and layout size
 *                   there after the operations; bit 1: use raw_vaddr as
 *                   the root's address instead
 *   u8  mode        paging mode of the direct walk (enum pw_mode, mod 4)
 *   u16 user_slots  top-level entries the direct walk visits
 *   u32 budget      the direct walk's work budget (0: the default)
 *   u64 cr3         root of the direct walk and the translation
 *   u64 va          address translated
 *   u64 raw_vaddr */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../shared/introspect.h"
#include "../../shared/layout.h"
#include "../../vmm/inspect/inspector.h"
#include "../../vmm/inspect/pagewalk.h"
#include "../../vmm/inspect/report.h"
#include "json_check.h"
#include "ram_image.h"

#define RAM_SIZE (4u << 20)
#define MAX_OPS  512

/* The header at the start of the input. */
struct header {
	uint32_t root_pa;
	uint8_t flags, mode;
	uint16_t user_slots;
	uint32_t budget;
	uint64_t cr3, va, raw_vaddr;
};

/* What the direct walk's visitor saw. */
struct seen {
	uint64_t pages, problems;
};

/* Abort with a message: a finding for libFuzzer. */
static void die(const char *what)
{
	fprintf(stderr, "fuzz_inspect: %s\n", what);
	abort();
}

/* Read the header fields. */
static void read_header(struct fuzz_in *in, struct header *h)
{
	h->root_pa = fuzz_u32(in);
	h->flags = fuzz_u8(in);
	h->mode = fuzz_u8(in);
	h->user_slots = fuzz_u16(in);
	h->budget = fuzz_u32(in);
	h->cr3 = fuzz_u64(in);
	h->va = fuzz_u64(in);
	h->raw_vaddr = fuzz_u64(in);
}

/* Make the root's first fields valid so the rest gets exercised. */
static void fix_root(struct fuzz_ram *r, uint64_t pa)
{
	uint32_t head[3] = { CV_INTROSPECT_MAGIC, CV_INTROSPECT_VERSION,
			     sizeof(struct cv_proc_layout) };

	if (pa < r->gm.size && r->gm.size - pa >= sizeof(head))
		fuzz_ram_write(r, pa, head, sizeof(head));
}

/* Every page the walker reports must be a whole frame of RAM. */
static int on_page(const struct pw_mapping *m, void *ctx)
{
	struct seen *s = ctx;

	if ((m->pa & 4095) != 0 || m->pa >= RAM_SIZE || (m->va & 4095) != 0)
		die("the walker reported a page outside RAM or unaligned");
	s->pages++;
	return 0;
}

/* Problems are only counted. */
static void on_problem(const struct pw_problem *p, void *ctx)
{
	struct seen *s = ctx;

	(void)p;
	s->problems++;
}

/* The snapshot's lists must be within their bounds and in order. */
static void check_snapshot(const struct stats_snapshot *s, uint32_t nslots)
{
	if (s->nprocs > nslots || s->nerrors > STATS_MAX_ERRORS ||
	    s->nmismatches > STATS_MAX_MISMATCHES)
		die("a snapshot list is longer than its bound");
	for (size_t i = 1; i < s->nhistogram; i++)
		if (s->histogram[i].mapcount <= s->histogram[i - 1].mapcount)
			die("the mapcount histogram is not in ascending order");
	if (s->audit_ok != (s->nerrors == 0 && s->errors_omitted == 0 &&
			    s->nmismatches == 0 && s->mismatches_omitted == 0))
		die("audit_ok disagrees with the errors and mismatches");
}

/* Take a snapshot through the inspector; check it, its JSON and table. */
static void snapshot(const struct fuzz_ram *r, uint64_t vaddr)
{
	struct inspector insp;
	struct cv_introspect root;
	const struct stats_snapshot *s;
	char err[300], why[300];
	char *doc = NULL, *table = NULL;
	size_t doclen = 0, tablelen = 0;
	FILE *f;

	inspector_init_at(&insp, vaddr);
	if (inspector_snapshot(&insp, &r->gm, CV_SNAP_SAMPLE, "fuzz", 0, err, sizeof(err)) < 0) {
		if (err[0] == '\0')
			die("snapshot refused without a reason");
		inspector_free(&insp);
		return;
	}
	s = inspector_last(&insp);
	memcpy(&root, r->gm.base + (vaddr - CV_DIRECT_MAP_BASE), sizeof(root));
	check_snapshot(s, root.nprocs);
	f = open_memstream(&doc, &doclen);
	if (f == NULL)
		abort();
	report_json_begin(f);
	report_json_snapshot(f, inspector_last(&insp), true);
	report_json_end(f, false);
	fclose(f);
	if (!json_check(doc, doclen, NULL, NULL, why, sizeof(why))) {
		fprintf(stderr, "fuzz_inspect: invalid JSON: %s\n%s\n", why, doc);
		abort();
	}
	f = open_memstream(&table, &tablelen);
	if (f == NULL)
		abort();
	report_print_table(f, s);
	fclose(f);
	for (size_t i = 0; i < tablelen; i++)
		if (table[i] != '\n' && ((unsigned char)table[i] < 0x20 || (unsigned char)table[i] > 0x7e))
			die("the table holds a byte outside printable ASCII");
	free(doc);
	free(table);
	inspector_free(&insp);
}

/* Walk and translate directly in the header's mode. */
static void walk(const struct fuzz_ram *r, const struct header *h)
{
	struct pw_walker w;
	struct pw_walk_stats st;
	struct seen seen = { 0, 0 };
	struct pw_visitor v = { on_page, on_problem, &seen, NULL };
	enum pw_mode mode = (enum pw_mode)(h->mode % 4);
	uint64_t pa = 0;
	int rc;

	if (pw_walker_init(&w, &r->gm) != 0)
		abort();
	if (h->budget != 0)
		w.budget = h->budget;
	rc = pw_each_mapping(&w, mode, h->cr3, h->user_slots, &v, &st);
	if (seen.pages != st.pages || seen.problems != st.problems || st.pages > w.max_pages)
		die("the walk's totals disagree with what it reported");
	if (rc == 0 && (st.problems || st.truncated))
		die("a walk with problems returned 0");
	pw_walker_free(&w);
	if (pw_translate(&r->gm, mode, h->cr3, h->va, &pa) == PW_OK && pa >= RAM_SIZE)
		die("a translation ended outside RAM");
}

/* One input: build the image, then snapshot, walk and translate. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_ram ram;
	static bool ready;
	struct fuzz_in in = { data, size };
	struct header h;
	uint64_t root_pa;

	if (!ready) {
		fuzz_ram_init(&ram, RAM_SIZE);
		ready = true;
	}
	read_header(&in, &h);
	root_pa = h.root_pa % RAM_SIZE;
	fuzz_ram_apply(&ram, &in, MAX_OPS);
	if (h.flags & 1)
		fix_root(&ram, root_pa);
	if (h.flags & 2) {
		/* Any address: the root's checks must refuse what is not in RAM. */
		uint64_t v = h.raw_vaddr;

		if (v >= CV_DIRECT_MAP_BASE && v - CV_DIRECT_MAP_BASE <= RAM_SIZE - sizeof(struct cv_introspect))
			snapshot(&ram, v);
		else {
			struct guest_view view;
			char err[300];

			if (introspect_open(&view, &ram.gm, v, err, sizeof(err)) == 0)
				die("a root outside RAM was accepted");
		}
	} else if (root_pa <= RAM_SIZE - sizeof(struct cv_introspect)) {
		snapshot(&ram, CV_DIRECT_MAP_BASE + root_pa);
	}
	walk(&ram, &h);
	fuzz_ram_reset(&ram);
	return 0;
}
