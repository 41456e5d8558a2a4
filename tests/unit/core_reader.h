/* Reading an i386 or x86-64 ELF core file in tests: its notes and the memory its
 * PT_LOAD segments carry. Header only; shared by the unit and integration
 * tests of --core-dir. */
#ifndef TESTS_CORE_READER_H
#define TESTS_CORE_READER_H

#include <elf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A core file read into memory. */
struct core_view {
	uint8_t *p;
	size_t len;
};

/* Read the file at path (holes come back as zeros); false when it cannot
 * be read. */
static inline bool core_load(const char *path, struct core_view *cv)
{
	FILE *f = fopen(path, "rb");
	long n;

	cv->p = NULL;
	cv->len = 0;
	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (cv->p = malloc((size_t)n + 1)) == NULL ||
	    fread(cv->p, 1, (size_t)n, f) != (size_t)n) {
		if (f)
			fclose(f);
		free(cv->p);
		cv->p = NULL;
		return false;
	}
	fclose(f);
	cv->len = (size_t)n;
	return true;
}

/* The file's ELF class when it is an ET_CORE of one of the two ABIs
 * (ELFCLASS32 with EM_386, ELFCLASS64 with EM_X86_64) with its program
 * headers inside it; else 0. */
static inline int core_class(const struct core_view *cv)
{
	const Elf32_Ehdr *e32 = (const Elf32_Ehdr *)cv->p;
	const Elf64_Ehdr *e64 = (const Elf64_Ehdr *)cv->p;

	if (cv->len < sizeof(*e32) || memcmp(e32->e_ident, ELFMAG, SELFMAG) != 0)
		return 0;
	if (e32->e_ident[EI_CLASS] == ELFCLASS32 && e32->e_type == ET_CORE &&
	    e32->e_machine == EM_386 && e32->e_phentsize == sizeof(Elf32_Phdr) &&
	    (uint64_t)e32->e_phoff + (uint64_t)e32->e_phnum * sizeof(Elf32_Phdr) <= cv->len)
		return ELFCLASS32;
	if (cv->len >= sizeof(*e64) && e64->e_ident[EI_CLASS] == ELFCLASS64 &&
	    e64->e_type == ET_CORE && e64->e_machine == EM_X86_64 &&
	    e64->e_phentsize == sizeof(Elf64_Phdr) &&
	    e64->e_phoff + (uint64_t)e64->e_phnum * sizeof(Elf64_Phdr) <= cv->len)
		return ELFCLASS64;
	return 0;
}

/* How many program headers a valid core has (0 when it is not one). */
static inline unsigned core_phnum(const struct core_view *cv)
{
	switch (core_class(cv)) {
	case ELFCLASS32: return ((const Elf32_Ehdr *)cv->p)->e_phnum;
	case ELFCLASS64: return ((const Elf64_Ehdr *)cv->p)->e_phnum;
	default: return 0;
	}
}

/* Program header i (below core_phnum) in the 64-bit form, whatever the
 * class. */
static inline Elf64_Phdr core_phdr(const struct core_view *cv, unsigned i)
{
	const Elf32_Phdr *p;

	if (core_class(cv) == ELFCLASS64)
		return ((const Elf64_Phdr *)(cv->p + ((const Elf64_Ehdr *)cv->p)->e_phoff))[i];
	p = (const Elf32_Phdr *)(cv->p + ((const Elf32_Ehdr *)cv->p)->e_phoff) + i;
	return (Elf64_Phdr){ .p_type = p->p_type, .p_flags = p->p_flags, .p_offset = p->p_offset,
			     .p_vaddr = p->p_vaddr, .p_paddr = p->p_paddr, .p_filesz = p->p_filesz,
			     .p_memsz = p->p_memsz, .p_align = p->p_align };
}

/* The PT_LOAD covering virtual address va; p_type PT_NULL when none does. */
static inline Elf64_Phdr core_load_of(const struct core_view *cv, uint64_t va)
{
	for (unsigned i = 0, n = core_phnum(cv); i < n; i++) {
		Elf64_Phdr ph = core_phdr(cv, i);
		if (ph.p_type == PT_LOAD && va >= ph.p_vaddr && va - ph.p_vaddr < ph.p_memsz)
			return ph;
	}
	return (Elf64_Phdr){ .p_type = PT_NULL };
}

/* The n bytes the core holds at virtual address va, or NULL when a
 * segment's file data does not cover them. */
static inline const uint8_t *core_mem(const struct core_view *cv, uint64_t va, size_t n)
{
	Elf64_Phdr ph = core_load_of(cv, va);

	if (ph.p_type != PT_LOAD || va - ph.p_vaddr + n > ph.p_filesz ||
	    ph.p_offset + ph.p_filesz > cv->len)
		return NULL;
	return cv->p + ph.p_offset + (va - ph.p_vaddr);
}

/* The k-th note (0 first) of the PT_NOTE segment: its type, name and
 * description; false past the last. */
static inline bool core_note_at(const struct core_view *cv, unsigned k, uint32_t *type,
				const char **name, const uint8_t **desc, size_t *desc_len)
{
	for (unsigned i = 0, n = core_phnum(cv); i < n; i++) {
		Elf64_Phdr ph = core_phdr(cv, i);
		size_t at, end;
		if (ph.p_type != PT_NOTE || ph.p_offset + ph.p_filesz > cv->len)
			continue;
		for (at = ph.p_offset, end = at + ph.p_filesz; at + sizeof(Elf32_Nhdr) <= end;) {
			const Elf32_Nhdr *nh = (const Elf32_Nhdr *)(cv->p + at);
			size_t name_at = at + sizeof(*nh), desc_at = name_at + ((nh->n_namesz + 3u) & ~3u);
			size_t next = desc_at + ((nh->n_descsz + 3u) & ~3u);
			if (next > end)
				return false;
			if (k-- == 0) {
				*type = nh->n_type;
				*name = (const char *)cv->p + name_at;
				*desc = cv->p + desc_at;
				*desc_len = nh->n_descsz;
				return true;
			}
			at = next;
		}
	}
	return false;
}

/* The first note of this type, or NULL. */
static inline const uint8_t *core_note(const struct core_view *cv, uint32_t type, size_t *len)
{
	uint32_t t;
	const char *name;
	const uint8_t *desc;

	for (unsigned k = 0; core_note_at(cv, k, &t, &name, &desc, len); k++)
		if (t == type)
			return desc;
	return NULL;
}

/* Linux's i386 offsets of what the tests check in the notes. */
#define PRSTATUS_CURSIG 12
#define PRSTATUS_PID    24
#define PRSTATUS_REG    72   /* struct user_regs_struct: eip is word 12 */
#define PRPSINFO_FNAME  28
#define PRPSINFO_PSARGS 44

/* And x86-64's (8-byte longs: sigpend and sighold, times, pr_flag). */
#define PRSTATUS64_CURSIG 12
#define PRSTATUS64_PID    32
#define PRSTATUS64_REG    112 /* struct user_regs_struct: rip is word 16, fs_base 21 */
#define PRPSINFO64_UID    16
#define PRPSINFO64_FNAME  40
#define PRPSINFO64_PSARGS 56

#endif
