/* The in-memory file tree: unpacked from the initrd (cpio newc), then
 * writable. Nodes (struct fnode, Linux's inodes) hold attributes and
 * contents; names (struct fdent, Linux's dentries) put them in directories,
 * so a file may have several names (hard links). Regular-file data lives
 * in whole pages the kernel can map into processes (a page index per file,
 * pages.h); the initrd's page-aligned file data is adopted in place. */
#ifndef FS_FS_H
#define FS_FS_H

#include <stdbool.h>
#include <stdint.h>

#include "pages.h"

/* File types and permission bits, as in Linux's stat.st_mode. */
#define FS_IFMT   0170000u
#define FS_IFSOCK 0140000u
#define FS_IFLNK  0120000u
#define FS_IFREG  0100000u
#define FS_IFBLK  0060000u
#define FS_IFDIR  0040000u
#define FS_IFCHR  0020000u
#define FS_IFIFO  0010000u
#define FS_ISDIR(m) (((m) & FS_IFMT) == FS_IFDIR)
#define FS_ISREG(m) (((m) & FS_IFMT) == FS_IFREG)
#define FS_ISLNK(m) (((m) & FS_IFMT) == FS_IFLNK)
#define FS_ISCHR(m) (((m) & FS_IFMT) == FS_IFCHR)
#define FS_ISFIFO(m) (((m) & FS_IFMT) == FS_IFIFO)

#define FS_NAME_MAX    255
#define FS_PATH_MAX    4096
#define FS_SYMLOOP_MAX 40
#define FS_LINK_MAX    65000      /* hard links to one file (ext4's), EMLINK above */
#define FS_FILE_MAX    (1ull << 40) /* the largest file size (MAX_LFS_FILESIZE is larger; EFBIG above) */
#define FS_BLOCK       4096u      /* st_blksize, statfs f_bsize */
#define FS_TMPFS_MAGIC 0x01021994u

/* A time stamp as stat reports it. */
struct fs_time {
	int64_t sec;
	uint32_t nsec;
};

struct fnode;

/* A name in a directory. */
struct fdent {
	const char *name;     /* not NUL-terminated; namelen bytes */
	uint32_t namelen;
	uint32_t name_cap;    /* bytes allocated for name (fs_free); 0: in the archive */
	struct fnode *dir;    /* the directory holding it (the root's: the root) */
	struct fnode *node;   /* what it names */
	struct fdent *next, *prev; /* the directory's entries in creation order */
	struct fdent *hnext;  /* next in the same chain of the name index */
	uint32_t hash;        /* of (dir, name), for the name index */
	uint64_t cookie;      /* its listing position (>= 2), rising along the list */
};

/* A pseudo file system mounted on a directory of the tree (procfs): its
 * nodes are made by it, not kept in the tree's index or counted by
 * fs_get/fs_put. Each carries its own entry (struct fdent: name and
 * directory) so paths, ".." and listings work as in the tree. Lookup and
 * listing in a node that has one go to it; its links are "magic" (followed
 * to the node they stand for, not through text). Nothing can be created,
 * linked, removed or renamed in it (fs_create and the others refuse). */
struct fs_pseudo {
	/* The entry name[0..len) of directory dir, or NULL (-ENOENT). */
	struct fdent *(*lookup)(struct fnode *dir, const char *name, uint64_t len);
	/* The first entry of dir at listing position pos (>= 2) or later,
	 * its cookie set to its position; NULL past the end. */
	struct fdent *(*entry)(struct fnode *dir, uint64_t pos);
	/* Where link leads: a node, or link itself when what it stands for
	 * has no node (a pipe: opening link reopens it); -errno. */
	int (*follow)(struct fnode *link, struct fnode **out);
};

struct fnode {
	uint32_t mode;        /* FS_IF* | permission bits (and S_ISUID, S_ISGID, S_ISVTX) */
	uint32_t ino;         /* from 1 (the root), never reused */
	uint32_t uid, gid, nlink;
	uint32_t rdev;        /* device nodes: Linux's new_encode_dev number */
	struct fs_time atime, mtime, ctime;
	uint64_t size;        /* bytes of data (symlink: target length) */
	struct fs_pages pages;/* regular files: the data, by page */
	const char *link;     /* symlinks: the target (size bytes); a memfd: its name
	                         ("memfd:NAME", NUL-terminated) */
	uint32_t link_cap;    /* bytes allocated for link; 0: in the archive */
	bool memfd;           /* made by memfd_create: never linked, seals apply */
	uint8_t seals;        /* a memfd's F_SEAL_* (file/memfd.c) */
	uint32_t shared_maywrite; /* MAP_SHARED mappings that may write (F_SEAL_WRITE's EBUSY) */
	uint32_t refs;        /* holders besides its names: open files, cwds, programs, mappings */
	struct fdent *dent;   /* a name of it: a directory's only one (kept, out of the tree,
	                         after rmdir: ".." still works); NULL when a
	                         non-directory's is unlinked */
	struct fdent *child, *last_child; /* directories: entries, by cookie */
	uint64_t next_cookie; /* directories: the cookie of the next entry made */
	uint32_t mappers;     /* regular files: mappings of it (truncation unmaps) */
	int32_t writecount;   /* regular files, as Linux's i_writecount: > 0 holders of
	                         write access, < 0 processes running it as their program */
	void *priv;           /* the owner of a special node (a bound socket) */
	const struct fs_pseudo *pseudo; /* a pseudo fs's mount point and its nodes */
	bool pseudo_node;     /* made by the pseudo fs (not the mount point): no references */
};

