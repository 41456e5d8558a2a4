/* Unit tests for the core writer (vmm/coredump/): the notes, Linux's
 * default choice of what memory to dump, the copy-on-write view, damaged
 * page tables, write errors (/dev/full), the mapping reports, and
 * DIR/core.PID's creation; guest RAM is a host buffer (the inspector's
 * fixture). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../vmm/coredump/core_file.h"
#include "../../vmm/coredump/core_notes.h"
#include "../../vmm/coredump/coredumper.h"
#include "core_reader.h"
#include "test_inspect_fixture.h"

#define VA_ANON   0x08100000u /* three pages: private, shared with the parent, absent */
#define VA_FILE   0x08048000u /* a program's text: the file's frames */
#define FRAME_A   0x400000ull /* the parent's page */
#define FRAME_B   0x401000ull /* the child's copy */
#define FRAME_ELF 0x402000ull /* the program's first page */
#define USER      (PTE_P | PTE_U)

/* A dying process's event with a few fields set. */
static struct cv_core_event event(uint32_t pid, uint64_t cr3)
{
	struct cv_core_event ev = { .pid = pid, .ppid = 1, .pgid = 1, .sid = 1, .signo = 11,
				    .code = 1, .value = 0x1234, .cr3 = cr3 };

	memcpy(ev.comm, "crasher", 7);
	ev.regs.eip = 0x08049abc;
	ev.regs.esp = 0xffffd000;
	return ev;
}

/* A mapping as the kernel reports it. */
static struct core_map map(uint32_t start, uint32_t pages, uint32_t prot, uint32_t kind,
			   char *path)
{
	return (struct core_map){ start, start + pages * 4096u, prot, kind, 0, 0, path };
}

/* Write the core to a temporary file and read it back; core_write's result. */
static int write_and_read(struct fx *f, const struct cv_core_event *ev, const struct core_map *m,
			  size_t n, struct core_result *res, struct core_view *cv)
{
	char path[] = "/tmp/cowvisor-core-unit-XXXXXX", err[256];
	int fd = mkstemp(path), rc;

	assert_true(fd >= 0);
	rc = core_write(fd, &f->gm, ev, m, n, res, err, sizeof(err));
	close(fd);
	assert_true(core_load(path, cv));
	unlink(path);
	return rc;
}

/* The child's page tables: VA_ANON its own copy (FRAME_B), VA_ANON+4K
 * still shared with the parent (FRAME_A), VA_ANON+8K absent; the parent's
 * tables map FRAME_A at VA_ANON. */
static uint64_t child_after_cow(struct fx *f, uint64_t *parent)
{
	uint64_t child = fx_pml4(f);

	*parent = fx_pml4(f);
	strcpy((char *)f->gm.base + FRAME_A, "parent's value");
	strcpy((char *)f->gm.base + FRAME_B, "child's value");
	fx_map(f, *parent, VA_ANON, FRAME_A, USER | PTE_COW);
	fx_map(f, child, VA_ANON, FRAME_B, USER | PTE_W);
	fx_map(f, child, VA_ANON + 4096, FRAME_A, USER | PTE_COW);
	return child;
}

/* The core shows the memory as the dying process sees it; absent pages
 * read as zeros; the parent's view is not the child's. */
static void core_holds_the_dying_processs_view(void **state)
{
	struct fx *f = fx_new(FX_RAM_SIZE);
	uint64_t parent, child = child_after_cow(f, &parent);
	struct core_map m = map(VA_ANON, 3, 3, CV_CORE_MAP_ANON, NULL);
	struct cv_core_event ev = event(7, child);
	struct core_result res;
	struct core_view cv;
	const uint8_t *p;
	static const uint8_t zeros[4096];

	(void)state;
	assert_int_equal(write_and_read(f, &ev, &m, 1, &res, &cv), 0);
	assert_non_null(core_ehdr(&cv));
	assert_int_equal(res.loads, 1);
	assert_int_equal(res.pages, 2);
	assert_int_equal(res.problems, 0);
	assert_non_null(p = core_mem(&cv, VA_ANON, 16));
	assert_string_equal((const char *)p, "child's value");
	assert_non_null(p = core_mem(&cv, VA_ANON + 4096, 16));
	assert_string_equal((const char *)p, "parent's value");
	assert_non_null(p = core_mem(&cv, VA_ANON + 8192, 4096));
	assert_memory_equal(p, zeros, 4096);
	free(cv.p);
	ev = event(6, parent); /* the parent's core: its own frame */
	assert_int_equal(write_and_read(f, &ev, &m, 1, &res, &cv), 0);
	assert_string_equal((const char *)core_mem(&cv, VA_ANON, 16), "parent's value");
	free(cv.p);
	fx_free(f);
}

