/* Writes the generated seed inputs of the fuzz targets (run by
 * tests/fuzz/make-corpus.sh): small ELF kernels, archives from
 * initrd_build, guest memory images for fuzz_inspect and fuzz_strace in
 * their operation format (ram_image.h), and labels for fuzz_json.
 * Usage: gen_corpus TMPDIR CORPUSDIR */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <elf.h>

#include "../../shared/hypercall.h"
#include "../../shared/introspect.h"
#include "../../shared/pte.h"
#include "../../shared/pvh.h"
#include "../../vmm/initrd.h"
#include "../unit/test_kproc.h"

/* A growing byte buffer. */
struct buf {
	uint8_t *b;
	size_t len, cap;
};

static const char *corpus_dir, *tmp_dir;

/* Append n bytes. */
static void put(struct buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->b = realloc(b->b, b->cap);
		if (b->b == NULL)
			abort();
	}
	memcpy(b->b + b->len, p, n);
	b->len += n;
}

/* Append one byte. */
static void u8(struct buf *b, uint8_t v)
{
	put(b, &v, 1);
}

/* Append a little-endian 16-bit value. */
static void u16(struct buf *b, uint16_t v)
{
	put(b, &v, 2);
}

/* Append a little-endian 32-bit value. */
static void u32(struct buf *b, uint32_t v)
{
	put(b, &v, 4);
}

/* Append a little-endian 64-bit value. */
static void u64(struct buf *b, uint64_t v)
{
	put(b, &v, 8);
}

/* Operation 0: copy len bytes to gpa. */
static void op_copy(struct buf *b, uint32_t gpa, const void *p, uint16_t len)
{
	u8(b, 0);
	u32(b, gpa);
	u16(b, len);
	put(b, p, len);
}

/* Operation 1: count 8-byte entries value, value + step, ... at gpa. */
static void op_fill64(struct buf *b, uint32_t gpa, uint16_t count, uint64_t value, uint64_t step)
{
	u8(b, 1);
	u32(b, gpa);
	u16(b, count);
	u64(b, value);
	u64(b, step);
}

/* Operation 2: the same with 4-byte entries. */
static void op_fill32(struct buf *b, uint32_t gpa, uint16_t count, uint32_t value, uint32_t step)
{
	u8(b, 2);
	u32(b, gpa);
	u16(b, count);
	u32(b, value);
	u32(b, step);
}

/* Write b to CORPUSDIR/target/name and reset it. */
static void save(struct buf *b, const char *target, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", corpus_dir, target, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(b->b, 1, b->len, f) != b->len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
	b->len = 0;
}

/* ---- kernel_loader: a minimal PVH kernel ---- */

/* An ELF64 executable: one loadable executable segment at 1 MiB whose
 * first byte is the PVH entry, and the entry note. */
static void tiny_kernel(void)
{
	struct buf b = { 0 };
	struct {
		Elf64_Nhdr nh;
		char name[4];
		uint32_t entry;
	} note = { { 4, 4, PVH_ELFNOTE_ENTRY }, "Xen", 0x100000 };
	const uint8_t code[16] = { 0xf4, 0xeb, 0xfd }; /* hlt; jmp . */
	size_t phoff = sizeof(Elf64_Ehdr), code_off = phoff + 2 * sizeof(Elf64_Phdr);
	size_t note_off = code_off + sizeof(code);
	Elf64_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
		.e_type = ET_EXEC, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
		.e_entry = 0x100000, .e_phoff = phoff, .e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 2,
	};
	Elf64_Phdr load = {
		.p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = code_off,
		.p_vaddr = 0x100000, .p_paddr = 0x100000, .p_filesz = sizeof(code),
		.p_memsz = 0x2000, .p_align = 16,
	};
	Elf64_Phdr pnote = {
		.p_type = PT_NOTE, .p_flags = PF_R, .p_offset = note_off,
		.p_vaddr = 0x100000, .p_paddr = 0x100000, .p_filesz = sizeof(note),
		.p_memsz = sizeof(note), .p_align = 4,
	};

	put(&b, &eh, sizeof(eh));
	put(&b, &load, sizeof(load));
	put(&b, &pnote, sizeof(pnote));
	put(&b, code, sizeof(code));
	put(&b, &note, sizeof(note));
	save(&b, "kernel_loader", "tiny-pvh.elf");
	note.nh.n_descsz = 8; /* an 8-byte entry value: a different note */
	put(&b, &eh, sizeof(eh));
	put(&b, &load, sizeof(load));
	pnote.p_filesz = pnote.p_memsz = sizeof(note) + 4;
	put(&b, &pnote, sizeof(pnote));
	put(&b, code, sizeof(code));
	put(&b, &note, sizeof(note));
	u32(&b, 0);
	save(&b, "kernel_loader", "tiny-pvh-entry64.elf");
	free(b.b);
}

