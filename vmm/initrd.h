/* The initrd: a cpio "newc" archive built in memory from PROGRAM and the
 * --add files, or read from --initrd, and placed at the top of guest RAM
 * as PVH module 0. */
#ifndef VMM_INITRD_H
#define VMM_INITRD_H

#include <stddef.h>
#include <stdint.h>

struct initrd {
	uint8_t *data; /* malloc'd archive */
	size_t size;
};

/* File types of initrd_file.type (as in st_mode). */
#define INITRD_REG 0100000u
#define INITRD_DIR 0040000u
#define INITRD_LNK 0120000u

struct initrd_file {
	const char *host;   /* file on the host (regular files; else for messages) */
	const char *guest;  /* absolute path in the guest */
	uint32_t mode;      /* permission bits for the guest (07777, e.g. 0755) */
	uint32_t type;      /* INITRD_DIR, INITRD_LNK, or INITRD_REG (0 also) */
	const char *target; /* INITRD_LNK: the link's target text */
	uint32_t mtime;     /* seconds since the epoch; 0 for files from --add */
	size_t link_of;     /* hard link: 1 + index in files[] of the group's
			       first file (which carries the data); 0: none */
};

/* Build an archive holding files[0..n): each host file's bytes at its guest
 * path (a directory or symlink as itself), every parent directory not given
 * as its own entry (mode 0755, once each), and the TRAILER!!! entry. All
 * entries belong to uid 0 and gid 0. A hard-link group shares one inode
 * number and link count; its data is written once, with its first entry
 * (the later entries have size 0: Linux's initramfs and GNU cpio join them).
 * A directory given explicitly may come after files under it: it sets the
 * directory's mode and time. Each regular file's data starts on a 4096-byte
 * boundary of the archive (NUL bytes are inserted between entries for it;
 * the guest kernel skips them), so that placed page-aligned in RAM it can
 * be mapped without copying. Symlinks on the host are followed. Returns 0,
 * or -1 with a message naming the file and the problem in err (missing
 * file, a directory, unreadable, a guest path that is not absolute,
 * contains "..", or a component longer than 255 bytes, two files at one
 * guest path, an archive over 1 GiB). */
int initrd_build(struct initrd *rd, const struct initrd_file *files, size_t n,
		 char *err, size_t errlen);

/* Read an existing archive (e.g. from GNU cpio -o -H newc) and check that
 * it parses as newc up to its TRAILER!!! (several archives one after the
 * other too, as Linux's initramfs takes them). Returns 0 or -1 with err. */
int initrd_load(struct initrd *rd, const char *path, char *err, size_t errlen);

/* Check that data[0..size) is one or more well-formed newc archives
 * (070701 or 070702), each ending with TRAILER!!! (NUL padding between
 * entries and archives allowed), read by the guest kernel's own reader
 * (guest/common/newc.h), so that what passes is what the kernel unpacks.
 * Returns 0 or -1 with a reason and the byte offset in err. */
int initrd_validate(const uint8_t *data, size_t size, char *err, size_t errlen);

/* Append the archive more after rd's, starting on a 4096-byte boundary
 * (NUL padding), so that more's page-aligned file data stays aligned.
 * Returns 0 or -1 with err (too large, out of memory). */
int initrd_append(struct initrd *rd, const struct initrd *more, char *err, size_t errlen);

void initrd_free(struct initrd *rd);

#endif
