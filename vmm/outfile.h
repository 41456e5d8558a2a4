/* Output files the VMM writes (--stats-json FILE), written as other tools
 * write theirs but never destroying what they must not:
 * - a regular file, or a new one: written to a temporary created
 *   exclusively (O_EXCL, a unique name, mode 0666 less the umask) beside it
 *   and renamed over it at the end, so FILE is whole or untouched; a
 *   symlink is followed, its target replaced and the link kept;
 * - a device or FIFO: opened and written directly (no rename, so the node
 *   stays); a FIFO without a reader is refused instead of waited for, and
 *   writes give up once the run is stopping (--timeout, SIGTERM);
 * - a directory or socket: refused. */
#ifndef VMM_OUTFILE_H
#define VMM_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct outfile {
	FILE *f;        /* where to write; NULL when not open */
	int fd;
	char *name;     /* FILE as given, for messages */
	char *target;   /* the path the temporary is renamed to; NULL: written directly */
	char *tmp;      /* the temporary's path; NULL: written directly */
	int error;      /* errno of the first failed write, or 0 */
};

/* Open path for writing as described above. Returns 0, or -1 with the
 * reason in err (nothing is created then). */
int outfile_open(struct outfile *o, const char *path, char *err, size_t errlen);

/* Finish: flush, and for a regular file fsync and rename the temporary
 * over the target. Returns 0, or -1 with err (the temporary is removed,
 * the target left as it was). o is closed either way. */
int outfile_commit(struct outfile *o, char *err, size_t errlen);

/* Give up: close, and remove the temporary if there is one. Harmless on a
 * closed outfile. */
void outfile_abort(struct outfile *o);

#endif
