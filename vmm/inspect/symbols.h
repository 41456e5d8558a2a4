/* Symbol lookup in an ELF file's symbol table (the guest kernel's). */
#ifndef VMM_INSPECT_SYMBOLS_H
#define VMM_INSPECT_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

/* Find the defined symbol name in the SHT_SYMTAB of the ELF file at
 * kernel_path: its value (for kernel.elf, a kernel virtual address) and
 * size. Returns 0, or -1 with a message in err (file unreadable, not ELF,
 * no symbol table, symbol missing). */
int kernel_symbol(const char *kernel_path, const char *name, uint64_t *vaddr,
		  uint64_t *size, char *err, size_t errlen);

#endif
