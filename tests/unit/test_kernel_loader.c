/* Unit tests for the kernel ELF loader (vmm/kernel_loader.c).
 * Every image is built in memory here; failures must leave guest RAM alone. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../shared/layout.h"
#include "../../shared/pvh.h"
#include "../../vmm/kernel_loader.h"

#define RAM_SIZE   (16u << 20)
#define IMG_CAP    (64u << 10)
#define MAX_PHDRS  (KERNEL_MAX_SEGMENTS + 4)
#define DATA_START (sizeof(Elf64_Ehdr) + MAX_PHDRS * sizeof(Elf64_Phdr))

#define TEXT_PADDR 0x100000u
#define TEXT_SIZE  0x200u
#define DATA_PADDR 0x200000u
#define DATA_FILE  0x100u
#define DATA_MEM   0x1000u
#define ENTRY      (TEXT_PADDR + 0x10)

/* An ELF image under construction: header, program header table, then data. */
struct image {
	uint8_t buf[IMG_CAP];
	size_t len;
	Elf64_Phdr *notes; /* the PT_NOTE that img_note() appends to */
};

struct fixture {
	struct guest_mem gm;
	struct image im;
	struct kernel_image ki;
	char err[256];
};

static Elf64_Ehdr *img_ehdr(struct image *im)
{
	return (Elf64_Ehdr *)im->buf;
}

static Elf64_Phdr *img_phdr(struct image *im, unsigned i)
{
	return (Elf64_Phdr *)(im->buf + sizeof(Elf64_Ehdr)) + i;
}

/* Start an empty x86-64 ET_EXEC image with room for MAX_PHDRS headers. */
static void img_init(struct image *im)
{
	Elf64_Ehdr *eh = img_ehdr(im);

	memset(im, 0, sizeof(*im));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = ENTRY;
	eh->e_phoff = sizeof(Elf64_Ehdr);
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	im->len = DATA_START;
}

/* Append a program header of the given type; its data starts at im->len. */
static Elf64_Phdr *img_phdr_add(struct image *im, uint32_t type, uint32_t flags)
{
	Elf64_Ehdr *eh = img_ehdr(im);
	Elf64_Phdr *ph;

	assert_true(eh->e_phnum < MAX_PHDRS);
	ph = img_phdr(im, eh->e_phnum++);
	ph->p_type = type;
	ph->p_flags = flags;
	ph->p_offset = im->len;
	ph->p_align = 4;
	return ph;
}

/* Append raw bytes to the image data. */
static void img_append(struct image *im, const void *data, size_t n)
{
	assert_true(n <= IMG_CAP - im->len);
	memcpy(im->buf + im->len, data, n);
	im->len += n;
}

/* Byte i of a segment's file data: never zero, so copies are visible. */
static uint8_t pattern(uint64_t paddr, size_t i)
{
	return (uint8_t)((paddr >> 12) + i) % 251 + 1;
}

/* Append a PT_LOAD of filesz pattern bytes loaded at paddr with memsz bytes. */
static Elf64_Phdr *img_load(struct image *im, uint64_t paddr, uint32_t flags,
			    size_t filesz, uint64_t memsz)
{
	Elf64_Phdr *ph = img_phdr_add(im, PT_LOAD, flags);

	assert_true(filesz <= IMG_CAP - im->len);
	for (size_t i = 0; i < filesz; i++)
		im->buf[im->len++] = pattern(paddr, i);
	ph->p_vaddr = ph->p_paddr = paddr;
	ph->p_filesz = filesz;
	ph->p_memsz = memsz;
	ph->p_align = CV_PAGE_SIZE;
	im->notes = NULL;
	return ph;
}

