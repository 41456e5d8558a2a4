/* Unit tests for the core writer (vmm/coredump/): the notes of both ABIs,
 * x86-64 cores (ELFCLASS64, memory above 4 GiB), Linux's
 * default choice of what memory to dump, the copy-on-write view, damaged
 * page tables, write errors (/dev/full), the file-path reports, and
 * DIR/core.PID's creation with the mappings read from the kernel's VMA
 * tables; guest RAM is a host buffer (the inspector's fixture). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/procfs.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../vmm/coredump/core_file.h"
#include "../../vmm/coredump/core_notes.h"
#include "../../vmm/coredump/coredumper.h"
#include "core_reader.h"
#include "test_inspect_fixture.h"
#include "test_mm_fixture.h"

#define VA_ANON   0x08100000u /* three pages: private, shared with the parent, absent */
#define VA_FILE   0x08048000u /* a program's text: the file's frames */
#define FRAME_A   0x400000ull /* the parent's page */
#define FRAME_B   0x401000ull /* the child's copy */
#define FRAME_ELF 0x402000ull /* the program's first page */
#define VA_HIGH   0x7ffff7ff0000ull /* x86-64: two pages above 4 GiB (PML4 slot 255) */
#define VA_PROG64 0x400000ull       /* x86-64: a program's first page */
#define USER      (PTE_P | PTE_U)
#define FILE_INIT 0xffff800000200100ull /* file identities (kernel addresses of nodes) */
#define FILE_PROG 0xffff800000200200ull
#define LAYOUT_PA 0x31000ull /* the kernel's address-space tables */
#define MMS_PA    0x32000ull
#define VMAS_PA   0x33000ull /* the VMA array's frame ... */
#define VMAS_VA   (CV_DIRECT_MAP_BASE + (256ull << 30)) /* ... at this kernel address */

/* The x86-64 offsets the tests read agree with the host's own (x86-64)
 * <sys/procfs.h>. */
_Static_assert(sizeof(struct elf_prstatus) == 336 && sizeof(struct elf_prpsinfo) == 136,
	       "x86-64 note sizes");
_Static_assert(offsetof(struct elf_prstatus, pr_reg) == PRSTATUS64_REG &&
	       offsetof(struct elf_prstatus, pr_pid) == PRSTATUS64_PID &&
	       offsetof(struct elf_prstatus, pr_cursig) == PRSTATUS64_CURSIG, "x86-64 prstatus");
_Static_assert(offsetof(struct elf_prpsinfo, pr_uid) == PRPSINFO64_UID &&
	       offsetof(struct elf_prpsinfo, pr_fname) == PRPSINFO64_FNAME &&
	       offsetof(struct elf_prpsinfo, pr_psargs) == PRPSINFO64_PSARGS, "x86-64 prpsinfo");

/* A dying process's event with a few fields set. */
static struct cv_core_event event(uint32_t pid, uint64_t cr3)
{
	struct cv_core_event ev = { .pid = pid, .ppid = 1, .pgid = 1, .sid = 1, .signo = 11,
				    .code = 1, .value = 0x1234, .cr3 = cr3 };

	memcpy(ev.comm, "crasher", 7);
	ev.regs.r32.eip = 0x08049abc;
	ev.regs.r32.esp = 0xffffd000;
	return ev;
}

/* An x86-64 process's event: 64-bit registers, a fault above 4 GiB, a uid
 * beyond i386's 16 bits. */
static struct cv_core_event event64(uint32_t pid, uint64_t cr3)
{
	struct cv_core_event ev = event(pid, cr3);

	ev.abi = CV_ABI_X86_64;
	ev.regs.r64 = (struct cv_core_regs64){ .rip = 0x401abc, .rsp = 0x7ffffffde000,
					       .fs_base = 0x4c9380, .orig_rax = ~0ull };
	ev.value = VA_HIGH + 0x123;
	ev.uid = 100000;
	return ev;
}

