/* What goes into the initrd besides an --initrd archive: PROGRAM, --add
 * files, and whole host directory trees (--rootfs DIR, --add DIR:GUEST),
 * gathered as a list of initrd_file entries for initrd_build. */
#ifndef VMM_ROOTFS_H
#define VMM_ROOTFS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "initrd.h"

/* A growing list of entries; every string in it is owned by the list. */
struct pack_list {
	struct initrd_file *v;
	size_t n, cap;
	struct pack_link *links;  /* (dev, ino) of hard-linked files -> entry */
	size_t nlinks, link_slots;
	uint64_t bytes;           /* regular files' data, for the progress note */
	size_t skipped;           /* special files left out (with a warning) */
	FILE *warn;               /* where warnings go (stderr); NULL: nowhere */
};

/* Add one host file (symlinks followed, as today's --add) at guest path
 * with permission bits mode. Returns 0 or -1 with err (out of memory). */
int pack_add_file(struct pack_list *l, const char *host, const char *guest, uint32_t mode,
		  char *err, size_t errlen);

/* Add the tree under host directory dir (itself followed if a symlink) at
 * guest directory guest ("/" for the root): directories, regular files and
 * symlinks with their permission bits (set-id and sticky too) and mtimes,
 * each regular file with st_nlink > 1 that is met again as a hard link of
 * the first one met. Owners are not kept: everything belongs to root.
 * Sockets, FIFOs and devices are skipped with a warning naming them.
 * Entries come in directory order sorted by name (a reproducible archive).
 * Returns 0, or -1 with a message naming the path in err (missing or
 * unreadable directory, not a directory, a path over 4095 bytes, an
 * unreadable symlink, out of memory). */
int pack_add_tree(struct pack_list *l, const char *dir, const char *guest, char *err, size_t errlen);

/* Release the list and its strings. */
void pack_list_free(struct pack_list *l);

#endif