/* Append one note whose name is namesz bytes; consecutive notes share one PT_NOTE. */
static void img_note_raw(struct image *im, const char *name, uint32_t namesz, uint32_t type,
			 const void *desc, uint32_t descsz)
{
	static const uint8_t zeros[4];
	Elf64_Nhdr nh = { .n_namesz = namesz, .n_descsz = descsz, .n_type = type };
	size_t start = im->len;

	if (im->notes == NULL)
		im->notes = img_phdr_add(im, PT_NOTE, PF_R);
	img_append(im, &nh, sizeof(nh));
	img_append(im, name, nh.n_namesz);
	img_append(im, zeros, (4 - nh.n_namesz % 4) % 4);
	img_append(im, desc, descsz);
	img_append(im, zeros, (4 - descsz % 4) % 4);
	im->notes->p_filesz += im->len - start;
	im->notes->p_memsz = im->notes->p_filesz;
}

/* Append one note named by the C string name. */
static void img_note(struct image *im, const char *name, uint32_t type,
		     const void *desc, uint32_t descsz)
{
	img_note_raw(im, name, (uint32_t)strlen(name) + 1, type, desc, descsz);
}

/* Append the PVH entry note with a 4-byte value. */
static void img_pvh_note(struct image *im, uint32_t entry)
{
	img_note(im, PVH_ELFNOTE_NAME, PVH_ELFNOTE_ENTRY, &entry, sizeof(entry));
}

/* The reference image: R+X text with the entry, RW data with bss, PVH note. */
static void img_valid(struct image *im)
{
	img_init(im);
	img_load(im, TEXT_PADDR, PF_R | PF_X, TEXT_SIZE, TEXT_SIZE);
	img_load(im, DATA_PADDR, PF_R | PF_W, DATA_FILE, DATA_MEM);
	img_pvh_note(im, ENTRY);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	f->gm.base = calloc(1, RAM_SIZE);
	if (f->gm.base == NULL) {
		free(f);
		return -1;
	}
	f->gm.size = RAM_SIZE;
	f->ki = (struct kernel_image){ .entry = 0xdeadbeef, .load_lo = 1, .load_hi = 2 };
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	free(f->gm.base);
	free(f);
	return 0;
}

/* Is every byte of guest RAM in [gpa, gpa+len) equal to v? */
static bool ram_is(const struct fixture *f, uint64_t gpa, uint64_t len, uint8_t v)
{
	for (uint64_t i = 0; i < len; i++)
		if (f->gm.base[gpa + i] != v)
			return false;
	return true;
}

/* Does guest RAM hold the pattern bytes of a segment loaded at paddr? */
static bool ram_has_pattern(const struct fixture *f, uint64_t paddr, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (f->gm.base[paddr + i] != pattern(paddr, i))
			return false;
	return true;
}

static int load(struct fixture *f)
{
	return kernel_load_buffer(f->im.buf, f->im.len, &f->gm, &f->ki, f->err, sizeof(f->err));
}

/* The error text must contain needle. */
static void assert_err_has(const struct fixture *f, const char *needle)
{
	if (strstr(f->err, needle) == NULL)
		fail_msg("error \"%s\" does not contain \"%s\"", f->err, needle);
}

/* A failed load: -1, the expected reason, RAM all zero, image untouched. */
static void assert_refused(const struct fixture *f, int rc, const char *needle)
{
	assert_int_equal(rc, -1);
	assert_err_has(f, needle);
	assert_true(ram_is(f, 0, RAM_SIZE, 0));
	assert_int_equal(f->ki.entry, 0xdeadbeef);
	assert_int_equal(f->ki.load_lo, 1);
	assert_int_equal(f->ki.load_hi, 2);
}

/* Load the current image and expect it to be refused with needle. */
static void expect_refused(struct fixture *f, const char *needle)
{
	assert_refused(f, load(f), needle);
}

/* A valid image loads: text copied, data copied, bss zeroed, bounds and entry reported. */
static void test_valid_image(void **state)
{
	struct fixture *f = *state;

	img_valid(&f->im);
	memset(f->gm.base + DATA_PADDR, 0xAA, DATA_MEM + 0x100);
	assert_int_equal(load(f), 0);
	assert_string_equal(f->err, "");
	assert_int_equal(f->ki.entry, ENTRY);
	assert_int_equal(f->ki.load_lo, TEXT_PADDR);
	assert_int_equal(f->ki.load_hi, DATA_PADDR + DATA_MEM);
	assert_true(ram_has_pattern(f, TEXT_PADDR, TEXT_SIZE));
	assert_true(ram_has_pattern(f, DATA_PADDR, DATA_FILE));
	assert_true(ram_is(f, DATA_PADDR + DATA_FILE, DATA_MEM - DATA_FILE, 0));
	assert_true(ram_is(f, DATA_PADDR + DATA_MEM, 0x100, 0xAA));
	assert_true(ram_is(f, 0, TEXT_PADDR, 0));
	assert_true(ram_is(f, TEXT_PADDR + TEXT_SIZE, DATA_PADDR - TEXT_PADDR - TEXT_SIZE, 0));
}