/* ---- initrd and guest_cpio: archives from initrd_build ---- */

/* Create a host file in TMPDIR with the given text. */
static const char *host_file(const char *name, const char *text)
{
	static char paths[8][512];
	static int next;
	char *p = paths[next++ % 8];
	FILE *f;

	snprintf(p, sizeof(paths[0]), "%s/%s", tmp_dir, name);
	f = fopen(p, "w");
	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(p);
		exit(1);
	}
	return p;
}

/* Build an archive of files and save it for both cpio targets. */
static void archive(const struct initrd_file *files, size_t n, const char *name)
{
	struct initrd rd;
	struct buf b = { 0 };
	char err[300];

	if (initrd_build(&rd, files, n, err, sizeof(err)) != 0) {
		fprintf(stderr, "initrd_build: %s\n", err);
		exit(1);
	}
	put(&b, rd.data, rd.size);
	save(&b, "initrd", name);
	put(&b, rd.data, rd.size);
	save(&b, "guest_cpio", name);
	initrd_free(&rd);
	free(b.b);
}

/* Archives as cowvisor packs PROGRAM and --add files. */
static void archives(void)
{
	struct initrd_file one[] = {
		{ host_file("init", "\177ELF init"), "/init", .mode = 0755 },
	};
	struct initrd_file tree[] = {
		{ host_file("sh", "#!/bin/sh\n"), "/bin/sh", .mode = 0755 },
		{ host_file("empty", ""), "/etc/empty", .mode = 0644 },
		{ host_file("data", "a\nb\n"), "/data/deep/er/file.txt", .mode = 0600 },
	};

	archive(one, 1, "initrd-build-one.cpio");
	archive(tree, 3, "initrd-build-tree.cpio");
}

/* ---- inspect: guest images with processes and page tables ---- */

#define I_ROOT      0x10000u
#define I_PROCS     0x11000u
#define I_COUNTERS  0x12000u
#define I_TOTALS    0x12100u
#define I_PROC_LAYOUT 0x12200u
#define I_PARENTS   0x13000u  /* slot i's parent: a record with just its pid */
#define I_REFCOUNTS 0x20000u
#define I_NFRAMES   1024u     /* 4 MiB */

/* The header of fuzz_inspect's input. */
static void inspect_header(struct buf *b, uint32_t root_pa, uint8_t flags, uint8_t mode,
			   uint16_t slots, uint32_t budget, uint64_t cr3, uint64_t va)
{
	u32(b, root_pa);
	u8(b, flags);
	u8(b, mode);
	u16(b, slots);
	u32(b, budget);
	u64(b, cr3);
	u64(b, va);
	u64(b, 0);
}

