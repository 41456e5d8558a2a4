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

struct initrd_file {
	const char *host;  /* file on the host */
	const char *guest; /* absolute path in the guest */
	uint32_t mode;     /* permission bits for the guest (e.g. 0755) */
};

/* Build an archive holding files[0..n): each host file's bytes at its guest
 * path, every parent directory as its own entry (mode 0755, once each), and
 * the TRAILER!!! entry. Each regular file's data starts on a 4096-byte
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
 * it parses as newc up to its TRAILER!!!. Returns 0 or -1 with err. */
int initrd_load(struct initrd *rd, const char *path, char *err, size_t errlen);

/* Check that data[0..size) is a well-formed newc archive ending with
 * TRAILER!!! (NUL padding between entries allowed). Returns 0 or -1 with a
 * reason and the byte offset in err. */
int initrd_validate(const uint8_t *data, size_t size, char *err, size_t errlen);

void initrd_free(struct initrd *rd);

#endif
