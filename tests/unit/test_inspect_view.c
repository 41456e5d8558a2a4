/* Unit tests for finding and checking the guest kernel's introspection
 * root: introspect_open (vmm/inspect/guest_view.c), kernel_symbol
 * (symbols.c, on objects compiled at test time and build/kernel.elf) and
 * the run loop's entry points (inspector.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../vmm/inspect/inspector.h"
#include "../../vmm/inspect/guest_view.h"
#include "../../vmm/inspect/symbols.h"
#include "test_inspect_fixture.h"

/* Each test: a valid synthetic kernel in 16 MiB of RAM. */
static int setup(void **state)
{
	struct fx *f = fx_new(FX_RAM_SIZE);

	if (f == NULL)
		return -1;
	fx_kernel(f, FX_RAM_SIZE / 4096);
	*state = f;
	return 0;
}

/* Free the guest. */
static int teardown(void **state)
{
	fx_free(*state);
	return 0;
}

/* introspect_open must fail with a message containing want, and leave
 * the view empty. */
static void rejects(struct fx *f, uint64_t vaddr, const char *want)
{
	struct guest_view v;
	char err[256] = "";

	memset(&v, 0xa5, sizeof(v));
	if (introspect_open(&v, &f->gm, vaddr, err, sizeof(err)) == 0)
		fail_msg("accepted; wanted an error with '%s'", want);
	if (strstr(err, want) == NULL)
		fail_msg("error '%s' lacks '%s'", err, want);
	assert_null(v.gm);
	assert_int_equal(v.root.magic, 0);
}

/* introspect_open must succeed. */
static void accepts(struct fx *f)
{
	struct guest_view v;
	char err[256] = "";

	if (introspect_open(&v, &f->gm, FX_ROOT_VADDR, err, sizeof(err)) != 0)
		fail_msg("rejected: %s", err);
	assert_ptr_equal(v.gm, &f->gm);
	assert_memory_equal(&v.root, fx_root(f), sizeof(v.root));
}

/* The synthetic kernel's root is valid and copied. */
static void test_open_valid(void **state)
{
	struct fx *f = *state;

	accepts(f);
	fx_root(f)->nframes = 1; /* fewer frames than RAM is allowed */
	accepts(f);
	fx_root(f)->nprocs = 0;
	accepts(f);
}

/* The root's address must be in the direct map and in RAM. */
static void test_open_address(void **state)
{
	struct fx *f = *state;

	rejects(f, FX_ROOT, "not in the kernel's direct map");
	rejects(f, CV_DIRECT_MAP_BASE + FX_RAM_SIZE - 10, "outside guest RAM");
	rejects(f, UINT64_MAX, "outside guest RAM");
}

/* Magic, version and record size are checked first. */
static void test_open_header(void **state)
{
	struct fx *f = *state;
	struct cv_introspect *r = fx_root(f);
	char other[32];

	r->magic = 0;
	rejects(f, FX_ROOT_VADDR, "not initialised");
	r->magic = CV_INTROSPECT_MAGIC ^ 1;
	rejects(f, FX_ROOT_VADDR, "magic");
	r->magic = CV_INTROSPECT_MAGIC;
	r->version = CV_INTROSPECT_VERSION + 1;
	snprintf(other, sizeof(other), "version is %u", CV_INTROSPECT_VERSION + 1);
	rejects(f, FX_ROOT_VADDR, other);
	r->version = CV_INTROSPECT_VERSION;
	r->proc_layout_size = sizeof(struct cv_proc_layout) - 8;
	snprintf(other, sizeof(other), "layout size is %zu", sizeof(struct cv_proc_layout) - 8);
	rejects(f, FX_ROOT_VADDR, other);
}

