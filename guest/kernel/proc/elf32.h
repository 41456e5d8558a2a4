/* Checking a static i386 ELF executable before exec maps it. */
#ifndef PROC_ELF32_H
#define PROC_ELF32_H

#include <stdint.h>

#define ELF32_MAX_LOADS 16

struct elf32_load {
	uint32_t vaddr, memsz, filesz, offset;
	uint32_t prot; /* VM_READ | VM_WRITE | VM_EXEC */
};

struct elf32_info {
	uint32_t entry;
	uint32_t phdr_vaddr;  /* where the program headers are in memory (AT_PHDR) */
	uint16_t phnum;
	int nload;
	struct elf32_load load[ELF32_MAX_LOADS];
	uint32_t end;         /* highest loaded address (the heap starts above) */
};

/* Validate a file of size bytes, whose first avail bytes are at data, as
 * an ELF32 i386 ET_EXEC for cowvisor: header and program headers within
 * data, segments inside the file, loadable segments in user space, page
 * congruent, not overlapping, the entry in an executable segment, no
 * interpreter. Returns 0 and fills *info, or -ENOEXEC with a short reason
 * in *why. */
int elf32_check(const uint8_t *data, uint64_t avail, uint64_t size, struct elf32_info *info,
		const char **why);

#endif