/* A mapping as the kernel's VMA tables give it (file: its identity or 0). */
static struct inspect_mapping map(uint64_t start, uint32_t pages, uint32_t prot,
				  enum cv_vma_kind kind, uint64_t file)
{
	return (struct inspect_mapping){ .start = start, .end = start + pages * 4096u, .prot = prot,
					 .kind = kind, .file = file };
}

/* Write the core to a temporary file and read it back; core_write's result. */
static int write_and_read(struct fx *f, const struct cv_core_event *ev,
			  const struct inspect_mapping *m, const char *const *paths, size_t n,
			  struct core_result *res, struct core_view *cv)
{
	char path[] = "/tmp/cowvisor-core-unit-XXXXXX", err[256];
	const char *none[8] = { 0 };
	struct core_mappings maps = { m, paths ? paths : none, n };
	int fd = mkstemp(path), rc;

	assert_true(n <= 8);
	assert_true(fd >= 0);
	rc = core_write(fd, &f->gm, ev, &maps, res, err, sizeof(err));
	close(fd);
	assert_true(core_load(path, cv));
	unlink(path);
	return rc;
}

/* Publish the kernel's tables for one address space (cr3) with regions
 * m[0..n) in a VMA array mapped at VMAS_VA under cr3. */
static void kernel_tables(struct fx *f, uint64_t cr3, const struct inspect_mapping *m, size_t n)
{
	fx_kernel(f, FX_RAM_SIZE / 4096);
	fx_mm_layout(f, LAYOUT_PA, MMS_PA, 1, 100);
	fx_put_mm(f, MMS_PA, 0, cr3, 1, VMAS_VA, (int32_t)n);
	fx_map(f, cr3, VMAS_VA, VMAS_PA, PTE_P | PTE_W);
	for (size_t i = 0; i < n; i++)
		fx_vma_record(f->gm.base + VMAS_PA + i * FX_VMA_SIZE, &m[i]);
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
	struct inspect_mapping m = map(VA_ANON, 3, 3, CV_VMA_ANON, 0);
	struct cv_core_event ev = event(7, child);
	struct core_result res;
	struct core_view cv;
	const uint8_t *p;
	static const uint8_t zeros[4096];

	(void)state;
	assert_int_equal(write_and_read(f, &ev, &m, NULL, 1, &res, &cv), 0);
	assert_int_equal(core_class(&cv), ELFCLASS32);
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
	assert_int_equal(write_and_read(f, &ev, &m, NULL, 1, &res, &cv), 0);
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
	struct inspect_mapping m[5] = {
		map(VA_FILE, 2, 5, CV_VMA_FILE, FILE_INIT),
		map(VA_FILE + 0x2000, 1, 5, CV_VMA_FILE, FILE_INIT),
		map(VA_ANON, 3, 3, CV_VMA_ANON, 0),
		map(0x09000000, 4, 3, CV_VMA_ANON, 0),
		map(0xffffe000, 1, 5, CV_VMA_VDSO, 0),
	};
	const char *paths[5] = { "/init", "/init" };
	struct cv_core_event ev = event(7, child);
	struct core_result res;
	struct core_view cv;
	size_t len;

	(void)state;
	m[1].file_off = 0x2000;
	memcpy(f->gm.base + FRAME_ELF, ELFMAG, SELFMAG);
	fx_map(f, child, VA_FILE, FRAME_ELF, USER | PTE_FILE);
	fx_map(f, child, VA_FILE + 0x2000, FRAME_ELF, USER | PTE_FILE);
	assert_int_equal(write_and_read(f, &ev, m, paths, 5, &res, &cv), 0);
	assert_int_equal(core_phnum(&cv), 6);
	assert_int_equal(core_load_of(&cv, VA_FILE).p_filesz, 4096);     /* ELF header page */
	assert_int_equal(core_load_of(&cv, VA_FILE).p_memsz, 8192);
	assert_int_equal(core_load_of(&cv, VA_FILE + 0x2000).p_filesz, 0); /* the file has it */
	assert_int_equal(core_load_of(&cv, VA_ANON).p_filesz, 3 * 4096);
	assert_int_equal(core_load_of(&cv, 0x09000000).p_filesz, 0);   /* never touched */
	assert_int_equal(core_load_of(&cv, 0xffffe000).p_filesz, 4096); /* the vDSO: always */
	assert_non_null(core_note(&cv, NT_FILE, &len));
	free(cv.p);
	fx_free(f);
}