/* Counts: processes, frames, pinned frames, user slots. */
static void test_open_counts(void **state)
{
	struct fx *f = *state;
	struct cv_introspect *r = fx_root(f), good = *r;

	r->nprocs = INTROSPECT_MAX_PROCS + 1;
	rejects(f, FX_ROOT_VADDR, "4097 process slots");
	*r = good;
	r->nframes = 0;
	rejects(f, FX_ROOT_VADDR, "0 frames claimed");
	r->nframes = FX_RAM_SIZE / 4096 + 1;
	rejects(f, FX_ROOT_VADDR, "guest RAM has 4096");
	*r = good;
	r->pinned_start = 5;
	r->pinned_end = 4;
	rejects(f, FX_ROOT_VADDR, "pinned frames");
	r->pinned_end = 4097;
	rejects(f, FX_ROOT_VADDR, "pinned frames");
	r->pinned_end = 4096;
	r->pinned_extra = 4096;
	rejects(f, FX_ROOT_VADDR, "pinned frame 4096");
	r->pinned_extra = 4095;
	accepts(f);
	r->user_pml4_slots = 256; /* x86-64's whole user half */
	accepts(f);
	r->user_pml4_slots = 257; /* a slot of the kernel half */
	rejects(f, FX_ROOT_VADDR, "257 user PML4 slots (at most 256)");
}

/* Every array must lie in RAM, without overflow. */
static void test_open_arrays(void **state)
{
	struct fx *f = *state;
	struct cv_introspect *r = fx_root(f), good = *r;

	fx_proc_layout(f)->procs = FX_RAM_SIZE - FX_NPROCS * sizeof(struct fx_kproc);
	accepts(f);
	fx_proc_layout(f)->procs++;
	rejects(f, FX_ROOT_VADDR, "process array");
	fx_proc_layout(f)->procs = UINT64_MAX - 8;
	rejects(f, FX_ROOT_VADDR, "process array");
	fx_proc_layout(f)->procs = FX_PROCS;
	r->counters = FX_RAM_SIZE - sizeof(struct cv_counters) + 1;
	rejects(f, FX_ROOT_VADDR, "counters");
	*r = good;
	r->totals = UINT64_MAX - 7;
	rejects(f, FX_ROOT_VADDR, "frame totals");
	*r = good;
	r->refcounts = FX_RAM_SIZE - 4096 * 4;
	accepts(f);
	r->refcounts += 4;
	rejects(f, FX_ROOT_VADDR, "refcount array");
	r->refcounts = UINT64_MAX - 3;
	rejects(f, FX_ROOT_VADDR, "refcount array");
}

/* No guest memory at all is an error, not a crash. */
static void test_open_no_memory(void **state)
{
	struct guest_mem none = { NULL, 0 };
	struct guest_view v;
	char err[100];

	(void)state;
	assert_int_equal(introspect_open(&v, &none, FX_ROOT_VADDR, err, sizeof(err)), -1);
	assert_string_equal(err, "no guest memory");
}

/* The accessors stay inside what the root allows. */
static void test_view_accessors(void **state)
{
	struct fx *f = *state;
	struct guest_view v;
	struct proc_info p;
	char err[100];

	fx_root(f)->pinned_start = 10;
	fx_root(f)->pinned_end = 12;
	fx_root(f)->pinned_extra = 20;
	fx_set_ref(f, 4095, 77);
	fx_proc(f, FX_NPROCS - 1, 42, 1, CV_PROC_RUNNING, 0x5000, "last");
	assert_int_equal(introspect_open(&v, &f->gm, FX_ROOT_VADDR, err, sizeof(err)), 0);
	assert_true(view_proc(&v, FX_NPROCS - 1, &p));
	assert_int_equal(p.pid, 42);
	assert_false(view_proc(&v, FX_NPROCS, &p));
	assert_int_equal(view_refcount(&v, 4095), 77);
	assert_int_equal(view_refcount(&v, 4096), 0);
	assert_false(view_pinned(&v, 9));
	assert_true(view_pinned(&v, 10));
	assert_true(view_pinned(&v, 11));
	assert_false(view_pinned(&v, 12));
	assert_true(view_pinned(&v, 20));
}