/* A place in a directory's listing: positions 0 and 1 are "." and "..",
 * entries have their cookies. The cursor remembers the entry reached, and
 * the directory's removal count tells when that entry may be gone. */
struct fs_dir_cursor {
	uint64_t pos;         /* the position of ent; 0: no cursor yet */
	struct fdent *ent;    /* the entry there, NULL past the last one */
	uint64_t removals;    /* fs_removals() when it was taken */
};

/* ---- what the kernel provides (host unit tests provide their own) ---- */

/* Zeroed memory for nodes, names and link targets (at most 4096 bytes),
 * or NULL; fs_free gives back what fs_alloc gave, with its size. */
void *fs_alloc(uint64_t size);
void fs_free(void *p, uint64_t size);

/* The time now, for time stamps. */
void fs_now(struct fs_time *t);

/* Frames kept back from file data for the rest of the kernel (statfs's
 * f_bfree - f_bavail). Not used by fs/ itself. */
uint64_t fs_reserved_frames(void);

/* ---- the tree ---- */

/* Parse a cpio newc archive at archive[0..size) into a fresh tree (which
 * replaces any earlier one); more archives may follow a TRAILER!!! and add
 * to the tree, as with Linux's initramfs. Runs of NUL bytes between entries
 * (in 4-byte steps) are skipped. Hard links (regular files of one archive
 * with one ino, nlink > 1) share their data and inode number. Parent directories missing from the archive are
 * created (mode 0755). Time and memory are linear in the archive: names
 * are found through a hash index (index.h). File data is adopted where it
 * is page aligned, copied into new pages otherwise. Returns 0, or -1 with
 * a reason in *why (a static string) when the archive is malformed: bad
 * magic, a header or name or data running past the end, a bad hex field,
 * a name without its NUL, an empty or ".."-containing path, an entry under
 * a non-directory, no TRAILER!!! entry, or bytes after one that start no
 * archive; or out of memory. On failure the earlier tree stays in place. */
int fs_unpack(const uint8_t *archive, uint64_t size, const char **why);

/* The root directory (an empty directory before fs_unpack). */
struct fnode *fs_root(void);

/* Resolve path (absolute, or relative to cwd; cwd NULL means the root).
 * Symlinks in the middle are always followed; the last component is
 * followed when follow_last is true. "." and ".." work; ".." of the root
 * is the root. A trailing slash requires a directory. Returns 0 and the
 * node in *out, or a negative Linux errno: -ENOENT (missing, or empty
 * path, or cwd removed), -ENOTDIR (a component is not a directory),
 * -ELOOP (more than FS_SYMLOOP_MAX links), -ENAMETOOLONG (a component
 * longer than FS_NAME_MAX or the path longer than FS_PATH_MAX). */
int fs_lookup(struct fnode *cwd, const char *path, bool follow_last, struct fnode **out);

/* Where the last component of path goes: resolve all but it (as
 * fs_lookup) into *dir, a directory, and point *name, *len at it (inside
 * path; "." when path is "/"). Trailing slashes are not part of the name;
 * *slash tells whether there were any. 0 or -errno as fs_lookup. */
int fs_lookup_parent(struct fnode *cwd, const char *path, struct fnode **dir,
		     const char **name, uint32_t *len, bool *slash);

/* The entry called name[0..len) in directory dir (a pseudo directory's
 * own lookup for one), or NULL. */
struct fdent *fs_find(const struct fnode *dir, const char *name, uint32_t len);

/* The first entry of directory dir at position pos or later (pos >= 2),
 * NULL past the end (a pseudo directory lists itself); in O(1) when the cursor is at or just before it and
 * nothing was removed since. The cursor is left at the entry. */
struct fdent *fs_dir_entry(const struct fnode *dir, uint64_t pos, struct fs_dir_cursor *c);

/* Write the absolute path of node into buf (size bytes, NUL-terminated);
 * a memfd's is "/memfd:NAME (deleted)", as Linux shows it. Returns its
 * length, -ERANGE when it does not fit, -ENOENT when node has no name any
 * more (unlinked). */
int fs_path(const struct fnode *node, char *buf, uint64_t size);