/* An 8-byte PVH note value is accepted as well as a 4-byte one. */
static void test_valid_image_8byte_note(void **state)
{
	struct fixture *f = *state;
	uint64_t entry = TEXT_PADDR + 0x1f0;

	img_init(&f->im);
	img_load(&f->im, TEXT_PADDR, PF_R | PF_X, TEXT_SIZE, TEXT_SIZE);
	img_note(&f->im, PVH_ELFNOTE_NAME, PVH_ELFNOTE_ENTRY, &entry, sizeof(entry));
	assert_int_equal(load(f), 0);
	assert_int_equal(f->ki.entry, TEXT_PADDR + 0x1f0);
	assert_int_equal(f->ki.load_lo, TEXT_PADDR);
	assert_int_equal(f->ki.load_hi, TEXT_PADDR + TEXT_SIZE);
	assert_true(ram_has_pattern(f, TEXT_PADDR, TEXT_SIZE));
}

/* The PVH note is found among other notes in the same PT_NOTE. */
static void test_pvh_note_among_others(void **state)
{
	struct fixture *f = *state;
	const uint8_t build_id[20] = { 1, 2, 3 };

	img_init(&f->im);
	img_load(&f->im, TEXT_PADDR, PF_R | PF_X, TEXT_SIZE, TEXT_SIZE);
	img_note(&f->im, "GNU", NT_GNU_BUILD_ID, build_id, sizeof(build_id));
	img_pvh_note(&f->im, TEXT_PADDR + 4);
	assert_int_equal(load(f), 0);
	assert_int_equal(f->ki.entry, TEXT_PADDR + 4);
}

/* Segments touching each other and the boot page's edges are not overlaps. */
static void test_adjacent_segments_accepted(void **state)
{
	struct fixture *f = *state;

	img_init(&f->im);
	img_load(&f->im, 0, PF_R, 0x10, CV_BOOT_PAGE_GPA);
	img_load(&f->im, CV_BOOT_PAGE_GPA + CV_BOOT_PAGE_SIZE, PF_R | PF_X, 0x10, 0x1000);
	img_load(&f->im, CV_BOOT_PAGE_GPA + CV_BOOT_PAGE_SIZE + 0x1000, PF_R | PF_W, 0x10, 0x10);
	img_pvh_note(&f->im, CV_BOOT_PAGE_GPA + CV_BOOT_PAGE_SIZE);
	assert_int_equal(load(f), 0);
	assert_int_equal(f->ki.load_lo, 0);
	assert_int_equal(f->ki.load_hi, CV_BOOT_PAGE_GPA + CV_BOOT_PAGE_SIZE + 0x1010);
	assert_true(ram_is(f, CV_BOOT_PAGE_GPA, CV_BOOT_PAGE_SIZE, 0));
}

/* Empty PT_LOADs load nothing and count for nothing, in either order. */
static void test_empty_segments_ignored(void **state)
{
	struct fixture *f = *state;

	img_init(&f->im);
	img_load(&f->im, TEXT_PADDR + 0x100, PF_R, 0, 0);
	img_load(&f->im, TEXT_PADDR, PF_R | PF_X, 0x10, 0x1000);
	img_load(&f->im, CV_BOOT_PAGE_GPA + 0x10, PF_R, 0, 0);
	img_pvh_note(&f->im, TEXT_PADDR);
	assert_int_equal(load(f), 0);
	assert_int_equal(f->ki.load_lo, TEXT_PADDR);
	assert_int_equal(f->ki.load_hi, TEXT_PADDR + 0x1000);
}

