/* --core-dir: the VMM's side of core dumps. The guest kernel reports a
 * dying process's mappings, then the event (shared/coredump.h); this
 * writes DIR/core.PID as Linux would (an existing file or symlink of that
 * name is replaced, never followed) and says on stderr what it did or why
 * it could not. Nothing here stops the run. */
#ifndef VMM_COREDUMP_COREDUMPER_H
#define VMM_COREDUMP_COREDUMPER_H

#include <stddef.h>

#include "../../shared/coredump.h"
#include "../guestmem.h"
#include "core_maps.h"

struct coredumper {
	int dir_fd;            /* the directory, open */
	const char *dir;       /* its name, for messages */
	struct core_maps maps; /* reported for the process about to dump */
};

/* Open DIR for core files; 0, or -1 with the reason in err (missing, not a
 * directory). Whether it is writable shows when a core is written. */
int coredumper_open(struct coredumper *cd, const char *dir, char *err, size_t errlen);

/* Release it. */
void coredumper_close(struct coredumper *cd);

/* One mapping of the dying process pid (CV_HC_CORE_MAP). 0, or -1 (a
 * malformed mapping: reported on stderr, that core will not be written). */
int coredumper_map(struct coredumper *cd, uint32_t pid, const struct cv_core_map *m,
		   const char *path, size_t path_len);

/* Write the core of the process ev describes (CV_HC_CORE_DUMP) from guest
 * memory gm; CV_CORE_WRITTEN or 0, with a line on stderr either way. */
int coredumper_dump(struct coredumper *cd, const struct guest_mem *gm,
		    const struct cv_core_event *ev);

#endif
