/* /proc: a pseudo file system on the tree's /proc directory (fs_pseudo),
 * made of nodes for the system's files (meminfo, uptime...), one
 * directory per process (stat, status, cmdline, comm, exe, cwd, maps,
 * fd/N), and "self". Contents are generated at open time in Linux's
 * formats. */
#ifndef PROCFS_PROCFS_H
#define PROCFS_PROCFS_H

#include <stdbool.h>
#include <stdint.h>

#include "../file/file.h"
#include "../fs/fs.h"

/* Make /proc (created when missing; an existing directory's entries are
 * hidden, as by a mount) the mount point. Once, at boot, after the tree. */
void procfs_mount(void);

/* Open a /proc node: directories list, files get their text generated,
 * fd/N of something without a node (pipe, console) opens that object
 * anew. 0 and the file in *out, or -errno (-ENOENT for a process gone,
 * -EACCES for writing). */
long procfs_open(struct fnode *node, uint32_t flags, struct file **out);

/* The text of a /proc link (self, exe, cwd, fd/N) into buf (size bytes,
 * not NUL-terminated); its length or -errno. */
long procfs_readlink(struct fnode *node, char *buf, uint32_t size);

/* The inode number an open file without a node (pipe, console) reports. */
uint32_t procfs_file_ino(const struct file *f);

#endif
