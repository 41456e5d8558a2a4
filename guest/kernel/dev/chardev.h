/* Character devices: the nodes of /dev, and the open file a device node
 * gives. Device numbers are Linux's (Documentation/admin-guide/devices.txt). */
#ifndef DEV_CHARDEV_H
#define DEV_CHARDEV_H

#include <stdint.h>

#include "../mm/uaddr.h"

#include "../file/file.h"
#include "../fs/fs.h"

/* Linux's device number as struct stat64 carries it (new_encode_dev, for
 * minors below 256). */
#define DEV_NUM(major, minor) ((uint32_t)(major) << 8 | (uint32_t)(minor))
#define DEV_MAJOR(rdev)       ((rdev) >> 8)
#define DEV_MINOR(rdev)       ((rdev) & 0xffu)

#define DEV_NULL    DEV_NUM(1, 3)
#define DEV_ZERO    DEV_NUM(1, 5)
#define DEV_FULL    DEV_NUM(1, 7)
#define DEV_RANDOM  DEV_NUM(1, 8)
#define DEV_URANDOM DEV_NUM(1, 9)
#define DEV_TTY     DEV_NUM(5, 0)
#define DEV_CONSOLE DEV_NUM(5, 1)

/* The operations of the memory devices (dev/mem.c). */
extern const struct file_ops null_fops, zero_fops, full_fops, random_fops;

/* Opening a device node is dev_open (file/file.h): one device table here. */

/* Is the open file f a device whose pages map as anonymous memory
 * (/dev/zero)? */
bool chardev_maps_anon(const struct file *f);

/* Make /dev (a directory of the tree, created when missing) hold the
 * device nodes and the links fd, stdin, stdout, stderr into /proc/self/fd,
 * made through fs_create as mknod and symlink make them. Names the tree
 * already has there are kept as they are. */
void devfs_populate(void);

/* Fill user memory [ubuf, ubuf+len) of the current process with random
 * bytes, a page at a time; a signal (fatal_only: only a fatal one) ends it
 * early with what was done. Bytes filled or -EFAULT. */
long random_to_user(uaddr_t ubuf, uint32_t len, bool fatal_only);

#endif