/* A program header size other than Elf64_Phdr's is refused. */
static void test_bad_phentsize(void **state)
{
	struct fixture *f = *state;

	img_init(&f->im);
	img_load(&f->im, TEXT_PADDR, PF_R | PF_X, 0x10, 0x1000);
	img_pvh_note(&f->im, TEXT_PADDR);
	img_ehdr(&f->im)->e_phentsize = 32;
	assert_refused(f, load(f), "program header size is 32");
}

/* A segment ending exactly at the end of guest RAM fits. */
static void test_segment_at_ram_end_accepted(void **state)
{
	struct fixture *f = *state;

	img_init(&f->im);
	img_load(&f->im, RAM_SIZE - 0x1000, PF_R | PF_X, 0x100, 0x1000);
	img_pvh_note(&f->im, RAM_SIZE - 0x1000);
	assert_int_equal(load(f), 0);
	assert_int_equal(f->ki.load_hi, RAM_SIZE);
	assert_true(ram_has_pattern(f, RAM_SIZE - 0x1000, 0x100));
}

/* A file cut inside the ELF header is refused. */
static void test_truncated_header(void **state)
{
	struct fixture *f = *state;

	img_valid(&f->im);
	f->im.len = sizeof(Elf64_Ehdr) / 2;
	expect_refused(f, "not an ELF file");
}

/* A file cut inside the program header table is refused. */
static void test_truncated_phdrs(void **state)
{
	struct fixture *f = *state;

	img_valid(&f->im);
	f->im.len = sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr) + 8;
	expect_refused(f, "unreadable program header");
}

/* A file cut inside the PT_NOTE data is refused as truncated. */
static void test_truncated_note(void **state)
{
	struct fixture *f = *state;

	img_valid(&f->im);
	f->im.len = img_phdr(&f->im, 2)->p_offset + 8;
	expect_refused(f, "note segment lies beyond the end of the file");
}

/* A file cut inside a segment's data is refused as truncated. */
static void test_truncated_segment_data(void **state)
{
	struct fixture *f = *state;

	img_valid(&f->im);
	f->im.len = img_phdr(&f->im, 1)->p_offset + DATA_FILE / 2;
	expect_refused(f, "beyond the end of the file (truncated?)");
}

/* Bytes without the ELF magic are refused. */
static void test_not_elf(void **state)
{
	struct fixture *f = *state;
	uint32_t x = 12345;

	for (size_t i = 0; i < 4096; i++) {
		x = x * 1103515245u + 12345u;
		f->im.buf[i] = (uint8_t)(x >> 16);
	}
	f->im.buf[0] = 'M';
	f->im.len = 4096;
	expect_refused(f, "not an ELF file");
}

/* A 32-bit ELF is refused. */
static void test_wrong_class(void **state)
{
	struct fixture *f = *state;

	img_valid(&f->im);
	img_ehdr(&f->im)->e_ident[EI_CLASS] = ELFCLASS32;
	expect_refused(f, "not 64-bit");
}

/* A big-endian ELF is refused. */
static void test_big_endian(void **state)
{
	struct fixture *f = *state;

	img_valid(&f->im);
	img_ehdr(&f->im)->e_ident[EI_DATA] = ELFDATA2MSB;
	expect_refused(f, "not little-endian");
}

/* An i386 ELF is refused, naming the machine. */
static void test_wrong_machine(void **state)
{
	struct fixture *f = *state;

	img_valid(&f->im);
	img_ehdr(&f->im)->e_machine = EM_386;
	expect_refused(f, "machine is 3, not x86-64");
}

/* A shared object (ET_DYN) is refused. */
static void test_wrong_type(void **state)
{
	struct fixture *f = *state;

	img_valid(&f->im);
	img_ehdr(&f->im)->e_type = ET_DYN;
	expect_refused(f, "type is 3, not an executable");
}

