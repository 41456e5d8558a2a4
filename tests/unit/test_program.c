/* Unit tests for the host's PROGRAM check (vmm/program.c over guest/common/elf.c):
 * ELF images made by hand in memory (and in temporary files for the
 * messages): static x86-64 executables and static-pie are accepted, each
 * broken rule is refused with its reason, and a dynamically linked
 * program of either class is named with its interpreter. */
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

#include "../../shared/exitcodes.h"
#include "../../vmm/program.h"
#include "../../guest/kernel/mm/vm.h"
#include "../../guest/common/elf.h"

#define IMG_SIZE 0x3000u
#define INTERP64 "/lib64/ld-linux-x86-64.so.2"

/* An ELF64 image: header, up to 4 program headers at 64, data after. */
struct img {
	uint8_t b[IMG_SIZE];
	Elf64_Ehdr *eh;
	size_t len;
};

/* A static ET_EXEC with one R+X load of the first page at 0x400000. */
static void img_exec(struct img *m)
{
	Elf64_Phdr *ph;

	memset(m, 0, sizeof(*m));
	m->eh = (Elf64_Ehdr *)m->b;
	memcpy(m->eh->e_ident, ELFMAG, SELFMAG);
	m->eh->e_ident[EI_CLASS] = ELFCLASS64;
	m->eh->e_ident[EI_DATA] = ELFDATA2LSB;
	m->eh->e_ident[EI_VERSION] = EV_CURRENT;
	m->eh->e_type = ET_EXEC;
	m->eh->e_machine = EM_X86_64;
	m->eh->e_version = EV_CURRENT;
	m->eh->e_entry = 0x400100;
	m->eh->e_phoff = sizeof(Elf64_Ehdr);
	m->eh->e_phentsize = sizeof(Elf64_Phdr);
	m->eh->e_phnum = 1;
	ph = (Elf64_Phdr *)(m->b + m->eh->e_phoff);
	*ph = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0,
			    .p_vaddr = 0x400000, .p_filesz = 0x1000, .p_memsz = 0x1000 };
	m->len = IMG_SIZE;
}

/* Program header i (the table has room for four). */
static Elf64_Phdr *ph(struct img *m, unsigned i)
{
	return (Elf64_Phdr *)(m->b + m->eh->e_phoff) + i;
}

/* Add a program header; returns it. */
static Elf64_Phdr *add_ph(struct img *m, Elf64_Phdr h)
{
	Elf64_Phdr *p = ph(m, m->eh->e_phnum++);

	*p = h;
	return p;
}

/* Add a PT_INTERP naming s (stored at 0x2000). */
static void add_interp(struct img *m, const char *s)
{
	memcpy(m->b + 0x2000, s, strlen(s) + 1);
	add_ph(m, (Elf64_Phdr){ .p_type = PT_INTERP, .p_flags = PF_R, .p_offset = 0x2000,
				.p_filesz = strlen(s) + 1 });
}

/* The kernel's ELF check of data[0..len) (the one PROGRAM passes): 0 or
 * -1 with the reason in *why. */
static int check(const uint8_t *data, size_t len, const char **why)
{
	struct elf_info info;
	const char *interp = NULL;

	return elf_check(data, len, len, &info, why, &interp) == 0 ? 0 : -1;
}

/* The image must pass the check. */
static void accepted(struct img *m)
{
	const char *why = NULL;

	if (check(m->b, m->len, &why) != 0)
		fail_msg("refused: %s", why);
}

/* The image must be refused with a reason containing want. */
static void refused(struct img *m, const char *want)
{
	const char *why = NULL;

	assert_int_equal(check(m->b, m->len, &why), -1);
	assert_non_null(why);
	if (strstr(why, want) == NULL)
		fail_msg("reason '%s', want '%s'", why, want);
}

/* Static ET_EXEC and static-pie ET_DYN pass; the stack's room under the
 * user half's top is the limit. */
static void test_accepts_static(void **state)
{
	struct img m;

	(void)state;
	img_exec(&m);
	accepted(&m);
	m.eh->e_type = ET_DYN; /* static-pie: addresses from 0, relative to its base */
	ph(&m, 0)->p_vaddr = 0;
	m.eh->e_entry = 0x100;
	accepted(&m);
	img_exec(&m);
	/* the last page below the stack's room (RLIMIT_STACK under its top) */
	ph(&m, 0)->p_vaddr = USER64_STACK_TOP - USER_STACK_MAX - 0x1000;
	m.eh->e_entry = USER64_STACK_TOP - USER_STACK_MAX - 0x10;
	accepted(&m);
	ph(&m, 0)->p_vaddr += 0x1000; /* in the stack's room */
	m.eh->e_entry += 0x1000;
	refused(&m, "segment outside user space");
	img_exec(&m);
	add_ph(&m, (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W, .p_offset = 0x1000,
				 .p_vaddr = 0x100000000ull, .p_filesz = 0x800, .p_memsz = 0x5000 });
	accepted(&m); /* a segment above 4 GiB, bss beyond its file data */
}

/* Each rule of the header refuses with its reason. */
static void test_header_rules(void **state)
{
	struct img m;
	const char *why;

	(void)state;
	img_exec(&m);
	m.eh->e_machine = EM_AARCH64;
	refused(&m, "a 64-bit ELF not for x86-64");
	img_exec(&m);
	m.eh->e_type = ET_REL;
	refused(&m, "not a static executable");
	img_exec(&m);
	m.eh->e_ident[EI_DATA] = ELFDATA2MSB;
	refused(&m, "not a little-endian ELF version 1");
	img_exec(&m);
	m.eh->e_phoff = IMG_SIZE - 10;
	refused(&m, "program headers beyond the end of the file");
	img_exec(&m);
	m.eh->e_phoff = UINT64_MAX - 8; /* no wrap-around */
	refused(&m, "program headers beyond the end of the file");
	img_exec(&m);
	m.eh->e_phentsize = 32;
	refused(&m, "bad program header table");
	img_exec(&m);
	m.eh->e_phnum = 0;
	refused(&m, "bad program header table");
	img_exec(&m);
	m.len = 40; /* cut inside the header */
	refused(&m, "not an ELF file");
	assert_int_equal(check((const uint8_t *)"\177ELF\001", 5, &why), -1);
}

