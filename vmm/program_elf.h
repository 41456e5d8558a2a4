/* The interpreter a dynamically linked program of either ELF class asks
 * for, read on the host for the message that names it (the rules that
 * accept or refuse a program are the guest kernel's: proc/elf.h). */
#ifndef VMM_PROGRAM_ELF_H
#define VMM_PROGRAM_ELF_H

#include <stddef.h>
#include <stdint.h>

/* The interpreter (PT_INTERP) of an ELF32 or ELF64 file into out (at most
 * outlen - 1 bytes, non-printable bytes as '?'): 1 when it has one, 0
 * when not (or the headers cannot be read). */
int elf_interp(const uint8_t *data, uint64_t size, char *out, size_t outlen);

#endif
