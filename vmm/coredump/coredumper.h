/* --core-dir: the VMM's side of core dumps. The guest kernel reports the
 * paths of a dying process's files, then the event (shared/coredump.h);
 * this reads its mappings from the kernel's VMA tables (the statistics'
 * source too) and writes DIR/core.PID as Linux would (an existing file or symlink of that
 * name is replaced, never followed) and says on stderr what it did or why
 * it could not. Nothing here stops the run. */
#ifndef VMM_COREDUMP_COREDUMPER_H
#define VMM_COREDUMP_COREDUMPER_H

#include <stddef.h>

#include "../../shared/coredump.h"
#include "../guestmem.h"
#include "core_files.h"

struct coredumper {
	int dir_fd;              /* the directory, open */
	const char *dir;         /* its name, for messages */
	uint64_t root_vaddr;     /* the kernel's introspection root (kernel virtual) */
	struct core_files files; /* paths reported for the process about to dump */
};

/* Open DIR for core files of a guest whose introspection root is at
 * kernel virtual address root_vaddr (introspect_locate); 0, or -1 with
 * the reason in err (missing, not a directory). Whether it is writable
 * shows when a core is written. */
int coredumper_open(struct coredumper *cd, const char *dir, uint64_t root_vaddr, char *err,
		    size_t errlen);

/* Release it. */
void coredumper_close(struct coredumper *cd);

/* The path of file id that the dying process pid maps (CV_HC_CORE_FILE).
 * 0, or -1 (a malformed report: said on stderr, that core will not be
 * written). */
int coredumper_file(struct coredumper *cd, uint32_t pid, uint64_t id, const char *path,
		    size_t path_len);

/* Write the core of the process ev describes (CV_HC_CORE_DUMP) from guest
 * memory gm; CV_CORE_WRITTEN or 0, with a line on stderr either way. */
int coredumper_dump(struct coredumper *cd, const struct guest_mem *gm,
		    const struct cv_core_event *ev);

#endif
