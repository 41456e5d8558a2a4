/* Reading an i386 ELF core file in tests: its notes and the memory its
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

/* The ELF header, when the file is an i386 ET_CORE with its program
 * headers inside it; else NULL. */
static inline const Elf32_Ehdr *core_ehdr(const struct core_view *cv)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)cv->p;

	if (cv->len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS32 || eh->e_type != ET_CORE ||
	    eh->e_machine != EM_386 || eh->e_phentsize != sizeof(Elf32_Phdr) ||
	    (uint64_t)eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr) > cv->len)
		return NULL;
	return eh;
}

/* Program header i (the caller checked core_ehdr). */
static inline const Elf32_Phdr *core_phdr(const struct core_view *cv, unsigned i)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)cv->p;

	return (const Elf32_Phdr *)(cv->p + eh->e_phoff) + i;
}

/* The PT_LOAD covering virtual address va, or NULL. */
static inline const Elf32_Phdr *core_load_of(const struct core_view *cv, uint32_t va)
{
	const Elf32_Ehdr *eh = core_ehdr(cv);

	for (unsigned i = 0; eh && i < eh->e_phnum; i++) {
		const Elf32_Phdr *ph = core_phdr(cv, i);
		if (ph->p_type == PT_LOAD && va >= ph->p_vaddr && va - ph->p_vaddr < ph->p_memsz)
			return ph;
	}
	return NULL;
}

/* The n bytes the core holds at virtual address va, or NULL when a
 * segment's file data does not cover them. */
static inline const uint8_t *core_mem(const struct core_view *cv, uint32_t va, size_t n)
{
	const Elf32_Phdr *ph = core_load_of(cv, va);

	if (ph == NULL || va - ph->p_vaddr + n > ph->p_filesz ||
	    (uint64_t)ph->p_offset + ph->p_filesz > cv->len)
		return NULL;
	return cv->p + ph->p_offset + (va - ph->p_vaddr);
}

/* The k-th note (0 first) of the PT_NOTE segment: its type, name and
 * description; false past the last. */
static inline bool core_note_at(const struct core_view *cv, unsigned k, uint32_t *type,
				const char **name, const uint8_t **desc, size_t *desc_len)
{
	const Elf32_Ehdr *eh = core_ehdr(cv);

	for (unsigned i = 0; eh && i < eh->e_phnum; i++) {
		const Elf32_Phdr *ph = core_phdr(cv, i);
		size_t at, end;
		if (ph->p_type != PT_NOTE || (uint64_t)ph->p_offset + ph->p_filesz > cv->len)
			continue;
		for (at = ph->p_offset, end = at + ph->p_filesz; at + sizeof(Elf32_Nhdr) <= end;) {
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

#endif
