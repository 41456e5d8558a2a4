/* Fuzz target: the statistics JSON writer's escaping of guest-supplied
 * strings (vmm/inspect/json_out.c, report_json.c) and the terminal table's
 * (report_table.c). A small synthetic guest has one process whose comm is
 * the input's first 16 bytes; the rest, up to a NUL, is the snapshot's
 * label. The JSON document must be valid (json_check.c), give back the
 * label (cut at 63 bytes) and the comm (up to its first NUL) byte for
 * byte, and the table must be printable ASCII only. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../shared/introspect.h"
#include "../../shared/layout.h"
#include "../../vmm/inspect/inspector.h"
#include "../../vmm/inspect/report.h"
#include "../unit/test_kproc.h"
#include "json_check.h"
#include "ram_image.h"

#define RAM_SIZE   (1u << 20)
#define ROOT       0x1000u
#define PROCS      0x2000u
#define PROC_LAYOUT 0x2800u
#define COUNTERS   0x3000u
#define TOTALS     0x3100u
#define REFCOUNTS  0x4000u
#define PML4       0x10000u
#define NFRAMES    (RAM_SIZE / 4096u)

/* What the document must give back, and what it gave. */
struct expect {
	const uint8_t *label, *comm;
	size_t label_len, comm_len;
	unsigned labels, comms; /* members found */
};

/* Write the synthetic kernel's root, counters and totals (once). */
static void guest_init(struct fuzz_ram *r)
{
	struct cv_introspect root = {
		.magic = CV_INTROSPECT_MAGIC, .version = CV_INTROSPECT_VERSION,
		.proc_layout_size = sizeof(struct cv_proc_layout), .nprocs = 1,
		.proc_layout = PROC_LAYOUT, .counters = COUNTERS, .totals = TOTALS,
		.refcounts = REFCOUNTS, .nframes = NFRAMES,
		.pinned_start = 0, .pinned_end = 0, .pinned_extra = UINT64_MAX,
		.user_pml4_slots = 1,
	};
	struct cv_proc_layout layout = fx_kproc_layout(PROCS);
	struct cv_frame_totals totals = { NFRAMES, NFRAMES / 2, 1 };

	fuzz_ram_init(r, RAM_SIZE);
	fuzz_ram_write(r, ROOT, &root, sizeof(root));
	fuzz_ram_write(r, PROC_LAYOUT, &layout, sizeof(layout));
	fuzz_ram_write(r, TOTALS, &totals, sizeof(totals));
}

/* Abort with a message: a finding for libFuzzer. */
static void die(const char *what, const char *doc)
{
	fprintf(stderr, "fuzz_json: %s\n--- document ---\n%s\n", what, doc);
	abort();
}

/* Check the label and comm members against what was put in. */
static void on_string(const uint8_t *key, size_t keylen, const uint8_t *value, size_t len,
		      void *ctx)
{
	struct expect *e = ctx;
	const uint8_t *want = NULL;
	size_t want_len = 0;

	if (keylen == 5 && memcmp(key, "label", 5) == 0) {
		want = e->label, want_len = e->label_len;
		e->labels++;
	} else if (keylen == 4 && memcmp(key, "comm", 4) == 0) {
		want = e->comm, want_len = e->comm_len;
		e->comms++;
	} else {
		return;
	}
	if (len != want_len || (len != 0 && memcmp(value, want, len) != 0)) {
		fprintf(stderr, "fuzz_json: \"%.*s\" does not round-trip (%zu bytes back, %zu put in)\n",
			(int)keylen, (const char *)key, len, want_len);
		abort();
	}
}

/* Every byte of the table must be printable ASCII or a newline. */
static void check_table(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c != '\n' && (c < 0x20 || c > 0x7e))
			die("the table holds a byte outside printable ASCII", text);
	}
}

/* One input: comm and label from the fuzzer, then JSON and table. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_ram ram;
	static bool ready;
	struct fuzz_in in = { data, size };
	struct fx_kproc proc = fx_kproc_make(1, CV_PROC_RUNNING, PML4, "", PROCS, 0);
	struct expect e = { 0 };
	struct inspector insp;
	char label[4096], err[300], why[300];
	char *doc = NULL, *table = NULL;
	size_t doclen = 0, tablelen = 0;
	FILE *f;

	if (!ready) {
		guest_init(&ram);
		ready = true;
	}
	fuzz_take(&in, proc.comm, CV_COMM_LEN);
	fuzz_ram_write(&ram, PROCS, &proc, sizeof(proc));
	fuzz_take(&in, label, sizeof(label) - 1);
	label[sizeof(label) - 1] = '\0';

	e.comm = (const uint8_t *)proc.comm;
	e.comm_len = strnlen(proc.comm, CV_COMM_LEN);
	e.label = (const uint8_t *)label;
	e.label_len = strlen(label);
	if (e.label_len > STATS_LABEL_MAX - 1)
		e.label_len = STATS_LABEL_MAX - 1;

	inspector_init_at(&insp, CV_DIRECT_MAP_BASE + ROOT);
	if (inspector_snapshot(&insp, &ram.gm, CV_SNAP_GUEST, label, 1, err, sizeof(err)) < 0) {
		fprintf(stderr, "fuzz_json: snapshot failed: %s\n", err);
		abort();
	}

	f = open_memstream(&doc, &doclen);
	if (f == NULL)
		abort();
	report_json_begin(f);
	report_json_snapshot(f, inspector_last(&insp), true);
	report_json_end(f, false);
	fclose(f);
	if (!json_check(doc, doclen, on_string, &e, why, sizeof(why)))
		die(why, doc);
	if (e.labels != 1 || e.comms != 1)
		die("label or comm missing or repeated", doc);

	f = open_memstream(&table, &tablelen);
	if (f == NULL)
		abort();
	report_print_table(f, inspector_last(&insp));
	fclose(f);
	check_table(table, tablelen);

	free(doc);
	free(table);
	inspector_free(&insp);
	return 0;
}
