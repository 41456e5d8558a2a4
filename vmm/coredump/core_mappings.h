/* A dying process's mappings as the core writer takes them: the regions
 * read from the kernel's VMA tables (vmm/inspect/mappings.h, the one
 * source of mappings) with the path of each one's file beside it. */
#ifndef VMM_COREDUMP_CORE_MAPPINGS_H
#define VMM_COREDUMP_CORE_MAPPINGS_H

#include <stddef.h>

#include "../inspect/mappings.h"

struct core_mappings {
	const struct inspect_mapping *map; /* sorted by start */
	const char *const *path;           /* path[i]: map[i]'s file's path, or NULL */
	size_t n;
};

#endif