/* A view of the notes in b alone: an ELF header of the class and one
 * PT_NOTE in front (the caller frees cv->p). */
/* An i386 core leaves out the kernel's FPU trampoline page at 4 GiB: the
 * program cannot address it, an ELFCLASS32 header cannot hold it. */
static void i386_core_leaves_out_the_trampoline(void **state)
{
	struct fx *f = fx_new(FX_RAM_SIZE);
	uint64_t parent, child = child_after_cow(f, &parent);
	struct inspect_mapping m[2] = {
		map(VA_ANON, 3, 3, CV_VMA_ANON, 0),
		map(1ull << 32, 1, 5, CV_VMA_TRAMP, 0),
	};
	struct cv_core_event ev = event(7, child);
	struct core_result res;
	struct core_view cv;

	(void)state;
	assert_int_equal(write_and_read(f, &ev, m, NULL, 2, &res, &cv), 0);
	assert_int_equal(res.loads, 1);
	assert_int_equal(core_phnum(&cv), 2); /* the notes and the one mapping */
	assert_int_equal(core_load_of(&cv, 0).p_type, PT_NULL); /* nothing truncated to 0 */
	free(cv.p);
	fx_free(f);
}

static void notes_view(const struct core_buf *b, bool wide, struct core_view *cv)
{
	size_t eh = wide ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	size_t ph = wide ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
	Elf64_Ehdr e64 = { .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64 },
			   .e_type = ET_CORE, .e_machine = EM_X86_64, .e_phoff = eh,
			   .e_phentsize = (Elf64_Half)ph, .e_phnum = 1 };
	Elf32_Ehdr e32 = { .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS32 },
			   .e_type = ET_CORE, .e_machine = EM_386, .e_phoff = (Elf32_Off)eh,
			   .e_phentsize = (Elf32_Half)ph, .e_phnum = 1 };
	Elf64_Phdr n64 = { .p_type = PT_NOTE, .p_offset = eh + ph, .p_filesz = b->len };
	Elf32_Phdr n32 = { .p_type = PT_NOTE, .p_offset = (Elf32_Off)(eh + ph),
			   .p_filesz = (Elf32_Word)b->len };

	cv->len = eh + ph + b->len;
	assert_non_null(cv->p = calloc(1, cv->len));
	memcpy(cv->p, wide ? (const void *)&e64 : (const void *)&e32, eh);
	memcpy(cv->p + eh, wide ? (const void *)&n64 : (const void *)&n32, ph);
	memcpy(cv->p + eh + ph, b->p, b->len);
	assert_int_equal(core_class(cv), wide ? ELFCLASS64 : ELFCLASS32);
}

/* The notes come in Linux's order, named as Linux names them: the five
 * classic ones and NT_PRFPREG "CORE", i386's NT_PRXFPREG "LINUX". */
static void assert_note_order(const struct core_view *cv, bool wide)
{
	static const uint32_t want[] = { NT_PRSTATUS, NT_PRPSINFO, NT_SIGINFO, NT_AUXV, NT_FILE,
					 NT_PRFPREG, NT_PRXFPREG };
	unsigned n = wide ? 6 : 7;
	uint32_t type;
	const char *name;
	const uint8_t *d;
	size_t len;

	for (unsigned k = 0; k < n; k++) {
		assert_true(core_note_at(cv, k, &type, &name, &d, &len));
		assert_int_equal(type, want[k]);
		assert_string_equal(name, want[k] == NT_PRXFPREG ? "LINUX" : "CORE");
	}
	assert_false(core_note_at(cv, n, &type, &name, &d, &len));
}