/* Linux's default coredump_filter: untouched anonymous memory and
 * never-written file mappings carry nothing, except an ELF header page;
 * shared file mappings nothing; written private memory and the special
 * page everything. */
static void what_is_dumped_follows_linux(void **state)
{
	struct fx *f = fx_new(FX_RAM_SIZE);
	uint64_t parent, child = child_after_cow(f, &parent);
	struct core_map m[5] = {
		map(VA_FILE, 2, 5, CV_CORE_MAP_FILE, "/init"),
		map(VA_FILE + 0x2000, 1, 5, CV_CORE_MAP_FILE, "/init"),
		map(VA_ANON, 3, 3, CV_CORE_MAP_ANON, NULL),
		map(0x09000000, 4, 3, CV_CORE_MAP_ANON, NULL),
		map(0xffffe000, 1, 5, CV_CORE_MAP_SPECIAL, NULL),
	};
	struct cv_core_event ev = event(7, child);
	struct core_result res;
	struct core_view cv;
	size_t len;

	(void)state;
	m[1].file_off = 0x2000;
	memcpy(f->gm.base + FRAME_ELF, ELFMAG, SELFMAG);
	fx_map(f, child, VA_FILE, FRAME_ELF, USER | PTE_FILE);
	fx_map(f, child, VA_FILE + 0x2000, FRAME_ELF, USER | PTE_FILE);
	assert_int_equal(write_and_read(f, &ev, m, 5, &res, &cv), 0);
	assert_int_equal(core_ehdr(&cv)->e_phnum, 6);
	assert_int_equal(core_load_of(&cv, VA_FILE)->p_filesz, 4096);     /* ELF header page */
	assert_int_equal(core_load_of(&cv, VA_FILE)->p_memsz, 8192);
	assert_int_equal(core_load_of(&cv, VA_FILE + 0x2000)->p_filesz, 0); /* the file has it */
	assert_int_equal(core_load_of(&cv, VA_ANON)->p_filesz, 3 * 4096);
	assert_int_equal(core_load_of(&cv, 0x09000000)->p_filesz, 0);   /* never touched */
	assert_int_equal(core_load_of(&cv, 0xffffe000)->p_filesz, 4096); /* like the vDSO */
	assert_non_null(core_note(&cv, NT_FILE, &len));
	free(cv.p);
	fx_free(f);
}

/* The notes: NT_PRSTATUS, NT_PRPSINFO, NT_SIGINFO, NT_AUXV, NT_FILE in
 * Linux's order and i386 layout. */