/* Each rule of the segments refuses with its reason. */
static void test_segment_rules(void **state)
{
	struct img m;

	(void)state;
	img_exec(&m);
	ph(&m, 0)->p_vaddr = 0; /* an ET_EXEC at page 0 */
	m.eh->e_entry = 0x100;
	refused(&m, "segment outside user space");
	img_exec(&m);
	ph(&m, 0)->p_vaddr = USER64_END; /* the page above user space */
	m.eh->e_entry = USER64_END;
	refused(&m, "segment outside user space");
	img_exec(&m);
	ph(&m, 0)->p_vaddr = 0xfffffffffffff000ull; /* wraps around */
	ph(&m, 0)->p_memsz = 0x2000;
	refused(&m, "segment outside user space");
	img_exec(&m);
	ph(&m, 0)->p_filesz = IMG_SIZE + 1;
	ph(&m, 0)->p_memsz = IMG_SIZE + 1;
	refused(&m, "segment data beyond the end of the file");
	img_exec(&m);
	ph(&m, 0)->p_filesz = 0x2000; /* more file than memory */
	refused(&m, "segment data beyond the end of the file");
	img_exec(&m);
	ph(&m, 0)->p_vaddr = 0x400010;
	refused(&m, "not page congruent");
	img_exec(&m);
	add_ph(&m, (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W, .p_offset = 0x1000,
				 .p_vaddr = 0x400800, .p_filesz = 0x100, .p_memsz = 0x100 });
	refused(&m, "not page congruent");
	ph(&m, 1)->p_vaddr = 0x400000; /* the text's page */
	ph(&m, 1)->p_offset = 0;
	refused(&m, "overlapping segments");
	img_exec(&m);
	m.eh->e_entry = 0x500000;
	refused(&m, "entry point outside the executable segments");
	img_exec(&m);
	ph(&m, 0)->p_flags = PF_R; /* the entry's segment is not executable */
	refused(&m, "entry point outside the executable segments");
	img_exec(&m);
	ph(&m, 0)->p_type = PT_NOTE;
	refused(&m, "no loadable segments");
	img_exec(&m);
	add_interp(&m, INTERP64);
	refused(&m, "dynamically linked");
}

/* Write len bytes to a new temporary file; its path into path. */
static void temp_file(char path[64], const void *data, size_t len)
{
	int fd;

	snprintf(path, 64, "/tmp/cowvisor-program-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

/* Run program_check on data; the status and message must be as wanted. */
static void check_program(const void *data, size_t len, int status, const char *want)
{
	char path[64], err[512] = "", full[600];

	temp_file(path, data, len);
	assert_int_equal(program_check(path, err, sizeof(err)), status);
	if (want != NULL) {
		snprintf(full, sizeof(full), "%s: cannot run it: %s", path, want);
		assert_string_equal(err, full);
	}
	unlink(path);
}

/* The 126 messages say what is accepted, or name the interpreter. */
static void test_messages(void **state)
{
	struct img m;
	char err[512];

	(void)state;
	img_exec(&m);
	check_program(m.b, m.len, 0, NULL);
	add_interp(&m, INTERP64);
	check_program(m.b, m.len, CV_EXIT_NOEXEC, "dynamically linked (interpreter " INTERP64
		      "); cowvisor runs static i386 or x86-64 executables: build with -static");
	img_exec(&m); /* a hostile interpreter name is printed tamed */
	add_interp(&m, "/x\033y\n");
	check_program(m.b, m.len, CV_EXIT_NOEXEC, "dynamically linked (interpreter /x?y?); "
		      "cowvisor runs static i386 or x86-64 executables: build with -static");
	img_exec(&m); /* one that runs off the file: the kernel's words */
	add_interp(&m, INTERP64);
	ph(&m, 1)->p_offset = IMG_SIZE - 3;
	ph(&m, 1)->p_filesz = 100;
	check_program(m.b, m.len, CV_EXIT_NOEXEC, "dynamically linked (has an interpreter; build "
		      "with -static) (cowvisor runs static i386 or x86-64 ELF executables)");
	img_exec(&m);
	m.eh->e_machine = EM_AARCH64;
	check_program(m.b, m.len, CV_EXIT_NOEXEC, "a 64-bit ELF not for x86-64 "
		      "(cowvisor runs static i386 or x86-64 ELF executables)");
	check_program("#!/bin/sh\necho hi\n", 18, CV_EXIT_NOEXEC,
		      "a script (cowvisor runs static i386 or x86-64 ELF executables)");
	check_program("hello", 5, CV_EXIT_NOEXEC,
		      "not an ELF file (cowvisor runs static i386 or x86-64 ELF executables)");
	assert_int_equal(program_check("/nonexistent/prog", err, sizeof(err)), CV_EXIT_NOTFOUND);
	assert_string_equal(err, "/nonexistent/prog: No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts_static),
		cmocka_unit_test(test_header_rules),
		cmocka_unit_test(test_segment_rules),
		cmocka_unit_test(test_messages),
	};

	return cmocka_run_group_tests_name("program", tests, NULL, NULL);
}