/* The notes: NT_PRSTATUS, NT_PRPSINFO, NT_SIGINFO, NT_AUXV, NT_FILE in
 * Linux's order and i386 layout. */
static void notes_are_linuxs_i386_notes(void **state)
{
	struct cv_core_event ev = event(42, 0);
	struct inspect_mapping m[2] = { map(VA_FILE, 2, 5, CV_VMA_FILE, FILE_PROG),
					map(VA_ANON, 1, 3, CV_VMA_ANON, 0) };
	const char *paths[2] = { "/bin/prog", NULL };
	struct core_mappings maps = { m, paths, 2 };
	uint32_t auxv[4] = { 6, 4096, 0, 0 };
	struct core_note_input in = { &ev, &maps, auxv, sizeof(auxv), "prog a b" };
	struct core_buf b = { 0 };
	struct core_view cv;
	uint32_t v[5];
	const uint8_t *d;
	size_t len;

	(void)state;
	m[0].file_off = 0x3000;
	assert_int_equal(core_notes_build(&b, &in), 0);
	notes_view(&b, false, &cv);
	assert_note_order(&cv, false);
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

/* The notes of an x86-64 process: the same five in Linux's x86-64
 * layouts (8-byte longs, user_regs_struct with fs_base, si_addr at 16,
 * NT_FILE in 8-byte words). */
static void notes_are_linuxs_x86_64_notes(void **state)
{
	struct cv_core_event ev = event64(42, 0);
	struct inspect_mapping m[2] = { map(VA_HIGH, 2, 5, CV_VMA_FILE, FILE_PROG),
					map(VA_ANON, 1, 3, CV_VMA_ANON, 0) };
	const char *paths[2] = { "/bin/prog", NULL };
	struct core_mappings maps = { m, paths, 2 };
	uint64_t auxv[4] = { 6, 4096, 0, 0 }, w[5];
	struct core_note_input in = { &ev, &maps, auxv, sizeof(auxv), "prog a b" };
	struct core_buf b = { 0 };
	struct core_view cv;
	int32_t v[3];
	const uint8_t *d;
	size_t len;

	(void)state;
	m[0].file_off = 0x3000;
	assert_int_equal(core_notes_build(&b, &in), 0);
	notes_view(&b, true, &cv);
	assert_note_order(&cv, true);
	d = core_note(&cv, NT_PRSTATUS, &len);
	assert_int_equal(len, 336);
	memcpy(v, d + PRSTATUS64_PID, 4);
	assert_int_equal(v[0], 42);
	assert_int_equal(*(const int16_t *)(d + PRSTATUS64_CURSIG), 11);
	memcpy(w, d + PRSTATUS64_REG + 16 * 8, 8);
	assert_int_equal(w[0], 0x401abc);
	memcpy(w, d + PRSTATUS64_REG + 19 * 8, 8);
	assert_int_equal(w[0], 0x7ffffffde000);
	memcpy(w, d + PRSTATUS64_REG + 21 * 8, 8);
	assert_int_equal(w[0], 0x4c9380);
	d = core_note(&cv, NT_PRPSINFO, &len);
	assert_int_equal(len, 136);
	memcpy(v, d + PRPSINFO64_UID, 4);
	assert_int_equal(v[0], 100000);
	assert_string_equal((const char *)d + PRPSINFO64_FNAME, "crasher");
	assert_string_equal((const char *)d + PRPSINFO64_PSARGS, "prog a b");
	d = core_note(&cv, NT_SIGINFO, &len);
	assert_int_equal(len, 128);
	memcpy(v, d, 12);
	memcpy(w, d + 16, 8);
	assert_true(v[0] == 11 && v[1] == 0 && v[2] == 1 && w[0] == VA_HIGH + 0x123);
	assert_non_null(core_note(&cv, NT_AUXV, &len));
	assert_int_equal(len, sizeof(auxv));
	d = core_note(&cv, NT_FILE, &len);
	assert_int_equal(len, 5 * 8 + sizeof("/bin/prog"));
	memcpy(w, d, 40);
	assert_true(w[0] == 1 && w[1] == 4096 && w[2] == VA_HIGH && w[3] == VA_HIGH + 8192 &&
		    w[4] == 3);
	assert_string_equal((const char *)d + 40, "/bin/prog");
	core_buf_free(&b);
	free(cv.p);
}

/* An x86-64 process's core is ELFCLASS64 / EM_X86_64 and holds its memory
 * above 4 GiB as it sees it (its copy of a copy-on-write page, the page it
 * still shares), the ELF header page of its program, by the same rules;
 * an event of an unknown ABI gives no core. */
static void x86_64_core_holds_memory_above_4g(void **state)
{
	struct fx *f = fx_new(FX_RAM_SIZE);
	uint64_t child = fx_pml4(f);
	struct inspect_mapping m[2] = { map(VA_PROG64, 2, 5, CV_VMA_FILE, FILE_PROG),
					map(VA_HIGH, 2, 3, CV_VMA_ANON, 0) };
	const char *paths[2] = { "/init", NULL };
	struct core_mappings maps = { m, paths, 2 };
	struct cv_core_event ev = event64(7, child);
	struct core_result res;
	struct core_view cv;
	char err[256];
	int fd;

	(void)state;
	strcpy((char *)f->gm.base + FRAME_A, "parent's value");
	strcpy((char *)f->gm.base + FRAME_B, "child's value");
	memcpy(f->gm.base + FRAME_ELF, ELFMAG, SELFMAG);
	fx_map(f, child, VA_PROG64, FRAME_ELF, USER | PTE_FILE);
	fx_map(f, child, VA_HIGH, FRAME_B, USER | PTE_W);
	fx_map(f, child, VA_HIGH + 4096, FRAME_A, USER | PTE_COW);
	assert_int_equal(write_and_read(f, &ev, m, paths, 2, &res, &cv), 0);
	assert_int_equal(core_class(&cv), ELFCLASS64);
	assert_int_equal(core_phnum(&cv), 3);
	assert_int_equal(res.pages, 3);
	assert_int_equal(core_load_of(&cv, VA_PROG64).p_filesz, 4096); /* ELF header page */
	assert_int_equal(core_load_of(&cv, VA_HIGH).p_filesz, 2 * 4096);
	assert_int_equal(core_load_of(&cv, VA_HIGH).p_flags, PF_R | PF_W);
	assert_string_equal((const char *)core_mem(&cv, VA_HIGH, 16), "child's value");
	assert_string_equal((const char *)core_mem(&cv, VA_HIGH + 4096, 16), "parent's value");
	free(cv.p);
	ev.abi = CV_ABI_COUNT; /* the kernel's report is untrusted */
	fd = open("/dev/null", O_WRONLY);
	assert_int_equal(core_write(fd, &f->gm, &ev, &maps, &res, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown ABI"));
	close(fd);
	fx_free(f);
}

/* Damaged page tables: a table beyond RAM and a table that points to
 * itself are refused and counted; the core is still written; a root
 * outside RAM gives no core and says so. */
static void damaged_page_tables_do_not_stop_the_writer(void **state)
{
	struct fx *f = fx_new(FX_RAM_SIZE);
	uint64_t parent, child = child_after_cow(f, &parent);
	uint64_t pdpt = fx_get64(f, child, 0) & PTE_ADDR;
	struct inspect_mapping m = map(VA_ANON, 3, 3, CV_VMA_ANON, 0);
	const char *none[1] = { NULL };
	struct core_mappings maps = { &m, none, 1 };
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
	assert_int_equal(write_and_read(f, &ev, &m, NULL, 1, &res, &cv), 0);
	assert_true(res.problems >= 2);
	assert_string_equal((const char *)core_mem(&cv, VA_ANON, 16), "child's value");
	free(cv.p);
	ev.cr3 = FX_RAM_SIZE + 0x1000;
	fd = open("/dev/null", O_WRONLY);
	assert_int_equal(core_write(fd, &f->gm, &ev, &maps, &res, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "outside guest RAM"));
	close(fd);
	fx_free(f);
}

/* A full disk: the write fails with ENOSPC and says so. */
static void a_full_disk_is_a_clear_error(void **state)
{
	struct fx *f = fx_new(FX_RAM_SIZE);
	uint64_t parent, child = child_after_cow(f, &parent);
	struct inspect_mapping m = map(VA_ANON, 3, 3, CV_VMA_ANON, 0);
	const char *none[1] = { NULL };
	struct core_mappings maps = { &m, none, 1 };
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
	assert_int_equal(core_write(fd, &f->gm, &ev, &maps, &res, err, sizeof(err)), -1);
	assert_non_null(strstr(err, strerror(ENOSPC)));
	close(fd);
	fx_free(f);
}

/* File-path reports: malformed ones are refused; a repeated identity
 * keeps its first path; a new pid starts afresh; paths are answered only
 * for the pid reported. (Malformed mappings are the VMA reader's refusals,
 * test_inspect_mappings.) */
static void file_reports_are_checked(void **state)
{
	struct core_files fs = { 0 };
	static char huge[CV_CORE_PATH_MAX + 1];
	char err[128];

	(void)state;
	assert_int_equal(core_files_add(&fs, 5, FILE_INIT, "/x", 2, err, sizeof(err)), 0);
	assert_int_equal(core_files_add(&fs, 5, 0, "/y", 2, err, sizeof(err)), -1);
	assert_int_equal(core_files_add(&fs, 5, FILE_PROG, "", 0, err, sizeof(err)), -1);
	assert_int_equal(core_files_add(&fs, 5, FILE_PROG, huge, sizeof(huge), err, sizeof(err)), -1);
	assert_int_equal(core_files_add(&fs, 5, FILE_INIT, "/z", 2, err, sizeof(err)), 0);
	assert_int_equal(core_files_reports(&fs, 5), 2);
	assert_string_equal(core_files_path(&fs, 5, FILE_INIT), "/x");
	assert_null(core_files_path(&fs, 5, FILE_PROG));
	assert_null(core_files_path(&fs, 6, FILE_INIT));
	assert_int_equal(core_files_reports(&fs, 6), 0);
	assert_int_equal(core_files_add(&fs, 6, FILE_PROG, "/bin/prog", 9, err, sizeof(err)), 0);
	assert_int_equal(core_files_reports(&fs, 6), 1);
	assert_null(core_files_path(&fs, 6, FILE_INIT));
	assert_string_equal(core_files_path(&fs, 6, FILE_PROG), "/bin/prog");
	core_files_clear(&fs);
}

/* DIR/core.PID replaces an existing symlink without following it, as
 * Linux, and holds the mappings of the kernel's VMA tables with the
 * reported paths; an unwritable DIR, a file report missing, or no tables
 * give no core and the caller goes on. */
static void the_core_file_is_created_safely(void **state)
{
	struct fx *f = fx_new(FX_RAM_SIZE);
	uint64_t parent, child = child_after_cow(f, &parent);
	struct inspect_mapping m[2] = { map(VA_FILE, 2, 5, CV_VMA_FILE, FILE_PROG),
					map(VA_ANON, 3, 3, CV_VMA_ANON, 0) };
	struct cv_core_event ev = event(7, child);
	char dir[] = "/tmp/cowvisor-core-dir-XXXXXX", target[128], link[128], err[256], buf[8] = "";
	struct coredumper cd;
	struct core_view cv;
	struct stat st;
	const uint8_t *note;
	size_t len = 0;
	FILE *t;

	(void)state;
	kernel_tables(f, child, m, 2);
	ev.nfiles = 1;
	assert_non_null(mkdtemp(dir));
	snprintf(target, sizeof(target), "%s/target", dir);
	snprintf(link, sizeof(link), "%s/core.7", dir);
	assert_non_null(t = fopen(target, "w"));
	fputs("keep", t);
	fclose(t);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(coredumper_open(&cd, dir, FX_ROOT_VADDR, err, sizeof(err)), 0);
	assert_int_equal(coredumper_file(&cd, 7, FILE_PROG, "/bin/prog", 9), 0);
	assert_int_equal(coredumper_file(&cd, 7, 0, "/bad", 4), -1); /* refused: not counted */
	assert_int_equal(coredumper_dump(&cd, &f->gm, &ev), CV_CORE_WRITTEN);
	coredumper_close(&cd);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_true(core_load(link, &cv));
	assert_int_equal(core_phnum(&cv), 3);         /* the tables' two regions */
	assert_int_equal(core_load_of(&cv, VA_ANON).p_memsz, 3 * 4096);
	assert_string_equal((const char *)core_mem(&cv, VA_ANON, 16), "child's value");
	assert_non_null(note = core_note(&cv, NT_FILE, &len));
	assert_non_null(memmem(note, len, "/bin/prog", 10)); /* the reported path */
	free(cv.p);
	/* A file report refused (nfiles 1, none accepted): no core. */
	assert_int_equal(coredumper_open(&cd, dir, FX_ROOT_VADDR, err, sizeof(err)), 0);
	assert_int_equal(coredumper_dump(&cd, &f->gm, &ev), 0);
	coredumper_close(&cd);
	/* No address-space tables published: no core. */
	ev.nfiles = 0;
	fx_root(f)->mm_layout = 0;
	assert_int_equal(coredumper_open(&cd, dir, FX_ROOT_VADDR, err, sizeof(err)), 0);
	unlink(link);
	assert_int_equal(coredumper_dump(&cd, &f->gm, &ev), 0);
	assert_int_equal(lstat(link, &st), -1);
	coredumper_close(&cd);
	fx_root(f)->mm_layout = LAYOUT_PA;
	assert_non_null(t = fopen(target, "r"));
	assert_non_null(fgets(buf, sizeof(buf), t));
	fclose(t);
	assert_string_equal(buf, "keep");
	/* Unwritable: /sys refuses new files even to root. */
	assert_int_equal(coredumper_open(&cd, geteuid() == 0 ? "/sys" : dir, FX_ROOT_VADDR, err,
					 sizeof(err)), 0);
	if (geteuid() != 0)
		chmod(dir, 0555);
	ev.pid = 8;
	assert_int_equal(coredumper_dump(&cd, &f->gm, &ev), 0);
	coredumper_close(&cd);
	chmod(dir, 0755);
	/* A missing DIR is refused when opened. */
	assert_int_equal(coredumper_open(&cd, "/nonexistent/cores", FX_ROOT_VADDR, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "--core-dir /nonexistent/cores"));
	unlink(link);
	unlink(target);
	rmdir(dir);
	fx_free(f);
}

/* An 80-bit register value in an FXSAVE slot: significand, exponent. */
static void fx_reg(uint8_t *slot, uint64_t sig, uint16_t exp)
{
	memcpy(slot, &sig, 8);
	memcpy(slot + 8, &exp, 2);
}

/* i386's NT_PRFPREG is the FSAVE form of the event's FXSAVE image, as
 * Linux converts it: control and status words with the upper half set,
 * the full tag word from the abridged one and each register's class
 * (physical register i is ST((i - top) mod 8)), the code selector with the
 * opcode above it, the data selector, the registers packed to 10 bytes;
 * NT_PRXFPREG and x86-64's NT_PRFPREG are the image itself. */
static void fpu_notes_are_linuxs(void **state)
{
	struct cv_core_event ev = event(42, 0), ev64 = event64(42, 0);
	struct inspect_mapping m[1] = { map(VA_ANON, 1, 3, CV_VMA_ANON, 0) };
	const char *paths[1] = { NULL };
	struct core_mappings maps = { m, paths, 1 };
	struct core_note_input in = { &ev, &maps, NULL, 0, "prog" };
	struct core_buf b = { 0 };
	struct core_view cv;
	uint8_t *fx = ev.fxsave;
	const uint8_t *d;
	uint32_t w[7];
	size_t len;

	(void)state;
	fx[0] = 0x7f, fx[1] = 0x03;            /* control word 0x037f */
	fx[2] = 0x00, fx[3] = 0x30;            /* status word: top 6 */
	fx[4] = 0xe0;                          /* physical 5, 6, 7 in use: ST(7), ST(0), ST(1) */
	fx[6] = 0x2d, fx[7] = 0x05;            /* last opcode 0x52d */
	memcpy(fx + 8, &(uint32_t){ 0x08049000 }, 4);  /* its address */
	memcpy(fx + 16, &(uint32_t){ 0x080f0010 }, 4); /* its operand's */
	fx_reg(fx + 32 + 16 * 0, 0xb000000000000000ull, 0x4000); /* ST(0) 2.75: valid */
	fx_reg(fx + 32 + 16 * 1, 0, 0);                          /* ST(1) 0: zero */
	fx_reg(fx + 32 + 16 * 7, 1, 0);                          /* ST(7) denormal: special */
	ev.regs.r32.cs = 0x23;
	ev.regs.r32.ds = 0x2b;
	assert_int_equal(core_notes_build(&b, &in), 0);
	notes_view(&b, false, &cv);
	assert_non_null(d = core_note(&cv, NT_PRFPREG, &len));
	assert_int_equal(len, 108);
	memcpy(w, d, sizeof(w));
	assert_int_equal(w[0], 0xffff037f);
	assert_int_equal(w[1], 0xffff3000);
	assert_int_equal(w[2], 0xffff0000u | 2u << 10 | 0u << 12 | 1u << 14 | 0x3ff); /* R5 R6 R7; 0-4 empty */
	assert_int_equal(w[3], 0x08049000);
	assert_int_equal(w[4], 0x052d0023);
	assert_int_equal(w[5], 0x080f0010);
	assert_int_equal(w[6], 0xffff002b);
	assert_memory_equal(d + 28, fx + 32, 10);
	assert_memory_equal(d + 28 + 10, fx + 48, 10);
	assert_memory_equal(d + 28 + 70, fx + 32 + 16 * 7, 10);
	assert_non_null(d = core_note(&cv, NT_PRXFPREG, &len));
	assert_int_equal(len, 512);
	assert_memory_equal(d, ev.fxsave, 512);
	core_buf_free(&b);
	free(cv.p);
	memcpy(ev64.fxsave, ev.fxsave, sizeof(ev.fxsave));
	in.ev = &ev64;
	assert_int_equal(core_notes_build(&b, &in), 0);
	notes_view(&b, true, &cv);
	assert_non_null(d = core_note(&cv, NT_PRFPREG, &len));
	assert_int_equal(len, 512);
	assert_memory_equal(d, ev64.fxsave, 512);
	assert_null(core_note(&cv, NT_PRXFPREG, &len));
	core_buf_free(&b);
	free(cv.p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(core_holds_the_dying_processs_view),
		cmocka_unit_test(what_is_dumped_follows_linux),
		cmocka_unit_test(i386_core_leaves_out_the_trampoline),
		cmocka_unit_test(notes_are_linuxs_i386_notes),
		cmocka_unit_test(notes_are_linuxs_x86_64_notes),
		cmocka_unit_test(fpu_notes_are_linuxs),
		cmocka_unit_test(x86_64_core_holds_memory_above_4g),
		cmocka_unit_test(damaged_page_tables_do_not_stop_the_writer),
		cmocka_unit_test(a_full_disk_is_a_clear_error),
		cmocka_unit_test(file_reports_are_checked),
		cmocka_unit_test(the_core_file_is_created_safely),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