static void notes_are_linuxs_i386_notes(void **state)
{
	struct cv_core_event ev = event(42, 0);
	char path[] = "/bin/prog";
	struct core_map m[2] = { map(VA_FILE, 2, 5, CV_CORE_MAP_FILE, path),
				 map(VA_ANON, 1, 3, CV_CORE_MAP_ANON, NULL) };
	uint32_t auxv[4] = { 6, 4096, 0, 0 }, want[] = { NT_PRSTATUS, NT_PRPSINFO, NT_SIGINFO,
							 NT_AUXV, NT_FILE };
	struct core_note_input in = { &ev, m, 2, auxv, sizeof(auxv), "prog a b" };
	struct core_buf b = { 0 };
	struct core_view cv;
	uint32_t type, v[5];
	const char *name;
	const uint8_t *d;
	size_t len;

	(void)state;
	m[0].file_off = 0x3000;
	assert_int_equal(core_notes_build(&b, &in), 0);
	/* A view of the notes alone: an ELF header and one PT_NOTE in front. */
	cv.len = sizeof(Elf32_Ehdr) + sizeof(Elf32_Phdr) + b.len;
	cv.p = calloc(1, cv.len);
	*(Elf32_Ehdr *)cv.p = (Elf32_Ehdr){ .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS32 },
					    .e_type = ET_CORE, .e_machine = EM_386,
					    .e_phoff = sizeof(Elf32_Ehdr), .e_phentsize = sizeof(Elf32_Phdr),
					    .e_phnum = 1 };
	*(Elf32_Phdr *)(cv.p + sizeof(Elf32_Ehdr)) = (Elf32_Phdr){
		.p_type = PT_NOTE, .p_offset = sizeof(Elf32_Ehdr) + sizeof(Elf32_Phdr), .p_filesz = (Elf32_Word)b.len };
	memcpy(cv.p + sizeof(Elf32_Ehdr) + sizeof(Elf32_Phdr), b.p, b.len);
	for (unsigned k = 0; k < 5; k++) {
		assert_true(core_note_at(&cv, k, &type, &name, &d, &len));
		assert_int_equal(type, want[k]);
		assert_string_equal(name, "CORE");
	}
	assert_false(core_note_at(&cv, 5, &type, &name, &d, &len));
	d = core_note(&cv, NT_PRSTATUS, &len);
	assert_int_equal(len, 144);
	memcpy(v, d + PRSTATUS_PID, 4);
	assert_int_equal(v[0], 42);
	memcpy(v, d + PRSTATUS_REG + 12 * 4, 4);
	assert_int_equal(v[0], 0x08049abc);
	assert_int_equal(*(const int16_t *)(d + PRSTATUS_CURSIG), 11);
	d = core_note(&cv, NT_PRPSINFO, &len);
	assert_int_equal(len, 124);
	assert_string_equal((const char *)d + PRPSINFO_FNAME, "crasher");
	assert_string_equal((const char *)d + PRPSINFO_PSARGS, "prog a b");
	d = core_note(&cv, NT_SIGINFO, &len);
	assert_int_equal(len, 128);
	memcpy(v, d, 16);
	assert_true(v[0] == 11 && v[1] == 0 && v[2] == 1 && v[3] == 0x1234);
	d = core_note(&cv, NT_AUXV, &len);
	assert_int_equal(len, sizeof(auxv));
	d = core_note(&cv, NT_FILE, &len);
	memcpy(v, d, 20);
	assert_true(v[0] == 1 && v[1] == 4096 && v[2] == VA_FILE && v[3] == VA_FILE + 8192 && v[4] == 3);
	assert_string_equal((const char *)d + 20, "/bin/prog");
	core_buf_free(&b);
	free(cv.p);
}

/* Damaged page tables: a table beyond RAM and a table that points to
 * itself are refused and counted; the core is still written; a root
 * outside RAM gives no core and says so. */
static void damaged_page_tables_do_not_stop_the_writer(void **state)
{
	struct fx *f = fx_new(FX_RAM_SIZE);
	uint64_t parent, child = child_after_cow(f, &parent);
	uint64_t pdpt = fx_get64(f, child, 0) & PTE_ADDR;
	struct core_map m = map(VA_ANON, 3, 3, CV_CORE_MAP_ANON, NULL);
	struct cv_core_event ev = event(7, child);
	struct core_result res;
	struct core_view cv;
	char err[256];
	int fd;

	(void)state;
	fx_set64(f, pdpt, 5, (FX_RAM_SIZE + 0x1000000) | PTE_P | PTE_W | PTE_U); /* beyond RAM */
	fx_set64(f, pdpt, 6, pdpt | PTE_P | PTE_W | PTE_U);                       /* a cycle */
	for (unsigned i = 7; i < 512; i++)
		fx_set64(f, pdpt, i, 0xfff0000000000fffull | (uint64_t)i << 12); /* garbage */
	assert_int_equal(write_and_read(f, &ev, &m, 1, &res, &cv), 0);
	assert_true(res.problems >= 2);
	assert_string_equal((const char *)core_mem(&cv, VA_ANON, 16), "child's value");
	free(cv.p);
	ev.cr3 = FX_RAM_SIZE + 0x1000;
	fd = open("/dev/null", O_WRONLY);
	assert_int_equal(core_write(fd, &f->gm, &ev, &m, 1, &res, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "outside guest RAM"));
	close(fd);
	fx_free(f);
}

/* A full disk: the write fails with ENOSPC and says so. */
static void a_full_disk_is_a_clear_error(void **state)
{
	struct fx *f = fx_new(FX_RAM_SIZE);
	uint64_t parent, child = child_after_cow(f, &parent);
	struct core_map m = map(VA_ANON, 3, 3, CV_CORE_MAP_ANON, NULL);
	struct cv_core_event ev = event(7, child);
	struct core_result res;
	char err[256];
	int fd = open("/dev/full", O_WRONLY);

	(void)state;
	if (fd < 0) {
		print_message("[   SKIP   ] no /dev/full\n");
		fx_free(f);
		skip();
	}
	assert_int_equal(core_write(fd, &f->gm, &ev, &m, 1, &res, err, sizeof(err)), -1);
	assert_non_null(strstr(err, strerror(ENOSPC)));
	close(fd);
	fx_free(f);
}