/* A segment placed beyond the end of guest RAM is refused. */
static void test_segment_outside_ram(void **state)
{
	struct fixture *f = *state;

	img_valid(&f->im);
	img_phdr(&f->im, 1)->p_paddr = RAM_SIZE + 0x1000;
	expect_refused(f, "does not fit in guest RAM (16 MiB)");
}

/* A segment straddling the end of guest RAM is refused. */
static void test_segment_straddles_ram_end(void **state)
{
	struct fixture *f = *state;

	img_valid(&f->im);
	img_phdr(&f->im, 1)->p_paddr = RAM_SIZE - DATA_MEM + 1;
	expect_refused(f, "does not fit in guest RAM");
}

/* paddr+memsz wrapping past UINT64_MAX is refused, not taken as small. */
static void test_segment_paddr_overflow(void **state)
{
	struct fixture *f = *state;

	img_valid(&f->im);
	img_phdr(&f->im, 1)->p_memsz = UINT64_MAX - DATA_PADDR + 0x1000;
	expect_refused(f, "does not fit in guest RAM");
}

/* p_offset+p_filesz wrapping past UINT64_MAX is refused, not taken as small. */
static void test_segment_offset_overflow(void **state)
{
	struct fixture *f = *state;
	Elf64_Phdr *ph;

	img_valid(&f->im);
	ph = img_phdr(&f->im, 1);
	ph->p_offset = UINT64_MAX - 0x10;
	assert_true(ph->p_offset + ph->p_filesz < f->im.len);
	expect_refused(f, "beyond the end of the file");
}

/* A segment with more file bytes than memory bytes is refused. */
static void test_filesz_exceeds_memsz(void **state)
{
	struct fixture *f = *state;

	img_valid(&f->im);
	img_phdr(&f->im, 1)->p_memsz = DATA_FILE - 1;
	expect_refused(f, "file size exceeds memory size");
}

/* Two PT_LOAD segments sharing memory are refused. */
static void test_overlapping_segments(void **state)
{
	struct fixture *f = *state;

	img_init(&f->im);
	img_load(&f->im, TEXT_PADDR, PF_R | PF_X, 0x100, 0x2000);
	img_load(&f->im, TEXT_PADDR + 0x1fff, PF_R | PF_W, 0x10, 0x10);
	img_pvh_note(&f->im, TEXT_PADDR);
	expect_refused(f, "segments at 0x101fff and 0x100000 overlap");
}

/* A segment covering part of the boot information page is refused. */
static void test_segment_overlaps_boot_page(void **state)
{
	struct fixture *f = *state;

	img_valid(&f->im);
	img_phdr(&f->im, 1)->p_paddr = CV_BOOT_PAGE_GPA + CV_BOOT_PAGE_SIZE - 1;
	expect_refused(f, "overlaps the boot information page");
}

/* Only near-miss notes (other type, other name, padded name) are no PVH note. */
static void test_missing_pvh_note(void **state)
{
	struct fixture *f = *state;
	const uint8_t build_id[20] = { 9 };
	uint32_t entry = ENTRY;

	img_init(&f->im);
	img_load(&f->im, TEXT_PADDR, PF_R | PF_X, TEXT_SIZE, TEXT_SIZE);
	img_note(&f->im, "GNU", NT_GNU_BUILD_ID, build_id, sizeof(build_id));
	img_note(&f->im, PVH_ELFNOTE_NAME, PVH_ELFNOTE_ENTRY + 1, &entry, sizeof(entry));
	img_note(&f->im, "Xyz", PVH_ELFNOTE_ENTRY, &entry, sizeof(entry));
	img_note_raw(&f->im, "Xen\0", 5, PVH_ELFNOTE_ENTRY, &entry, sizeof(entry));
	expect_refused(f, "no PVH entry note");
}

/* Without any PT_NOTE the image is refused. */
static void test_no_note_segment(void **state)
{
	struct fixture *f = *state;

	img_init(&f->im);
	img_load(&f->im, TEXT_PADDR, PF_R | PF_X, TEXT_SIZE, TEXT_SIZE);
	expect_refused(f, "no PVH entry note");
}

