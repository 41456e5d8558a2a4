/* Transfers at a given offset (pread64, pwrite64, preadv, pwritev and
 * their "2" forms), shared by sys_file.c and sys_iovec.c. */
#ifndef SYS_POSITIONED_H
#define SYS_POSITIONED_H

#include <stdint.h>

#include "../file/file.h"

/* The open file behind fd for a positioned transfer: 0, -EBADF, or
 * -ESPIPE where there are no offsets (pipes, sockets, the console). */
long positioned(int fd, struct file **f);

/* The 64-bit offset of a call whose arg[3] (and on i386 arg[4], the high
 * half) holds it. */
int64_t positioned_offset(const uint64_t *arg);

/* Read or write len bytes of f at off (the file position kept; a write
 * to an O_APPEND file appends, as Linux): bytes or -errno. */
long positioned_read(struct file *f, uaddr_t ubuf, uint32_t len, uint64_t off);
long positioned_write(struct file *f, uaddr_t ubuf, uint32_t len, uint64_t off);

#endif
