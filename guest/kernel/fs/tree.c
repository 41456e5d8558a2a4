/* Changing the file tree: creating, linking, removing and renaming
 * entries, and the lifetime of nodes (names and references). */
#include "tree.h"

#include <stddef.h>

#include "../lib/errno.h"
#include "../lib/string.h"

static uint32_t next_ino = 2;   /* the root is 1 */
static uint64_t nodes = 1;      /* in the tree, the root counted */
static uint64_t removals;       /* entries taken out of directory lists */

void tree_set_next_ino(uint32_t ino)
{
	next_ino = ino;
}

uint32_t tree_next_ino(void)
{
	return next_ino;
}

uint64_t fs_node_count(void)
{
	return nodes;
}

uint64_t fs_removals(void)
{
	return removals;
}

void fs_touch(struct fnode *n, bool data)
{
	fs_now(&n->ctime);
	if (data)
		n->mtime = n->ctime;
}

struct fnode *tree_node_new(uint32_t mode)
{
	struct fnode *n;

	if (next_ino == 0 || (n = fs_alloc(sizeof(*n))) == NULL)
		return NULL;
	n->mode = mode;
	n->ino = next_ino++;
	n->next_cookie = 2;
	fs_now(&n->mtime);
	n->atime = n->ctime = n->mtime;
	nodes++;
	return n;
}

/* Free an entry and its name. */
static void dent_free(struct fdent *e)
{
	if (e->name_cap)
		fs_free((void *)e->name, e->name_cap);
	fs_free(e, sizeof(*e));
}

/* Free a node with neither names nor references, and its contents; a
 * removed directory lets go of the name and parent it kept. */
static void node_free(struct fnode *n)
{
	struct fnode *parent = NULL;

	if (FS_ISDIR(n->mode) && n->dent) {
		parent = n->dent->dir;
		dent_free(n->dent);
	}
	fs_pages_trim(&n->pages, 0);
	if (n->link_cap)
		fs_free((void *)n->link, n->link_cap);
	fs_free(n, sizeof(*n));
	nodes--;
	if (parent)
		fs_put(parent);
}

void tree_node_drop(struct fnode *n)
{
	node_free(n);
}

/* Free n when nothing holds it any more. */
static void node_check(struct fnode *n)
{
	if (n->nlink == 0 && n->refs == 0 && n != fs_root())
		node_free(n);
}

struct fnode *fs_get(struct fnode *n)
{
	if (!n->pseudo_node) /* a pseudo fs keeps its own nodes */
		n->refs++;
	return n;
}

void fs_put(struct fnode *n)
{
	if (n->pseudo_node)
		return;
	n->refs--;
	node_check(n);
}

/* A copy of name[0..len) in memory of its own; NULL when out of memory. */
static char *name_copy(const char *name, uint32_t len)
{
	char *p = fs_alloc(len ? len : 1);

	if (p)
		memcpy(p, name, len);
	return p;
}

/* Put e at the end of dir's list with the next cookie, and in index ix. */
static void append(struct fs_index *ix, struct fnode *dir, struct fdent *e)
{
	e->dir = dir;
	e->cookie = dir->next_cookie++;
	e->next = NULL;
	e->prev = dir->last_child;
	if (dir->last_child)
		dir->last_child->next = e;
	else
		dir->child = e;
	dir->last_child = e;
	fs_index_add(ix, e);
}

struct fdent *tree_attach(struct fs_index *ix, struct fnode *dir, const char *name, uint32_t len,
			  struct fnode *node, bool in_archive)
{
	struct fdent *e;

	if (ix->nbuckets == 0 && fs_index_init(ix) < 0) /* the first entry of an empty tree */
		return NULL;
	if ((e = fs_alloc(sizeof(*e))) == NULL)
		return NULL;
	e->name = in_archive ? name : name_copy(name, len);
	if (!e->name) {
		fs_free(e, sizeof(*e));
		return NULL;
	}
	e->name_cap = in_archive ? 0 : (len ? len : 1);
	e->namelen = len;
	e->node = node;
	append(ix, dir, e);
	if (!node->dent)
		node->dent = e;
	return e;
}

