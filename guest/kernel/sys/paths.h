/* Path arguments of system calls. */
#ifndef SYS_PATHS_H
#define SYS_PATHS_H

#include <stdint.h>

#include "../mm/uaddr.h"

#include "../fs/fs.h"

#define AT_FDCWD_VALUE (-100)

/* Copy a user path into buf (FS_PATH_MAX bytes). 0, -EFAULT, -ENAMETOOLONG,
 * or -ENOENT for an empty path. */
long path_from_user(uaddr_t upath, char *buf);

/* The directory a path is relative to: the cwd for AT_FDCWD, else the
 * directory open at dirfd (ignored for absolute paths). 0 or -errno. */
long dir_of(int dirfd, const char *path, struct fnode **base);

#endif
