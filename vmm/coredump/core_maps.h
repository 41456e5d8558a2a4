/* The mappings of a dying guest process, as the core writer needs them,
 * behind one function (core_mappings) so their source can change: today
 * the guest kernel reports them one by one with the event. */
#ifndef VMM_COREDUMP_CORE_MAPS_H
#define VMM_COREDUMP_CORE_MAPS_H

#include <stddef.h>
#include <stdint.h>

#include "../../shared/coredump.h"

#define CORE_MAPS_MAX 65530u /* vm.max_map_count: more is a broken report */

/* One mapping: struct cv_core_map with its file's path. */
struct core_map {
	uint32_t start, end;  /* page aligned, end exclusive */
	uint32_t prot;        /* PROT_* bits */
	uint32_t kind;        /* enum cv_core_map_kind */
	uint32_t flags;       /* CV_CORE_MAP_SHARED */
	uint64_t file_off;
	char *path;           /* the file's path in the guest, or NULL */
};

/* The mappings reported so far for one process. */
struct core_maps {
	uint32_t pid;
	struct core_map *v;
	size_t n, cap;
};

/* Append one reported mapping of pid (a report for another pid starts the
 * list afresh). 0, or -1 with the reason in err (a malformed mapping: not
 * page aligned, empty, out of order or overlapping, too many; or out of
 * memory). path may be NULL. */
int core_maps_add(struct core_maps *m, uint32_t pid, const struct cv_core_map *cm,
		  const char *path, size_t path_len, char *err, size_t errlen);

/* Forget every mapping. */
void core_maps_clear(struct core_maps *m);

/* The mappings of the dying process pid in address order, and how many:
 * the one place the core writer gets them from. */
size_t core_mappings(const struct core_maps *m, uint32_t pid, const struct core_map **out);

#endif