/* The process layout is checked: magic, version, fields inside records. */
static void test_open_proc_layout(void **state)
{
	struct fx *f = *state;
	struct cv_proc_layout *l = fx_proc_layout(f), good = *l;

	l->magic ^= 1;
	rejects(f, FX_ROOT_VADDR, "process layout has magic");
	*l = good;
	l->version = CV_PROC_LAYOUT_VERSION + 1;
	rejects(f, FX_ROOT_VADDR, "process layout has magic");
	*l = good;
	l->execs = l->proc_size - 1; /* a 2-byte field past the record's end */
	rejects(f, FX_ROOT_VADDR, "process records of 64 bytes are inconsistent");
	*l = good;
	l->comm = UINT32_MAX - 3;
	rejects(f, FX_ROOT_VADDR, "inconsistent");
	*l = good;
	fx_root(f)->proc_layout = FX_RAM_SIZE - sizeof(*l) + 1;
	rejects(f, FX_ROOT_VADDR, "process layout at");
	fx_root(f)->proc_layout = FX_PROC_LAYOUT;
	accepts(f);
}

/* A process is read in place: its parent's pid and its address space's
 * PML4 through the kernel's pointers, its state through the layout's map. */
static void test_view_proc_in_place(void **state)
{
	struct fx *f = *state;
	struct guest_view v;
	struct proc_info p;
	char err[100];

	fx_proc(f, 0, 1, 0, CV_PROC_SLEEPING, 0x5000, "init");
	fx_proc(f, 1, 7, 1, 6, 0, "zombie");
	fx_kproc(f, 1)->parent = CV_DIRECT_MAP_BASE + FX_PROCS; /* slot 0's record */
	fx_kproc(f, 1)->origin = CV_ORIGIN_VFORK;
	fx_kproc(f, 1)->execs = 3;
	fx_proc_layout(f)->states[6] = CV_PROC_ZOMBIE; /* the kernel's 6 is a zombie */
	assert_int_equal(introspect_open(&v, &f->gm, FX_ROOT_VADDR, err, sizeof(err)), 0);
	assert_true(view_proc(&v, 0, &p));
	assert_int_equal(p.ppid, 0);
	assert_int_equal(p.cr3, 0x5000);
	assert_int_equal(p.state, CV_PROC_SLEEPING);
	assert_true(view_proc(&v, 1, &p));
	assert_int_equal(p.pid, 7);
	assert_int_equal(p.ppid, 1);
	assert_int_equal(p.state, CV_PROC_ZOMBIE);
	assert_int_equal(p.cr3, 0);
	assert_int_equal(p.origin, CV_ORIGIN_VFORK);
	assert_int_equal(p.execs, 3);
	assert_string_equal(p.comm, "zombie");
	fx_kproc(f, 1)->parent = FX_PROCS; /* not a direct-map address */
	assert_false(view_proc(&v, 1, &p));
	fx_kproc(f, 1)->parent = CV_DIRECT_MAP_BASE + FX_RAM_SIZE; /* beyond RAM */
	assert_false(view_proc(&v, 1, &p));
	fx_kproc(f, 1)->parent = 0;
	fx_kproc(f, 1)->mm = CV_DIRECT_MAP_BASE + FX_RAM_SIZE - 8; /* pml4 beyond RAM */
	assert_false(view_proc(&v, 1, &p));
}

/* A scratch directory for files made by a test. */
struct scratch {
	char dir[64];
	char path[128];
};

/* Make a scratch directory. */
static void scratch_new(struct scratch *s)
{
	snprintf(s->dir, sizeof(s->dir), "/tmp/cv-inspect-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
}

/* Path of name inside the scratch directory. */
static const char *scratch_path(struct scratch *s, const char *name)
{
	snprintf(s->path, sizeof(s->path), "%s/%s", s->dir, name);
	return s->path;
}

/* Remove the scratch directory and its files. */
static void scratch_free(struct scratch *s)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
	assert_int_equal(system(cmd), 0);
}

/* Compile C source into name.o in the scratch directory with the
 * system compiler; false when there is no compiler. */
static bool compile(struct scratch *s, const char *name, const char *src)
{
	char cmd[512];
	FILE *f = fopen(scratch_path(s, "src.c"), "w");

	assert_non_null(f);
	fputs(src, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "cc -c -o '%s/%s.o' '%s/src.c' 2>/dev/null", s->dir, name,
		 s->dir);
	return system(cmd) == 0;
}

