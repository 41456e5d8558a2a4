/* --strace: one line per guest system call on stderr, strace style:
 *   [1] open("/etc/passwd", O_RDONLY) = 3
 *   [1] read(3, "root:x:0:0:root:/root:/bin/bash\n"..., 4096) = 1234
 *   [2] open("/nope", O_RDONLY) = -1 ENOENT (No such file or directory)
 * The guest kernel reports each call (struct cv_strace_event); user memory
 * is read through the caller's page tables with the checked accessor. */
#ifndef VMM_STRACE_H
#define VMM_STRACE_H

#include <stdio.h>

#include "../shared/hypercall.h"
#include "guestmem.h"
#include "strace_args.h" /* STRACE_STRING_MAX */

struct strace;

/* A tracer writing to out. NULL on allocation failure. */
struct strace *strace_new(FILE *out);

/* Take one event. An ENTRY event is held until the EXIT event of the same
 * pid and call, then printed whole; an EXIT without a held ENTRY is
 * printed at once. */
void strace_event(struct strace *st, const struct cv_strace_event *ev,
		  const struct guest_mem *gm);

/* Print the calls still held (they never returned, e.g. exit_group) with
 * " = ?", and free the tracer. */
void strace_free(struct strace *st);

/* Format one completed call into buf (for tests and for strace_event):
 * "[pid] name(args) = result" without the newline. Returns the length
 * that was needed (as snprintf). */
int strace_format(char *buf, size_t len, const struct cv_strace_event *entry,
		  const struct cv_strace_event *exit, const struct guest_mem *gm);

#endif
