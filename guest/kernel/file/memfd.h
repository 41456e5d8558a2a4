/* memfd_create's files: regular files in memory that no directory names,
 * "memfd:NAME" in /proc, with Linux's file seals (F_ADD_SEALS,
 * F_GET_SEALS): F_SEAL_SHRINK, F_SEAL_GROW, F_SEAL_WRITE,
 * F_SEAL_FUTURE_WRITE and F_SEAL_SEAL. */
#ifndef FILE_MEMFD_H
#define FILE_MEMFD_H

#include <stdbool.h>
#include <stdint.h>

#include "file.h"

/* A new memfd open for reading and writing in *out, named name (len bytes,
 * without "memfd:"), its seals F_SEAL_SEAL unless sealing: 0, -ENOSPC or
 * -ENFILE. */
long memfd_new(const char *name, uint32_t len, bool sealing, struct file **out);

/* fcntl's F_ADD_SEALS and F_GET_SEALS on f: 0 or the seals, or -errno
 * (-EPERM: not open for writing or F_SEAL_SEAL set, -EINVAL: not a memfd
 * or unknown seals, -EBUSY: F_SEAL_WRITE with a writable shared mapping). */
long memfd_add_seals(struct file *f, uint32_t seals);
long memfd_get_seals(struct file *f);

/* May n be written at [off, off + len) (0 or -EPERM, as its seals say)? */
int memfd_may_write(const struct fnode *n, uint64_t off, uint64_t len);

/* May n's size become size (0 or -EPERM)? */
int memfd_may_resize(const struct fnode *n, uint64_t size);

/* Do n's seals forbid new writable shared mappings? */
bool memfd_write_sealed(const struct fnode *n);

#endif