/* A PVH note whose value is 2 bytes long is refused. */
static void test_pvh_note_bad_size(void **state)
{
	struct fixture *f = *state;
	uint16_t entry = 0x1000;

	img_init(&f->im);
	img_load(&f->im, TEXT_PADDR, PF_R | PF_X, TEXT_SIZE, TEXT_SIZE);
	img_note(&f->im, PVH_ELFNOTE_NAME, PVH_ELFNOTE_ENTRY, &entry, sizeof(entry));
	expect_refused(f, "2-byte value");
}

/* An entry inside a writable, non-executable segment is refused. */
static void test_entry_in_data_segment(void **state)
{
	struct fixture *f = *state;

	img_init(&f->im);
	img_load(&f->im, TEXT_PADDR, PF_R | PF_X, TEXT_SIZE, TEXT_SIZE);
	img_load(&f->im, DATA_PADDR, PF_R | PF_W, DATA_FILE, DATA_MEM);
	img_pvh_note(&f->im, DATA_PADDR + 0x10);
	expect_refused(f, "PVH entry 0x200010 is not inside an executable loaded segment");
}

/* An entry in an executable segment's bss (past its file bytes) is refused. */
static void test_entry_in_exec_bss(void **state)
{
	struct fixture *f = *state;

	img_init(&f->im);
	img_load(&f->im, TEXT_PADDR, PF_R | PF_X, TEXT_SIZE, 0x1000);
	img_pvh_note(&f->im, TEXT_PADDR + TEXT_SIZE);
	expect_refused(f, "not inside an executable loaded segment");
}

/* An 8-byte entry above 4 GiB is refused even if its low half would fit. */
static void test_entry_above_4g(void **state)
{
	struct fixture *f = *state;
	uint64_t entry = (1ull << 32) + ENTRY;

	img_init(&f->im);
	img_load(&f->im, TEXT_PADDR, PF_R | PF_X, TEXT_SIZE, TEXT_SIZE);
	img_note(&f->im, PVH_ELFNOTE_NAME, PVH_ELFNOTE_ENTRY, &entry, sizeof(entry));
	expect_refused(f, "PVH entry 0x100100010 is not inside");
}

/* An image with notes but no PT_LOAD is refused. */
static void test_no_load_segment(void **state)
{
	struct fixture *f = *state;

	img_init(&f->im);
	img_pvh_note(&f->im, ENTRY);
	expect_refused(f, "no loadable segments");
}

/* Add n small PT_LOADs a page apart, the first executable, plus the PVH note. */
static void img_many_segments(struct image *im, unsigned n)
{
	img_init(im);
	for (unsigned i = 0; i < n; i++)
		img_load(im, TEXT_PADDR + i * CV_PAGE_SIZE, i ? PF_R : PF_R | PF_X, 0x20, 0x100);
	img_pvh_note(im, TEXT_PADDR);
}

/* Exactly KERNEL_MAX_SEGMENTS loadable segments are accepted. */
static void test_max_segments_accepted(void **state)
{
	struct fixture *f = *state;

	img_many_segments(&f->im, KERNEL_MAX_SEGMENTS);
	assert_int_equal(load(f), 0);
	assert_int_equal(f->ki.load_hi, TEXT_PADDR + (KERNEL_MAX_SEGMENTS - 1) * CV_PAGE_SIZE + 0x100);
	assert_true(ram_has_pattern(f, TEXT_PADDR + (KERNEL_MAX_SEGMENTS - 1) * CV_PAGE_SIZE, 0x20));
}

/* One loadable segment more than KERNEL_MAX_SEGMENTS is refused. */
static void test_too_many_segments(void **state)
{
	struct fixture *f = *state;

	img_many_segments(&f->im, KERNEL_MAX_SEGMENTS + 1);
	expect_refused(f, "more than 16 loadable segments");
}

/* Make a fresh directory under /tmp into dir (PATH_MAX bytes). */
static void make_tmpdir(char *dir)
{
	snprintf(dir, PATH_MAX, "/tmp/cv-loader-test.XXXXXX");
	assert_non_null(mkdtemp(dir));
}

