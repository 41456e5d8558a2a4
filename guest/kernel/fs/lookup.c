/* Finding nodes by path in the file tree, and the path of a node.
 *
 * Lookup never recurses: the unread rest of the path is kept as a stack of
 * text segments, the path itself at the bottom and above it the target of
 * each symlink being followed (at most FS_SYMLOOP_MAX), all read in place. */
#include "fs.h"

#include <stddef.h>

#include "../lib/errno.h"
#include "../lib/string.h"
#include "index.h"

/* The root; an empty directory until fs_unpack installs a tree in it. */
static struct fnode root_node = {
	.mode = FS_IFDIR | 0755, .ino = 1, .nlink = 2, .parent = &root_node,
};

/* The root's tree's name index; empty until fs_unpack installs one. */
static struct fs_index tree_index;

/* A piece of path text not yet read. */
struct segment {
	const char *text;
	uint64_t len;
};

/* The state of one lookup. */
struct walk {
	struct segment seg[FS_SYMLOOP_MAX + 1]; /* seg[depth - 1] is read next */
	int depth;
	int links;          /* symlinks followed so far */
	bool must_be_dir;   /* the path (or the last link's target) ends in '/' */
	struct fnode *at;   /* the node reached; a directory while depth > 0 */
};

/* The root directory, which is its own parent. */
struct fnode *fs_root(void)
{
	return &root_node;
}

/* Drop slashes and used-up segments before the next component; a slash
 * after the final component means the result must be a directory. */
static void skip_separators(struct walk *w)
{
	bool slash = false;

	while (w->depth > 0) {
		struct segment *s = &w->seg[w->depth - 1];

		while (s->len > 0 && s->text[0] == '/') {
			s->text++;
			s->len--;
			slash = true;
		}
		if (s->len > 0)
			return;
		w->depth--;
	}
	if (slash)
		w->must_be_dir = true;
}

/* Take the component at the start of the top segment (there is one). */
static void take_component(struct walk *w, const char **name, uint64_t *len)
{
	struct segment *s = &w->seg[w->depth - 1];
	uint64_t n = 0;

	while (n < s->len && s->text[n] != '/')
		n++;
	*name = s->text;
	*len = n;
	s->text += n;
	s->len -= n;
}

struct fs_index *fs_tree_index(void)
{
	return &tree_index;
}

/* Continue the walk in link's target, from the root when it is absolute,
 * else from the directory holding link (where the walk is). */
static int follow(struct walk *w, struct fnode *link)
{
	if (++w->links > FS_SYMLOOP_MAX)
		return -ELOOP;
	if (link->pseudo) { /* a magic link: straight to its node */
		int rc = link->pseudo->follow(link, &w->at);
		if (rc == 0 && (w->depth > 0 || w->must_be_dir) && !FS_ISDIR(w->at->mode))
			return -ENOTDIR;
		return rc;
	}
	if (link->size == 0)
		return -ENOENT;
	if (link->size >= FS_PATH_MAX)
		return -ENAMETOOLONG;
	if (link->data[0] == '/')
		w->at = fs_root();
	w->seg[w->depth].text = (const char *)link->data;
	w->seg[w->depth].len = link->size;
	w->depth++;
	skip_separators(w);
	return 0;
}

/* Resolve one component in the directory w->at: stay, go up, go down, or
 * follow a symlink; last says no component comes after it. */
static int step(struct walk *w, const char *name, uint64_t len, bool last, bool follow_last)
{
	struct fnode *node;

	if (len > FS_NAME_MAX)
		return -ENAMETOOLONG;
	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		w->at = w->at->parent;
		return 0;
	}
	node = w->at->pseudo ? w->at->pseudo->lookup(w->at, name, len) /* a mount point */
			     : fs_index_find(&tree_index, w->at, name, len);
	if (!node)
		return -ENOENT;
	if (FS_ISLNK(node->mode) && (!last || follow_last || w->must_be_dir))
		return follow(w, node);
	if (!FS_ISDIR(node->mode) && (!last || w->must_be_dir))
		return -ENOTDIR;
	w->at = node;
	return 0;
}

/* Walk path component by component from the root or cwd. */
int fs_lookup(struct fnode *cwd, const char *path, bool follow_last, struct fnode **out)
{
	struct walk w = { .depth = 1 };
	uint64_t len = path ? strnlen(path, FS_PATH_MAX) : 0;

	if (len == 0)
		return -ENOENT;
	if (len >= FS_PATH_MAX)
		return -ENAMETOOLONG;
	w.at = path[0] == '/' || !cwd ? fs_root() : cwd;
	if (!FS_ISDIR(w.at->mode))
		return -ENOTDIR;
	w.seg[0].text = path;
	w.seg[0].len = len;
	skip_separators(&w);
	while (w.depth > 0) {
		const char *name;
		uint64_t namelen;
		int err;

		take_component(&w, &name, &namelen);
		skip_separators(&w);
		err = step(&w, name, namelen, w.depth == 0, follow_last);
		if (err < 0)
			return err;
	}
	*out = w.at;
	return 0;
}

struct fnode *fs_attach(struct fnode *dir, const char *name, uint32_t mode)
{
	struct fnode *n = fs_alloc(sizeof(*n));

	if (!n)
		return NULL;
	n->mode = mode;
	n->ino = tree_index.count + 2; /* the root is 1, indexed nodes 2.. */
	n->nlink = FS_ISDIR(mode) ? 2 : 1;
	n->name = name;
	n->namelen = (uint32_t)strlen(name);
	n->parent = dir;
	if (dir->last_child)
		dir->last_child->next = n;
	else
		dir->child = n;
	dir->last_child = n;
	fs_index_add(&tree_index, n);
	return n;
}

/* Measure the path up to the root, then write it from its end backwards. */
int fs_path(const struct fnode *node, char *buf, uint64_t size)
{
	uint64_t len = 0, pos;
	const struct fnode *n;

	for (n = node; n->parent != n; n = n->parent) {
		len += 1 + (uint64_t)n->namelen;
		if (len >= size || len > INT32_MAX)
			return -ERANGE;
	}
	if (len == 0) {
		if (size < 2)
			return -ERANGE;
		buf[0] = '/';
		buf[1] = '\0';
		return 1;
	}
	buf[len] = '\0';
	pos = len;
	for (n = node; n->parent != n; n = n->parent) {
		pos -= n->namelen;
		memcpy(buf + pos, n->name, n->namelen);
		buf[--pos] = '/';
	}
	return (int)len;
}