/* Look a symbol up expecting failure with want in the message. */
static void symbol_fails(const char *path, const char *name, const char *want)
{
	char err[300] = "";
	uint64_t va = 1, size = 1;

	assert_int_equal(kernel_symbol(path, name, &va, &size, err, sizeof(err)), -1);
	if (strstr(err, want) == NULL)
		fail_msg("error '%s' lacks '%s'", err, want);
	assert_int_equal(va, 1);
	assert_int_equal(size, 1);
}

static const char sample_src[] =
	"int cv_answer[7] = { 1 };\n"
	"static char hidden[3];\n"
	"extern int cv_elsewhere;\n"
	"char *use(void) { return hidden + cv_elsewhere; }\n";

/* Symbols of an object compiled now: found with their sizes; undefined
 * and missing ones are not. */
static void test_symbol_object(void **state)
{
	struct scratch s;
	uint64_t va = 99, size = 0;
	char err[300] = "";
	const char *o;

	(void)state;
	scratch_new(&s);
	if (!compile(&s, "t", sample_src)) {
		scratch_free(&s);
		skip();
	}
	o = scratch_path(&s, "t.o");
	assert_int_equal(kernel_symbol(o, "cv_answer", &va, &size, err, sizeof(err)), 0);
	assert_int_equal(size, 28);
	assert_int_equal(va, 0); /* offset in its section: nothing before it */
	assert_int_equal(kernel_symbol(o, "hidden", NULL, &size, err, sizeof(err)), 0);
	assert_int_equal(size, 3);
	symbol_fails(o, "cv_elsewhere", "symbol cv_elsewhere not found in");
	symbol_fails(o, "nothing_at_all", "symbol nothing_at_all not found in");
	scratch_free(&s);
}

/* A stripped file, a text file, a directory, a FIFO, no file: clear errors. */
static void test_symbol_bad_files(void **state)
{
	struct scratch s;
	char cmd[300];
	FILE *f;

	(void)state;
	scratch_new(&s);
	symbol_fails(scratch_path(&s, "absent"), "x", "cannot open");
	symbol_fails(scratch_path(&s, "absent"), "x", "No such file");
	f = fopen(scratch_path(&s, "text"), "w");
	assert_non_null(f);
	fputs("not an ELF at all\n", f);
	fclose(f);
	symbol_fails(s.path, "x", "not an ELF file");
	symbol_fails(s.dir, "x", "is a directory");
	assert_int_equal(mkfifo(scratch_path(&s, "fifo"), 0600), 0);
	symbol_fails(s.path, "x", "is a FIFO, not a regular file"); /* at once, no writer awaited */
	if (compile(&s, "t", sample_src)) {
		snprintf(cmd, sizeof(cmd), "strip -o '%s/s.o' '%s/t.o' 2>/dev/null", s.dir, s.dir);
		if (system(cmd) == 0)
			symbol_fails(scratch_path(&s, "s.o"), "cv_answer", "no symbol table");
	}
	scratch_free(&s);
}

