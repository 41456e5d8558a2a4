/* fcntl(2)'s record-lock commands: the caller's struct flock in its ABI's
 * layout, checked and turned into file/rlock.c's ranges. */
#ifndef SYS_FCNTL_LOCK_H
#define SYS_FCNTL_LOCK_H

#include <stdint.h>

#include "../mm/uaddr.h"

struct file;

/* F_GETLK, F_SETLK, F_SETLKW, their i386 64 forms and the F_OFD_ ones on
 * f with the struct at uarg: 0 or -errno (EINVAL, EBADF, EFAULT,
 * EOVERFLOW, EAGAIN, EDEADLK, EINTR, ENOLCK). The caller has rejected the
 * commands its system call does not take. */
long fcntl_lock(struct file *f, uint32_t cmd, uaddr_t uarg);

#endif
