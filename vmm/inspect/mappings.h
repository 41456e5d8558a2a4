/* The regions (VMAs) of a guest process's address space, read from the
 * kernel's own tables (shared/introspect_mm.h) from outside: the mappings
 * the statistics, the HTML report and ELF core dumps show (their one
 * source). */
#ifndef VMM_INSPECT_MAPPINGS_H
#define VMM_INSPECT_MAPPINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../shared/introspect_mm.h"
#include "guest_view.h"

#define MAPPINGS_MAX_VMA_SIZE 4096u  /* bytes of one VMA record we accept */

/* One region: [start, end) with its protection and what it is. */
struct inspect_mapping {
	uint64_t start, end;   /* page aligned, end exclusive */
	uint32_t prot;         /* PROT_READ 1 | PROT_WRITE 2 | PROT_EXEC 4 */
	enum cv_vma_kind kind;
	bool shared;           /* MAP_SHARED */
	bool file_whole;       /* an mmap of a file (a CV_VMA_FILE not from exec) */
	uint64_t file;         /* the file's identity (kernel address of its node), 0: none */
	uint64_t file_off;     /* a file's offset at start (0 unless inspect_mapping_has_file) */
};

/* The regions of the address space whose PML4 is at cr3 (a process's
 * cr3), sorted by start: a malloc'd array in *out (free it; NULL when
 * there are none) and its length in *n. Returns 1 when the kernel
 * publishes no address-space tables (cv_introspect.mm_layout 0: nothing
 * to read, not an error), 0 on success, -1 with the reason in err
 * (unusable layout, no address space with that cr3, unreadable or
 * inconsistent regions, out of memory). */
int inspect_mappings(const struct guest_view *v, uint64_t cr3, struct inspect_mapping **out,
		     size_t *n, char *err, size_t errlen);

/* What a region is, as the report names it: "text", "rodata" and "data"
 * (ELF segments exec loaded: executable, read-only, writable), "file" (an mmap of a file),
 * "heap", "stack", "mmap" (anonymous private), "shm" (anonymous shared),
 * "trampoline" (the kernel's FPU page); "unknown" otherwise. */
const char *inspect_mapping_kind(const struct inspect_mapping *m);

/* Is m backed by a file (its pages come from one; it may have a path)? */
bool inspect_mapping_has_file(const struct inspect_mapping *m);

/* prot as "rwx" with '-' for a missing right, into buf (4 bytes). */
const char *inspect_prot_string(uint32_t prot, char buf[4]);

#endif
