/* Loading the guest kernel: an ELF64 x86-64 executable with a PVH entry note. */
#ifndef VMM_KERNEL_LOADER_H
#define VMM_KERNEL_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "guestmem.h"

#define KERNEL_MAX_SEGMENTS 16

struct kernel_image {
	uint32_t entry;    /* PVH 32-bit entry point (physical) */
	uint64_t load_lo;  /* lowest physical byte loaded */
	uint64_t load_hi;  /* one past the highest physical byte loaded (incl. bss) */
};

/* Validate the ELF image in buf[0..len) against guest RAM and, only if all of
 * it is valid, copy its PT_LOAD segments to their physical addresses.
 * Returns 0, or -1 with a one-line reason in err (nothing written to RAM). */
int kernel_load_buffer(void *buf, size_t len, struct guest_mem *gm,
		       struct kernel_image *img, char *err, size_t errlen);

/* Read the file at path and load it as kernel_load_buffer() does.
 * The reason names the file. */
int kernel_load_file(const char *path, struct guest_mem *gm,
		     struct kernel_image *img, char *err, size_t errlen);

#endif