/* ---- changing the tree (tree.c). Names are checked: -ENAMETOOLONG over
 * FS_NAME_MAX, "." and ".." refused (-EEXIST to create, -EINVAL, -EBUSY
 * or -ENOTEMPTY as Linux says elsewhere). Inside a pseudo fs nothing
 * changes, as in Linux's procfs: creating is -ENOENT (-EEXIST for a name
 * it has), removing and renaming -EPERM, linking -EXDEV (also across its
 * mount point, as renaming); the mount point itself is -EBUSY. ---- */

/* fs API: make a new node of mode (type and permission bits, umask
 * applied by the caller) called name[0..len) in directory dir; rdev for
 * device nodes, target[0..size) for symlinks (else NULL). Owned by uid and
 * gid, times now. Returns 0 and the node (held by its name only: take a
 * reference with fs_get to keep it past an unlink), or -EEXIST, -ENOENT
 * (dir was removed), -ENOTDIR, -EMLINK (a directory's link count),
 * -ENOSPC (out of memory), -ENAMETOOLONG. Used for files, directories,
 * symlinks, FIFOs, devices and sockets (S_IFSOCK: bind). */
int fs_create(struct fnode *dir, const char *name, uint32_t len, uint32_t mode, uint32_t rdev,
	      const char *target, uint32_t size, struct fnode **out);

/* A regular file with mode and no name (memfd_create), named name in
 * /proc (len bytes, copied), held once for the caller: 0 or -ENOSPC. */
int fs_create_unnamed(uint32_t mode, const char *name, uint32_t len, struct fnode **out);

/* One more name for the non-directory node: name in dir. 0, -EEXIST,
 * -EPERM (a directory), -EMLINK, -ENOENT (node or dir removed), -ENOSPC. */
int fs_link(struct fnode *node, struct fnode *dir, const char *name, uint32_t len);

/* Remove the non-directory entry name from dir (unlink): 0, -ENOENT,
 * -EISDIR. Remove the empty directory entry (rmdir, want_dir): 0, -ENOENT,
 * -ENOTDIR, -ENOTEMPTY, -EBUSY (the root). The node lives on while it has
 * names or references. */
int fs_remove(struct fnode *dir, const char *name, uint32_t len, bool want_dir);

/* rename(2) with Linux's rules: the entry `from` in fdir becomes `to` in
 * tdir, replacing what is there (a non-directory by a non-directory, an
 * empty directory by a directory). noreplace: -EEXIST instead. Errors:
 * -ENOENT, -EISDIR, -ENOTDIR, -ENOTEMPTY, -EINVAL (a directory into its
 * own subtree), -EBUSY (the root), -EMLINK, -ENOSPC. */
int fs_rename(struct fnode *fdir, const char *from, uint32_t flen, struct fnode *tdir,
	      const char *to, uint32_t tlen, bool noreplace);

/* Take or drop a reference (open file, cwd, program, mapping); the node is
 * freed when it has neither names nor references. A pseudo fs's nodes are
 * not counted (their fs keeps them). */
struct fnode *fs_get(struct fnode *n);
void fs_put(struct fnode *n);

/* Set the change time (and with data, the modification time) to now. */
void fs_touch(struct fnode *n, bool data);

/* Nodes in the tree now. */
uint64_t fs_node_count(void);

/* Entries removed from any directory since boot (cursors compare it). */
uint64_t fs_removals(void);

/* ---- who may write a regular file (write_access.c) ---- */

/* Take write access to n (an open for writing, a truncation): 0, or
 * -ETXTBSY while a process runs n as its program. */
int fs_get_write(struct fnode *n);
void fs_put_write(struct fnode *n);

/* Take "runs as a program" on n (exec, fork's copy of the program): 0, or
 * -ETXTBSY while n is open for writing. */
int fs_deny_write(struct fnode *n);
void fs_allow_write(struct fnode *n);

/* ---- regular-file data (data.c) ---- */

/* Copy up to len bytes at off out of the file into buf, through copy_out
 * (which returns 0 or -errno, e.g. -EFAULT): bytes copied (short at EOF),
 * or the error when nothing was. Holes read as zeros. */
typedef int (*fs_copy_fn)(void *ctx, uint64_t done, void *kbuf, uint32_t n);
int64_t fs_read(struct fnode *n, uint64_t off, uint64_t len, fs_copy_fn copy_out, void *ctx);

/* Copy len bytes into the file at off through copy_in, growing it: bytes
 * written, or -ENOSPC / -EFBIG / the copy's error when nothing was. */
int64_t fs_write(struct fnode *n, uint64_t off, uint64_t len, fs_copy_fn copy_in, void *ctx);

/* Set the size: pages beyond it are freed, the tail of the last page
 * zeroed; growing leaves a hole. 0, -EFBIG, -ENOSPC. */
int fs_truncate(struct fnode *n, uint64_t size);

/* The page holding byte off of the file (a zeroed one made for a hole):
 * its physical address, 0 when out of pages. */
uint64_t fs_data_page(struct fnode *n, uint64_t off);

#endif