/* Take e out of its directory's list and the index (e itself stays). */
static void unhook(struct fdent *e)
{
	struct fnode *dir = e->dir;

	if (e->prev)
		e->prev->next = e->next;
	else
		dir->child = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		dir->last_child = e->prev;
	e->next = e->prev = NULL;
	fs_index_remove(fs_tree_index(), e);
	removals++;
}

/* Remove entry e; its node loses a name. A directory loses all, but keeps
 * e (out of the tree) and a reference to its parent while it lives, so
 * ".." still works in it as on Linux; other entries are freed. */
static void detach(struct fdent *e)
{
	struct fnode *n = e->node;

	unhook(e);
	if (FS_ISDIR(n->mode)) {
		e->dir->nlink--;
		n->nlink = 0;
		fs_get(e->dir);
	} else {
		n->nlink--;
		if (n->dent == e)
			n->dent = NULL;
		dent_free(e);
	}
	fs_touch(n, false);
	node_check(n);
}

/* Is name "." or ".."? */
static bool is_dot(const char *name, uint32_t len)
{
	return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

/* Can dir take a new entry called name? 0 or -errno. */
static int check_new(struct fnode *dir, const char *name, uint32_t len)
{
	if (len == 0)
		return -ENOENT;
	if (len > FS_NAME_MAX)
		return -ENAMETOOLONG;
	if (!FS_ISDIR(dir->mode))
		return -ENOTDIR;
	if (dir->nlink == 0)
		return -ENOENT; /* removed */
	if (is_dot(name, len) || fs_find(dir, name, len))
		return -EEXIST;
	if (dir->pseudo) /* procfs's lookup fails a name it does not have */
		return -ENOENT;
	return 0;
}

/* Give a new symlink node its target. */
static int set_target(struct fnode *n, const char *target, uint32_t size)
{
	char *t;

	if (size == 0)
		return -ENOENT;
	if (size >= FS_PATH_MAX)
		return -ENAMETOOLONG;
	if ((t = name_copy(target, size)) == NULL)
		return -ENOSPC;
	n->link = t;
	n->link_cap = size;
	n->size = size;
	return 0;
}

int fs_create(struct fnode *dir, const char *name, uint32_t len, uint32_t mode, uint32_t rdev,
	      const char *target, uint32_t size, struct fnode **out)
{
	bool isdir = FS_ISDIR(mode);
	struct fnode *n;
	int rc;

	if ((rc = check_new(dir, name, len)))
		return rc;
	if (isdir && dir->nlink >= FS_LINK_MAX)
		return -EMLINK;
	if ((n = tree_node_new(mode)) == NULL)
		return -ENOSPC;
	n->rdev = rdev;
	if (FS_ISLNK(mode) && (rc = set_target(n, target, size))) {
		node_free(n);
		return rc;
	}
	if (!tree_attach(fs_tree_index(), dir, name, len, n, false)) {
		node_free(n);
		return -ENOSPC;
	}
	n->nlink = isdir ? 2 : 1;
	if (isdir)
		dir->nlink++;
	fs_touch(dir, true);
	*out = n;
	return 0;
}

int fs_create_unnamed(uint32_t mode, const char *name, uint32_t len, struct fnode **out)
{
	struct fnode *n = tree_node_new(mode);
	char *copy;

	if (n == NULL)
		return -ENOSPC;
	if ((copy = fs_alloc(len + 1)) == NULL) {
		node_free(n);
		return -ENOSPC;
	}
	memcpy(copy, name, len); /* fs_alloc zeroed it: NUL-terminated */
	n->link = copy;
	n->link_cap = len + 1;
	n->memfd = true;
	n->refs = 1;
	*out = n;
	return 0;
}

int fs_link(struct fnode *node, struct fnode *dir, const char *name, uint32_t len)
{
	int rc;

	if (FS_ISDIR(node->mode))
		return -EPERM;
	if (node->pseudo_node || dir->pseudo)
		return -EXDEV; /* another file system than the tree */
	if ((rc = check_new(dir, name, len)))
		return rc;
	if (node->nlink == 0)
		return -ENOENT;
	if (node->nlink >= FS_LINK_MAX)
		return -EMLINK;
	if (!tree_attach(fs_tree_index(), dir, name, len, node, false))
		return -ENOSPC;
	node->nlink++;
	fs_touch(node, false);
	fs_touch(dir, true);
	return 0;
}

int fs_remove(struct fnode *dir, const char *name, uint32_t len, bool want_dir)
{
	struct fdent *e;

	if (len > FS_NAME_MAX)
		return -ENAMETOOLONG;
	if (is_dot(name, len))
		return !want_dir ? -EISDIR : len == 1 ? -EINVAL : -ENOTEMPTY;
	if ((e = fs_find(dir, name, len)) == NULL)
		return -ENOENT;
	if (want_dir && !FS_ISDIR(e->node->mode))
		return -ENOTDIR;
	if (!want_dir && FS_ISDIR(e->node->mode))
		return -EISDIR;
	if (dir->pseudo)
		return -EPERM; /* a pseudo fs has no unlink or rmdir */
	if (e->node->pseudo)
		return -EBUSY; /* a mount point */
	if (want_dir && e->node->child)
		return -ENOTEMPTY;
	detach(e);
	fs_touch(dir, true);
	return 0;
}

/* Is node a directory at or above dir? */
static bool is_ancestor(const struct fnode *node, const struct fnode *dir)
{
	for (const struct fnode *d = dir; d->dent; d = d->dent->dir) {
		if (d == node)
			return true;
		if (d == fs_root())
			return false;
	}
	return false;
}

/* May src (an entry) replace dst (an entry or NULL) in tdir? 0 or -errno. */
static int rename_check(struct fdent *src, struct fdent *dst, struct fnode *tdir, bool noreplace)
{
	bool isdir = FS_ISDIR(src->node->mode);

	if (tdir->nlink == 0)
		return -ENOENT; /* removed */
	if (dst && noreplace)
		return -EEXIST;
	if (isdir && is_ancestor(src->node, tdir))
		return -EINVAL;
	if (dst && isdir && !FS_ISDIR(dst->node->mode))
		return -ENOTDIR;
	if (dst && !isdir && FS_ISDIR(dst->node->mode))
		return -EISDIR;
	if (dst && FS_ISDIR(dst->node->mode) && dst->node->child)
		return -ENOTEMPTY;
	if (!dst && isdir && tdir != src->dir && tdir->nlink >= FS_LINK_MAX)
		return -EMLINK;
	return 0;
}

int fs_rename(struct fnode *fdir, const char *from, uint32_t flen, struct fnode *tdir,
	      const char *to, uint32_t tlen, bool noreplace)
{
	struct fdent *src, *dst;
	char *copy;
	int rc;

	if (flen > FS_NAME_MAX || tlen > FS_NAME_MAX)
		return -ENAMETOOLONG;
	if (is_dot(from, flen) || is_dot(to, tlen))
		return -EBUSY;
	if (fdir->pseudo != tdir->pseudo)
		return -EXDEV; /* across a mount */
	if ((src = fs_find(fdir, from, flen)) == NULL)
		return -ENOENT;
	if (fdir->pseudo)
		return fs_find(tdir, to, tlen) ? -EPERM : -ENOENT; /* procfs renames nothing */
	dst = fs_find(tdir, to, tlen);
	if (src->node->pseudo || (dst && dst->node->pseudo))
		return -EBUSY; /* a mount point */
	if (dst == src || (dst && dst->node == src->node))
		return noreplace && dst != src ? -EEXIST : 0; /* the same file: nothing to do */
	if ((rc = rename_check(src, dst, tdir, noreplace)))
		return rc;
	if ((copy = name_copy(to, tlen)) == NULL)
		return -ENOSPC;
	if (dst)
		detach(dst);
	unhook(src);
	if (src->name_cap)
		fs_free((void *)src->name, src->name_cap);
	if (FS_ISDIR(src->node->mode) && fdir != tdir) {
		fdir->nlink--;
		tdir->nlink++;
	}
	src->name = copy;
	src->name_cap = tlen ? tlen : 1;
	src->namelen = tlen;
	append(fs_tree_index(), tdir, src);
	fs_touch(src->node, false);
	fs_touch(fdir, true);
	fs_touch(tdir, true);
	return 0;
}