/* Create a temporary file holding n bytes of data; its path goes to path. */
static void make_tmpfile(char *path, const void *data, size_t n)
{
	int fd;

	snprintf(path, PATH_MAX, "/tmp/cv-loader-test.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	assert_int_equal(close(fd), 0);
}

/* A missing file is refused with its path and the system's reason. */
static void test_file_missing(void **state)
{
	struct fixture *f = *state;
	char dir[PATH_MAX], path[PATH_MAX + 16];
	int rc;

	make_tmpdir(dir);
	snprintf(path, sizeof(path), "%s/missing.elf", dir);
	rc = kernel_load_file(path, &f->gm, &f->ki, f->err, sizeof(f->err));
	rmdir(dir);
	assert_refused(f, rc, "No such file");
	assert_err_has(f, path);
}

/* A directory is refused as such. */
static void test_file_is_directory(void **state)
{
	struct fixture *f = *state;
	char dir[PATH_MAX];
	int rc;

	make_tmpdir(dir);
	rc = kernel_load_file(dir, &f->gm, &f->ki, f->err, sizeof(f->err));
	rmdir(dir);
	assert_refused(f, rc, "is a directory");
	assert_err_has(f, dir);
}

/* An empty file is refused as such. */
static void test_file_empty(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX];
	int rc;

	make_tmpfile(path, "", 0);
	rc = kernel_load_file(path, &f->gm, &f->ki, f->err, sizeof(f->err));
	unlink(path);
	assert_refused(f, rc, "is empty");
	assert_err_has(f, path);
}

/* A file with a bad image reports the loader's reason under the file's name. */
static void test_file_bad_image(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX], want[PATH_MAX + 64];
	int rc;

	img_valid(&f->im);
	img_ehdr(&f->im)->e_machine = EM_386;
	make_tmpfile(path, f->im.buf, f->im.len);
	rc = kernel_load_file(path, &f->gm, &f->ki, f->err, sizeof(f->err));
	unlink(path);
	snprintf(want, sizeof(want), "kernel %s: ELF machine is 3", path);
	assert_refused(f, rc, want);
}

/* A valid image in a file loads like the same buffer. */
static void test_file_valid(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX];
	int rc;

	img_valid(&f->im);
	make_tmpfile(path, f->im.buf, f->im.len);
	rc = kernel_load_file(path, &f->gm, &f->ki, f->err, sizeof(f->err));
	unlink(path);
	assert_int_equal(rc, 0);
	assert_int_equal(f->ki.entry, ENTRY);
	assert_int_equal(f->ki.load_hi, DATA_PADDR + DATA_MEM);
	assert_true(ram_has_pattern(f, TEXT_PADDR, TEXT_SIZE));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_valid_image),
		T(test_valid_image_8byte_note),
		T(test_pvh_note_among_others),
		T(test_adjacent_segments_accepted),
		T(test_segment_at_ram_end_accepted),
		T(test_truncated_header),
		T(test_truncated_phdrs),
		T(test_truncated_note),
		T(test_truncated_segment_data),
		T(test_not_elf),
		T(test_wrong_class),
		T(test_big_endian),
		T(test_wrong_machine),
		T(test_wrong_type),
		T(test_segment_outside_ram),
		T(test_segment_straddles_ram_end),
		T(test_segment_paddr_overflow),
		T(test_segment_offset_overflow),
		T(test_filesz_exceeds_memsz),
		T(test_overlapping_segments),
		T(test_segment_overlaps_boot_page),
		T(test_missing_pvh_note),
		T(test_no_note_segment),
		T(test_pvh_note_bad_size),
		T(test_entry_in_data_segment),
		T(test_entry_in_exec_bss),
		T(test_empty_segments_ignored),
		T(test_bad_phentsize),
		T(test_entry_above_4g),
		T(test_no_load_segment),
		T(test_max_segments_accepted),
		T(test_too_many_segments),
		T(test_file_missing),
		T(test_file_is_directory),
		T(test_file_empty),
		T(test_file_bad_image),
		T(test_file_valid),
	};

	return cmocka_run_group_tests_name("kernel_loader", tests, NULL, NULL);
}
