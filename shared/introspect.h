/* What the VMM reads of the guest kernel's state (found through the
 * kernel's symbol table). Fixed-width fields only, so the host's x86-64
 * build and the freestanding guest build agree. */
#ifndef SHARED_INTROSPECT_H
#define SHARED_INTROSPECT_H

#include <stdint.h>

/* The kernel's event counters (symbol "cv_counters"). */
struct cv_counters {
	uint64_t forks, vforks, execs, exits;
	uint64_t cow_faults;  /* write faults on copy-on-write pages */
	uint64_t cow_copies;  /* ... that copied the frame */
	uint64_t cow_reuses;  /* ... that found it unshared and kept it */
};
_Static_assert(sizeof(struct cv_counters) == 7 * 8, "cv_counters layout");

#endif