/* The real kernel exports its root in the direct map, when built. */
static void test_symbol_kernel_elf(void **state)
{
	uint64_t va = 0, size = 0;
	char err[300] = "";

	(void)state;
	if (access("build/kernel.elf", R_OK) != 0)
		skip();
	if (kernel_symbol("build/kernel.elf", CV_INTROSPECT_SYMBOL, &va, &size, err,
			  sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_true(va >= CV_DIRECT_MAP_BASE);
	assert_int_equal(size, sizeof(struct cv_introspect));
	symbol_fails("build/kernel.elf", "cv_no_such_symbol", "not found");
}

/* inspector_init needs the root symbol, of the right size. */
static void test_inspector_init(void **state)
{
	struct scratch s;
	struct inspector in;
	char err[300] = "", good[128], expect[64];

	(void)state;
	snprintf(good, sizeof(good), "char pad[64] = { 1 };\nchar cv_introspect[%zu] = { 1 };\n",
		 sizeof(struct cv_introspect));
	snprintf(expect, sizeof(expect), "is 8 bytes, expected %zu", sizeof(struct cv_introspect));
	scratch_new(&s);
	if (!compile(&s, "none", sample_src) ||
	    !compile(&s, "small", "char cv_introspect[8];\n") ||
	    !compile(&s, "good", good)) {
		scratch_free(&s);
		skip();
	}
	assert_int_equal(inspector_init(&in, scratch_path(&s, "none.o"), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "symbol cv_introspect not found"));
	assert_int_equal(inspector_init(&in, scratch_path(&s, "small.o"), err, sizeof(err)), -1);
	assert_non_null(strstr(err, expect));
	assert_int_equal(inspector_init(&in, scratch_path(&s, "good.o"), err, sizeof(err)), 0);
	assert_int_equal(in.root_vaddr, 64);
	inspector_free(&in);
	scratch_free(&s);
}

/* Snapshots through the inspector: numbered, refused while the root is
 * not valid, each written to the JSON as it is taken, the document put in
 * place at the end; a JSON path that cannot be written fails at once. */
static void test_inspector_snapshots(void **state)
{
	struct fx *f = *state;
	struct inspector in;
	struct scratch s;
	char err[300] = "", *doc = NULL;
	size_t len = 0;
	FILE *file;

	scratch_new(&s);
	inspector_init_at(&in, FX_ROOT_VADDR);
	assert_null(inspector_last(&in));
	assert_int_equal(inspector_open_json(&in, scratch_path(&s, "stats.json"), err,
					     sizeof(err)), 0);
	assert_int_not_equal(access(s.path, F_OK), 0); /* not there before the end */
	assert_int_equal(inspector_snapshot(&in, &f->gm, CV_SNAP_GUEST, "one", 5, err,
					    sizeof(err)), 0);
	fx_root(f)->magic = 0;
	assert_int_equal(inspector_snapshot(&in, &f->gm, CV_SNAP_EXIT, "bad", 6, err,
					    sizeof(err)), -1);
	assert_non_null(strstr(err, "statistics: cv_introspect magic is 0x00000000"));
	fx_root(f)->magic = CV_INTROSPECT_MAGIC;
	assert_int_equal(inspector_snapshot(&in, &f->gm, CV_SNAP_FINAL, "two", 7, err,
					    sizeof(err)), 1);
	assert_string_equal(inspector_last(&in)->label, "two");
	assert_int_equal(inspector_finish(&in, err, sizeof(err)), 0);
	file = fopen(s.path, "r");
	assert_non_null(file);
	assert_int_equal(getdelim(&doc, &len, '\0', file) > 0, 1);
	fclose(file);
	assert_non_null(strstr(doc, "\"seq\": 0, \"label\": \"one\", \"trigger\": \"guest\""));
	assert_non_null(strstr(doc, "\"seq\": 1, \"label\": \"two\", \"trigger\": \"final\""));
	assert_null(strstr(doc, "\"bad\""));
	assert_non_null(strstr(doc, " ] }\n"));
	free(doc);
	inspector_free(&in);

	inspector_init_at(&in, FX_ROOT_VADDR);
	assert_int_equal(inspector_open_json(&in, "/nonexistent-dir/x.json", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent-dir/x.json"));
	assert_non_null(strstr(err, "No such file or directory"));
	inspector_free(&in);
	scratch_free(&s);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_open_valid),
		T(test_open_address),
		T(test_open_header),
		T(test_open_counts),
		T(test_open_arrays),
		cmocka_unit_test(test_open_no_memory),
		T(test_view_accessors),
		T(test_open_proc_layout),
		T(test_view_proc_in_place),
		cmocka_unit_test(test_symbol_object),
		cmocka_unit_test(test_symbol_bad_files),
		cmocka_unit_test(test_symbol_kernel_elf),
		cmocka_unit_test(test_inspector_init),
		T(test_inspector_snapshots),
	};

	return cmocka_run_group_tests_name("inspect_view", tests, NULL, NULL);
}