/* The kernel's root, counters and totals, with nprocs process slots. */
static void inspect_kernel(struct buf *b, uint32_t nprocs)
{
	struct cv_introspect r = {
		.magic = CV_INTROSPECT_MAGIC, .version = CV_INTROSPECT_VERSION,
		.proc_layout_size = sizeof(struct cv_proc_layout), .nprocs = nprocs,
		.proc_layout = I_PROC_LAYOUT, .counters = I_COUNTERS, .totals = I_TOTALS,
		.refcounts = I_REFCOUNTS, .nframes = I_NFRAMES,
		.pinned_start = 0x300, .pinned_end = 0x302, .pinned_extra = 0x3ff,
		.user_pml4_slots = 1,
	};
	struct cv_counters c = { 1, 0, 1, 0, 3, 2, 1, 0, 0, 0, 0 };
	struct cv_frame_totals t = { I_NFRAMES, 600, 1 };
	struct cv_proc_layout l = fx_kproc_layout(I_PROCS);

	op_copy(b, I_ROOT, &r, sizeof(r));
	op_copy(b, I_PROC_LAYOUT, &l, sizeof(l));
	op_copy(b, I_COUNTERS, &c, sizeof(c));
	op_copy(b, I_TOTALS, &t, sizeof(t));
	op_fill32(b, I_REFCOUNTS + 0x300 * 4, 2, 1, 0);
	op_fill32(b, I_REFCOUNTS + 0x3ff * 4, 1, 1, 0);
}

/* Process slot i. */
static void inspect_proc(struct buf *b, unsigned i, uint32_t pid, uint32_t ppid, uint32_t state,
			 uint64_t cr3, const char *comm)
{
	uint32_t self = I_PROCS + i * (uint32_t)sizeof(struct fx_kproc);
	uint32_t parent = I_PARENTS + i * (uint32_t)sizeof(struct fx_kproc);
	struct fx_kproc p = fx_kproc_make(pid, state, cr3, comm, self, ppid ? parent : 0);
	struct fx_kproc pp = { .pid = (int32_t)ppid };

	op_copy(b, self, &p, sizeof(p));
	if (ppid)
		op_copy(b, parent, &pp, sizeof(pp));
}

/* 4-level tables at pml4 (and the three frames after it) mapping n pages
 * from user address 0x08048000 to frames from pa with flags. */
static void inspect_space(struct buf *b, uint32_t pml4, uint64_t pa, uint16_t n, uint64_t flags)
{
	const uint64_t t = PTE_P | PTE_W | PTE_U;
	const uint64_t va = 0x08048000;

	op_fill64(b, pml4, 1, (pml4 + 0x1000) | t, 0);
	op_fill64(b, pml4 + 0x1000 + ((va >> 30) & 511) * 8, 1, (pml4 + 0x2000) | t, 0);
	op_fill64(b, pml4 + 0x2000 + ((va >> 21) & 511) * 8, 1, (pml4 + 0x3000) | t, 0);
	op_fill64(b, pml4 + 0x3000 + ((va >> 12) & 511) * 8, n, pa | flags, 0x1000);
}

/* After a fork: two spaces sharing 16 copy-on-write pages, the child with
 * 4 pages of its own, a zombie and a free slot; the audit holds. */
static void inspect_fork(struct buf *b)
{
	const uint64_t cow = PTE_P | PTE_U | PTE_COW, rw = PTE_P | PTE_U | PTE_W;

	inspect_header(b, I_ROOT, 1, 3, 1, 0, 0x100000, 0x08048123);
	inspect_kernel(b, 4);
	inspect_proc(b, 0, 1, 0, 1, 0x100000, "init");
	inspect_proc(b, 1, 2, 1, 2, 0x105000, "child");
	inspect_proc(b, 2, 3, 1, 3, 0, "zombie");
	inspect_space(b, 0x100000, 0x200000, 16, cow);
	inspect_space(b, 0x105000, 0x200000, 16, cow);
	op_fill64(b, 0x108000 + (((0x08048000u >> 12) + 16) & 511) * 8, 4, 0x210000 | rw, 0x1000);
	op_fill32(b, I_REFCOUNTS + 0x200 * 4, 16, 2, 0);
	op_fill32(b, I_REFCOUNTS + 0x210 * 4, 4, 1, 0);
	save(b, "inspect", "fork.bin");
}

/* Hostile tables: a PML4 entry pointing at itself, a 2 MiB page, a
 * reserved-bit entry, a frame past RAM and a wrong refcount. */
