/* Writing the ELF core file of a guest process from outside, in its
 * ABI's class (i386: ELFCLASS32/EM_386; x86-64: ELFCLASS64/EM_X86_64): the
 * notes, and one PT_LOAD per mapping whose contents are read through the
 * page walker under the process's own page tables (so copy-on-write pages
 * appear as that process sees them). Which mappings carry their contents
 * follows Linux's default coredump_filter (0x33): written-to private and
 * anonymous shared memory whole, never-written file mappings not at all
 * (the first page only when it holds an ELF header), file-backed shared
 * mappings not; pages not present are holes (they read as zeros). */
#ifndef VMM_COREDUMP_CORE_FILE_H
#define VMM_COREDUMP_CORE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../shared/coredump.h"
#include "../guestmem.h"
#include "../inspect/pagewalk.h"
#include "core_mappings.h"

/* What a write did. */
struct core_result {
	uint64_t file_size;     /* bytes of the core file, holes included */
	uint64_t pages;         /* pages of memory written */
	size_t loads;           /* PT_LOAD headers */
	uint64_t problems;      /* page-table entries the walk refused */
	struct pw_problem first; /* the first of them */
	bool truncated;         /* the walk's bounds stopped it */
};

/* Write the core of the process ev describes, with its mappings, to fd
 * (open for writing, at offset 0). 0 when the file is complete (pages
 * behind refused page-table entries are then left out, see res); -1 with
 * the reason in err when nothing usable was written (a write error such
 * as ENOSPC, a page-table root outside RAM, no memory). */
int core_write(int fd, const struct guest_mem *gm, const struct cv_core_event *ev,
	       const struct core_mappings *maps, struct core_result *res,
	       char *err, size_t errlen);

#endif