/* Mapping reports: malformed ones are refused; a new pid starts afresh;
 * core_mappings answers only for the pid reported. */
static void mapping_reports_are_checked(void **state)
{
	struct core_maps ms = { 0 };
	struct cv_core_map a = { 0x1000, 0x3000, 3, CV_CORE_MAP_ANON, 0, 0, 0 };
	struct cv_core_map overlap = { 0x2000, 0x4000, 3, CV_CORE_MAP_ANON, 0, 0, 0 };
	struct cv_core_map odd = { 0x5000, 0x5800, 3, CV_CORE_MAP_ANON, 0, 0, 0 };
	struct cv_core_map empty = { 0x6000, 0x6000, 3, CV_CORE_MAP_ANON, 0, 0, 0 };
	const struct core_map *out;
	char err[128];

	(void)state;
	assert_int_equal(core_maps_add(&ms, 5, &a, "/x", 2, err, sizeof(err)), 0);
	assert_int_equal(core_maps_add(&ms, 5, &overlap, NULL, 0, err, sizeof(err)), -1);
	assert_int_equal(core_maps_add(&ms, 5, &odd, NULL, 0, err, sizeof(err)), -1);
	assert_int_equal(core_maps_add(&ms, 5, &empty, NULL, 0, err, sizeof(err)), -1);
	assert_int_equal(core_mappings(&ms, 5, &out), 1);
	assert_string_equal(out[0].path, "/x");
	assert_int_equal(core_mappings(&ms, 6, &out), 0);
	assert_int_equal(core_maps_add(&ms, 6, &overlap, NULL, 0, err, sizeof(err)), 0);
	assert_int_equal(core_mappings(&ms, 6, &out), 1);
	assert_int_equal(out[0].start, 0x2000);
	core_maps_clear(&ms);
}

/* DIR/core.PID replaces an existing symlink without following it, as
 * Linux; an unwritable DIR gives no core and the caller goes on. */
static void the_core_file_is_created_safely(void **state)
{
	struct fx *f = fx_new(FX_RAM_SIZE);
	uint64_t parent, child = child_after_cow(f, &parent);
	struct cv_core_map m = { VA_ANON, VA_ANON + 3 * 4096, 3, CV_CORE_MAP_ANON, 0, 0, 0 };
	struct cv_core_event ev = event(7, child);
	char dir[] = "/tmp/cowvisor-core-dir-XXXXXX", target[128], link[128], err[256], buf[8] = "";
	struct coredumper cd;
	struct stat st;
	FILE *t;

	(void)state;
	ev.nmaps = 1;
	assert_non_null(mkdtemp(dir));
	snprintf(target, sizeof(target), "%s/target", dir);
	snprintf(link, sizeof(link), "%s/core.7", dir);
	assert_non_null(t = fopen(target, "w"));
	fputs("keep", t);
	fclose(t);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(coredumper_open(&cd, dir, err, sizeof(err)), 0);
	assert_int_equal(coredumper_map(&cd, 7, &m, NULL, 0), 0);
	assert_int_equal(coredumper_dump(&cd, &f->gm, &ev), CV_CORE_WRITTEN);
	coredumper_close(&cd);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_non_null(t = fopen(target, "r"));
	assert_non_null(fgets(buf, sizeof(buf), t));
	fclose(t);
	assert_string_equal(buf, "keep");
	/* Unwritable: /sys refuses new files even to root. */
	assert_int_equal(coredumper_open(&cd, geteuid() == 0 ? "/sys" : dir, err, sizeof(err)), 0);
	if (geteuid() != 0)
		chmod(dir, 0555);
	assert_int_equal(coredumper_map(&cd, 8, &m, NULL, 0), 0);
	ev.pid = 8;
	assert_int_equal(coredumper_dump(&cd, &f->gm, &ev), 0);
	coredumper_close(&cd);
	chmod(dir, 0755);
	/* A missing DIR is refused when opened. */
	assert_int_equal(coredumper_open(&cd, "/nonexistent/cores", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--core-dir /nonexistent/cores"));
	unlink(link);
	unlink(target);
	rmdir(dir);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(core_holds_the_dying_processs_view),
		cmocka_unit_test(what_is_dumped_follows_linux),
		cmocka_unit_test(notes_are_linuxs_i386_notes),
		cmocka_unit_test(damaged_page_tables_do_not_stop_the_writer),
		cmocka_unit_test(a_full_disk_is_a_clear_error),
		cmocka_unit_test(mapping_reports_are_checked),
		cmocka_unit_test(the_core_file_is_created_safely),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