static void inspect_hostile(struct buf *b)
{
	const uint64_t t = PTE_P | PTE_W | PTE_U;

	inspect_header(b, I_ROOT, 1, 3, 512, 5000, 0x100000, 0xffff800000000000ull);
	inspect_kernel(b, 2);
	inspect_proc(b, 0, 1, 0, 1, 0x100000, "loop");
	inspect_proc(b, 1, 2, 1, 7, 0x100000, "\x01\xff\"bad");
	inspect_space(b, 0x100000, 0x200000, 3, t);
	op_fill64(b, 0x100000 + 8, 1, 0x100000 | t, 0);           /* cycle */
	op_fill64(b, 0x102000 + 8, 1, 0x200000 | t | PTE_PS, 0);  /* 2 MiB */
	op_fill64(b, 0x102000 + 16, 1, 0x201000 | t | PTE_PS, 0); /* reserved */
	op_fill64(b, 0x103000 + 8 * 100, 1, 0x40000000 | t, 0);   /* past RAM */
	op_fill32(b, I_REFCOUNTS + 0x200 * 4, 1, 7, 0);
	save(b, "inspect", "hostile.bin");
}

/* Direct walks in the 32-bit modes: legacy (with a 4 MiB page) and PAE
 * (with a 2 MiB page). */
static void inspect_32bit(struct buf *b)
{
	const uint32_t t = PTE_P | PTE_W | PTE_U;

	inspect_header(b, 0, 0, 1, 1024, 0, 0x300000, 0x08048010);
	op_fill32(b, 0x300000 + (0x08048000u >> 22) * 4, 1, 0x301000 | t, 0);
	op_fill32(b, 0x301000 + ((0x08048000u >> 12) & 1023) * 4, 8, 0x220000 | t, 0x1000);
	op_fill32(b, 0x300000 + 0x300 * 4, 1, 0 | t | PTE_PS, 0);
	save(b, "inspect", "legacy32.bin");

	inspect_header(b, 0, 0, 2, 4, 0, 0x310020, 0x08048010);
	op_fill64(b, 0x310020, 1, 0x311000 | PTE_P, 0);
	op_fill64(b, 0x311000 + ((0x08048000u >> 21) & 511) * 8, 1, 0x312000 | t, 0);
	op_fill64(b, 0x312000 + ((0x08048000u >> 12) & 511) * 8, 8, 0x230000 | t, 0x1000);
	op_fill64(b, 0x311000 + 8, 1, 0x200000 | t | PTE_PS, 0);
	save(b, "inspect", "pae.bin");
}

/* ---- json: comm (16 bytes) then label ---- */

/* Save one comm and label pair. */
static void json_seed(const char *name, const char *comm, const char *label, size_t label_len)
{
	struct buf b = { 0 };
	char c[CV_COMM_LEN] = { 0 };

	memcpy(c, comm, strnlen(comm, CV_COMM_LEN));
	put(&b, c, sizeof(c));
	put(&b, label, label_len);
	save(&b, "json", name);
	free(b.b);
}

/* Plain, escaped, UTF-8, malformed and over-long labels. */
static void json_seeds(void)
{
	static const char emoji[] = "\xf0\x9f\x98\x80";
	char long_label[128] = "";

	json_seed("plain", "init", "after-fork", 10);
	json_seed("escapes", "sh", "q\"b\\s/\t\n\r\b\f\x01\x1f\x7f", 16);
	json_seed("utf8", "caf\xc3\xa9", "na\xc3\xafve \xe2\x82\xac \xf4\x8f\xbf\xbf", 16);
	json_seed("malformed", "abcdefghijklmnop",
		  "\xff\xfe\xc3(\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82", 18);
	for (int i = 0; i < 25; i++)
		strcat(long_label, emoji);
	json_seed("long-utf8", "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82",
		  long_label, strlen(long_label));
}

/* ---- strace: events over user memory ---- */

#define S_CR3     0x1000u
#define S_VA      0x08048000u
#define S_PA      0x10000u

