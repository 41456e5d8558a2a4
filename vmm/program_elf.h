/* What the host checks of PROGRAM beyond the guest kernel's i386 rules:
 * the ELF64 x86-64 rules (static ET_EXEC, or static-pie ET_DYN), and the
 * interpreter a dynamically linked program of either class asks for, for
 * the message that names it. Pure functions over the file's bytes. */
#ifndef VMM_PROGRAM_ELF_H
#define VMM_PROGRAM_ELF_H

#include <stddef.h>
#include <stdint.h>

/* x86-64 user space as Linux lays it out: segments lie in
 * [ELF64_USER_MIN, ELF64_USER_TOP) (mmap_min_addr, TASK_SIZE). */
#define ELF64_USER_MIN  0x10000ull
#define ELF64_USER_TOP  0x7ffffffff000ull
#define ELF64_MAX_LOADS 16

/* Is data[0..size) an ELF file of class 2 (64-bit)? */
int elf_is_64(const uint8_t *data, uint64_t size);

/* Validate data[0..size) as a static x86-64 executable for cowvisor, by
 * the rules the kernel applies to i386 ones: little-endian ELF64 version
 * 1, EM_X86_64, ET_EXEC or ET_DYN (static-pie), program headers inside
 * the file, no PT_INTERP, loadable segments inside the file and user
 * space, page congruent, not overlapping, the entry in an executable one.
 * Returns 0, or -1 with a short reason in *why. */
int elf64_check(const uint8_t *data, uint64_t size, const char **why);

/* The interpreter (PT_INTERP) of an ELF32 or ELF64 file into out (at most
 * outlen - 1 bytes, non-printable bytes as '?'): 1 when it has one, 0
 * when not (or the headers cannot be read). */
int elf_interp(const uint8_t *data, uint64_t size, char *out, size_t outlen);

#endif
