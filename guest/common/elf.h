/* Checking a static i386 or x86-64 ELF executable before exec maps it. */
#ifndef GUEST_COMMON_ELF_H
#define GUEST_COMMON_ELF_H

#include <stdint.h>

#include "../../shared/abi.h"

#define ELF_MAX_LOADS 16
/* Where Linux x86-64 puts an ET_DYN program without randomization
 * (ELF_ET_DYN_BASE, 2/3 of the 47-bit user space, page aligned). */
#define ELF_ET_DYN_BASE_64 0x555555554000ull
/* Linux's ELF_ET_DYN_BASE for an i386 program (mmap_is_ia32). Linux puts
 * a PIE with an interpreter there; one without (static-pie) goes to the
 * mmap area: both ABIs place it at the PIE base here, which no program
 * output shows but /proc/self/maps. */
#define ELF_ET_DYN_BASE_32 0x400000ull

struct elf_load {
	uint64_t vaddr, memsz, filesz, offset; /* vaddr: with the load bias */
	uint32_t prot; /* VM_READ | VM_WRITE | VM_EXEC */
};

struct elf_info {
	enum cv_abi abi;      /* from the class and machine */
	uint64_t entry;
	uint64_t phdr_vaddr;  /* where the program headers are in memory (AT_PHDR) */
	uint16_t phnum, phent;
	int nload;
	struct elf_load load[ELF_MAX_LOADS];
	uint64_t end;         /* highest loaded address, page aligned (the heap starts there) */
};

/* Validate a file of size bytes, whose first avail bytes are at data, as
 * a static executable for cowvisor: ELF32 i386 or ELF64 x86-64, ET_EXEC
 * or static-pie ET_DYN (placed at ELF_ET_DYN_BASE_32 or _64). Header and
 * program headers within data, segments inside the file, loadable segments
 * in the ABI's user space, page congruent, not overlapping, the entry in
 * an executable segment, no interpreter. Returns 0 and fills *info, or
 * -ENOEXEC with a short reason in *why (for an interpreter, *interp
 * points at its name in data, when it lies there). */
int elf_check(const uint8_t *data, uint64_t avail, uint64_t size, struct elf_info *info,
	      const char **why, const char **interp);

#endif