/* An event for fuzz_strace. */
static void event(struct buf *b, uint32_t phase, uint32_t pid, uint32_t nr, int64_t ret,
		  uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
	struct cv_strace_event ev = {
		.phase = phase, .pid = pid, .nr = nr, .args = { a0, a1, a2, a3, a4, 0 },
		.ret = ret, .cr3 = S_CR3,
	};

	put(b, &ev, sizeof(ev));
}

/* The user data the events point at, in the first user page. */
static void user_data(struct buf *b)
{
	const uint32_t argv[] = { S_VA + 0x100, S_VA + 0x300, 0 };
	const uint32_t iov[] = { S_VA, 6, S_VA + 0x100, 11 };
	const uint32_t status = 0x0100, ts[2] = { 1, 500 };

	op_copy(b, S_PA, "hello\n", 6);
	op_copy(b, S_PA + 0x100, "/etc/passwd", 12);
	op_copy(b, S_PA + 0x200, argv, sizeof(argv));
	op_copy(b, S_PA + 0x300, "arg\x01\xff\"", 7);
	op_copy(b, S_PA + 0x400, iov, sizeof(iov));
	op_copy(b, S_PA + 0x500, &status, sizeof(status));
	op_copy(b, S_PA + 0x600, ts, sizeof(ts));
}

/* A few calls of each kind of argument. */
static void strace_seeds(void)
{
	struct buf b = { 0 };

	u8(&b, 1);
	u8(&b, 20);
	event(&b, CV_STRACE_ENTRY, 1, 4, 0, 1, S_VA, 6, 0, 0);
	event(&b, CV_STRACE_EXIT, 1, 4, 6, 1, S_VA, 6, 0, 0);
	user_data(&b);
	save(&b, "strace", "write.bin");

	u8(&b, 1);
	u8(&b, 7);
	event(&b, CV_STRACE_ENTRY, 1, 5, 0, S_VA + 0x100, 0100, 0644, 0, 0);
	event(&b, CV_STRACE_EXIT, 1, 5, -2, S_VA + 0x100, 0100, 0644, 0, 0);
	user_data(&b);
	save(&b, "strace", "open.bin");

	u8(&b, 2);
	u8(&b, 63);
	event(&b, CV_STRACE_ENTRY, 2, 11, 0, S_VA + 0x100, S_VA + 0x200, S_VA + 0x200, 0, 0);
	event(&b, CV_STRACE_EXIT, 2, 11, 0, S_VA + 0x100, S_VA + 0x200, S_VA + 0x200, 0, 0);
	event(&b, CV_STRACE_EXIT, 2, 146, 17, 1, S_VA + 0x400, 2, 0, 0);
	user_data(&b);
	save(&b, "strace", "execve-writev.bin");

	u8(&b, 3);
	u8(&b, 33);
	event(&b, CV_STRACE_EXIT, 1, 114, 2, (uint32_t)-1, S_VA + 0x500, 1, 0, 0);
	event(&b, CV_STRACE_EXIT, 1, 120, 3, 0x01200011, 0, 0, 0, S_VA);
	event(&b, CV_STRACE_EXIT, 3, 3, 6, 0, S_VA, 100, 0, 0);
	event(&b, CV_STRACE_ENTRY, 3, 162, 0, S_VA + 0x600, 0, 0, 0, 0);
	user_data(&b);
	save(&b, "strace", "wait-clone-read.bin");
	free(b.b);
}

/* Write every generated seed. */
int main(int argc, char **argv)
{
	struct buf b = { 0 };

	if (argc != 3) {
		fprintf(stderr, "usage: gen_corpus TMPDIR CORPUSDIR\n");
		return 2;
	}
	tmp_dir = argv[1];
	corpus_dir = argv[2];
	tiny_kernel();
	archives();
	inspect_fork(&b);
	inspect_hostile(&b);
	inspect_32bit(&b);
	json_seeds();
	strace_seeds();
	free(b.b);
	return 0;
}
