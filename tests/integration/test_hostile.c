/* Integration: hostile programs and corrupted executables. The kernel
 * survives every case with the right outcome for the program, its
 * bookkeeping stays exact (audit ok, no frame lost), and PROGRAM itself
 * being corrupted is refused with 126 before a VM starts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "stats_doc.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NBAD 8

/* Read a whole file into a malloc'd buffer; its length in *len. */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	buf = malloc(*len ? *len : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, *len, f), *len);
	fclose(f);
	return buf;
}

/* Write len bytes of data to path. */
static void spit(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* The n-th PT_LOAD header of an ELF32 image. */
static Elf32_Phdr *load_header(unsigned char *img, int n)
{
	Elf32_Ehdr *eh = (Elf32_Ehdr *)img;

	for (int i = 0; i < eh->e_phnum; i++) {
		Elf32_Phdr *ph = (Elf32_Phdr *)(img + eh->e_phoff + (size_t)i * sizeof(*ph));
		if (ph->p_type == PT_LOAD && n-- == 0)
			return ph;
	}
	fail_msg("no PT_LOAD number %d", n);
	return NULL;
}

/* Write corrupted copies of a good static i386 program into dir: names
 * bad0..bad7 (paths into paths[]). */
static void make_corrupted(const char *dir, char paths[NBAD][600])
{
	size_t len;
	unsigned char *good = slurp(build_file("progs/glibc/hello"), &len), *img = malloc(len);
	const char *other = "/bin/true";

	assert_non_null(img);
	for (int i = 0; i < NBAD; i++)
		snprintf(paths[i], sizeof(paths[i]), "%s/bad%d", dir, i);
	spit(paths[0], good, 40);                       /* ELF header cut */
	spit(paths[1], good, 100);                      /* program headers cut */
	memcpy(img, good, len);                         /* two segments overlap */
	load_header(img, 1)->p_vaddr = load_header(img, 0)->p_vaddr;
	spit(paths[2], img, len);
	memcpy(img, good, len);                         /* entry outside the segments */
	((Elf32_Ehdr *)img)->e_entry = 0x1000;
	spit(paths[3], img, len);
	memcpy(img, good, len);                         /* a segment of almost 4 GiB */
	load_header(img, 0)->p_memsz = 0xfffff000u;
	spit(paths[4], img, len);
	memcpy(img, good, len);                         /* program headers past the end */
	((Elf32_Ehdr *)img)->e_phoff = 0x7ffffff0u;
	spit(paths[5], img, len);
	free(good);
	good = slurp(other, &len);                      /* a dynamically linked x86-64 program */
	spit(paths[6], good, len);
	memset(img, 0xa5, 4096);                        /* garbage with the ELF magic */
	memcpy(img, "\177ELF\001\001\001", 7);
	spit(paths[7], img, 4096);
	free(good);
	free(img);
}

/* The suite as i386 (glibc) and as x86-64 (glibc and musl), with each
 * corrupted exec (added at /bad/N): every case goes as expected, the
 * kernel's frame count is back where it was and every audit holds. musl's
 * i386 build is left out: its cases are the kernel's same i386 paths, and
 * its emulated user code on kvm-pvm costs minutes. */
static void hostile_program_suite(void **state)
{
	char dir[] = "/tmp/cowvisor-hostile-XXXXXX", paths[NBAD][600], a[NBAD][5000], cmd[700];

	_Static_assert(NBAD == 8, "the case below adds eight corrupted programs");
	(void)state;
	REQUIRE_KVM();
	assert_non_null(mkdtemp(dir));
	make_corrupted(dir, paths);
	for (int i = 0; i < NBAD; i++)
		snprintf(a[i], sizeof(a[i]), "%s:/bad/%d", paths[i], i);
	cv_check_cases((const struct cv_case[]){
		{ .args = W("run", "--mem", "64M", "--stats-json", CV_STATS_JSON, "--append", "quiet",
			    "--add", a[0], "--add", a[1], "--add", a[2], "--add", a[3], "--add", a[4],
			    "--add", a[5], "--add", a[6], "--add", a[7], CV_PROG, "/bad/0", "/bad/1",
			    "/bad/2", "/bad/3", "/bad/4", "/bad/5", "/bad/6", "/bad/7"),
		  .prog = "hostile", .builds = CV_IN_GLIBC | CV_IN_X86_64, .kvm = true,
		  .out = W("hostile: 59 of 59 as expected"), .out_not = W("WRONG"),
		  .err = W("out of memory: killing pid"), .check = stats_check_clean },
		{ 0 } });
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* A corrupted PROGRAM is refused on the host with 126 and the reason. */
static void corrupted_program_is_126(void **state)
{
	char dir[] = "/tmp/cowvisor-bad-XXXXXX", paths[NBAD][600], cmd[5000];
	static const char *const reasons[NBAD] = {
		"not an ELF file", "program headers beyond the end of the file",
		"overlapping segments", "entry point outside the executable segments",
		"segment outside user space", "program headers beyond the end of the file",
		"dynamically linked (interpreter /lib64/", "not a little-endian ELF version 1",
	};
	struct run_result r;

	(void)state;
	assert_non_null(mkdtemp(dir));
	make_corrupted(dir, paths);
	for (int i = 0; i < NBAD; i++) {
		cv_run(&r, ARGS("run", paths[i]), NULL);
		assert_int_equal(r.status, 126);
		assert_contains(r.err, paths[i]);
		assert_contains(r.err, reasons[i]);
		run_result_free(&r);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* A process that never yields is preempted; --timeout ends the VM: 124. */
static const struct cv_case spinning_program_times_out[] = {
	{ .args = W("run", "--timeout", "1.5", "--append", "quiet", CV_PROG), .prog = "spin",
	  .kvm = true, .status = 124, .err = W("timeout after 1.500 s") },
	{ 0 },
};

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hostile_program_suite),
		cmocka_unit_test(corrupted_program_is_126),
		CV_CASES_TEST(spinning_program_times_out),
	};

	return cmocka_run_group_tests_name("hostile", tests, NULL, NULL);
}
