/* The in-memory read-only file tree, unpacked from the initrd (cpio newc).
 * File data is not copied: nodes point into the initrd where it lies in
 * RAM. cowvisor's packer places every regular file's data on a 4 KiB
 * boundary so it can be mapped into processes directly; archives from
 * other tools work too (their pages are copied when mapped). */
#ifndef FS_FS_H
#define FS_FS_H

#include <stdbool.h>
#include <stdint.h>

/* File types and permission bits, as in Linux's stat.st_mode. */
#define FS_IFMT   0170000u
#define FS_IFDIR  0040000u
#define FS_IFREG  0100000u
#define FS_IFLNK  0120000u
#define FS_IFCHR  0020000u
#define FS_IFIFO  0010000u
#define FS_ISDIR(m) (((m) & FS_IFMT) == FS_IFDIR)
#define FS_ISREG(m) (((m) & FS_IFMT) == FS_IFREG)
#define FS_ISLNK(m) (((m) & FS_IFMT) == FS_IFLNK)
#define FS_ISCHR(m) (((m) & FS_IFMT) == FS_IFCHR)

#define FS_NAME_MAX   255
#define FS_PATH_MAX   4096
#define FS_SYMLOOP_MAX 40

struct fnode;

/* A pseudo file system mounted on a directory of the tree (procfs): its
 * nodes are made by it, not kept in the tree's index. Lookup and listing
 * in a node that has one go to it; its links are "magic" (followed to
 * the node they stand for, not through text). */
struct fs_pseudo {
	/* The entry name[0..len) of directory dir, or NULL (-ENOENT). */
	struct fnode *(*lookup)(struct fnode *dir, const char *name, uint64_t len);
	/* The entry at listing position pos (>= 2) of dir, NULL past the end. */
	struct fnode *(*entry)(struct fnode *dir, uint64_t pos);
	/* Where link leads: a node, or link itself when what it stands for
	 * has no node (a pipe: opening link reopens it); -errno. */
	int (*follow)(struct fnode *link, struct fnode **out);
};

struct fnode {
	uint32_t mode;        /* FS_IF* | permission bits */
	uint32_t ino;         /* from 1 (the root), unique */
	uint32_t uid, gid, nlink, mtime;
	uint64_t size;        /* bytes of data (symlink: target length) */
	const uint8_t *data;  /* the bytes, where they lie in memory */
	const char *name;     /* not NUL-terminated; namelen bytes */
	uint32_t namelen;
	struct fnode *parent; /* the root is its own parent */
	struct fnode *child;  /* first entry of a directory */
	struct fnode *next;   /* next entry in the same directory */
	struct fnode *last_child; /* last entry of a directory (appends) */
	struct fnode *hnext;  /* next node in the same chain of the name index */
	uint32_t hash;        /* of (parent, name), for the name index */
	uint32_t rdev;        /* FS_IFCHR: Linux's device number (major << 8 | minor) */
	const struct fs_pseudo *pseudo; /* set on a mount point and its pseudo nodes */
};

/* A place in a directory's listing, so that a listing continues in O(1):
 * positions 0 and 1 are "." and "..", entry k (from 0) is at position k+2. */
struct fs_dir_cursor {
	uint64_t pos;         /* the position of node; 0: no cursor yet */
	struct fnode *node;   /* the entry there, NULL past the last one */
};

/* Memory for nodes: the kernel provides a permanent allocator; host unit
 * tests provide malloc. Returns zeroed memory or NULL. */
void *fs_alloc(uint64_t size);

/* Parse a cpio newc archive at archive[0..size) into a fresh tree (which
 * replaces any earlier one). Runs of NUL bytes between entries (in 4-byte
 * steps) are skipped. Parent directories missing from the archive are
 * created (mode 0755). Time and memory are linear in the archive: names
 * are found through a hash index (index.h). Returns 0, or -1 with a reason in *why (a static
 * string) when the archive is malformed: bad magic, a header or name or
 * data running past the end, a bad hex field, a name without its NUL, an
 * empty or ".."-containing path, an entry under a non-directory, or no
 * TRAILER!!! entry. On failure the earlier tree stays in place. */
int fs_unpack(const uint8_t *archive, uint64_t size, const char **why);

/* The root directory (an empty directory before fs_unpack). */
struct fnode *fs_root(void);

/* Resolve path (absolute, or relative to cwd; cwd NULL means the root).
 * Symlinks in the middle are always followed; the last component is
 * followed when follow_last is true. "." and ".." work; ".." of the root
 * is the root. A trailing slash requires a directory. Returns 0 and the
 * node in *out, or a negative Linux errno: -ENOENT (missing, or empty
 * path), -ENOTDIR (a component is not a directory), -ELOOP (more than
 * FS_SYMLOOP_MAX links), -ENAMETOOLONG (a component longer than
 * FS_NAME_MAX or the path longer than FS_PATH_MAX). */
int fs_lookup(struct fnode *cwd, const char *path, bool follow_last, struct fnode **out);

/* The entry at position pos (>= 2) of directory dir, NULL past the end;
 * from the cursor when it is at pos or just before, else by a walk from the
 * first entry. The cursor is left at pos. */
struct fnode *fs_dir_entry(const struct fnode *dir, uint64_t pos, struct fs_dir_cursor *c);

/* Add a node called name (a static string) with mode to directory dir of
 * the installed tree, at the end of its listing; NULL when out of memory.
 * For the kernel's own entries at boot (/dev, /proc). */
struct fnode *fs_attach(struct fnode *dir, const char *name, uint32_t mode);

/* Write the absolute path of node into buf (size bytes, NUL-terminated).
 * Returns its length, or -ERANGE when it does not fit. */
int fs_path(const struct fnode *node, char *buf, uint64_t size);

#endif
