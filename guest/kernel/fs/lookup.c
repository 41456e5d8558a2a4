/* Finding nodes by path in the file tree, and the path of a node.
 *
 * Lookup never recurses: the unread rest of the path is kept as a stack of
 * text segments, the path itself at the bottom and above it the target of
 * each symlink being followed (at most FS_SYMLOOP_MAX), all read in place. */
#include "fs.h"

#include <stddef.h>

#include "../lib/errno.h"
#include "../lib/printk.h"
#include "../lib/string.h"
#include "index.h"

static struct fdent root_dent;

/* The root; an empty directory until fs_unpack installs a tree in it. */
static struct fnode root_node = {
	.mode = FS_IFDIR | 0755, .ino = 1, .nlink = 2, .dent = &root_dent, .next_cookie = 2,
};

/* The root's name: empty, in the root itself. */
static struct fdent root_dent = { .name = "", .dir = &root_node, .node = &root_node };

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
	if (link->link[0] == '/')
		w->at = fs_root();
	w->seg[w->depth].text = link->link;
	w->seg[w->depth].len = link->size;
	w->depth++;
	skip_separators(w);
	return 0;
}

/* Resolve one component in the directory w->at: stay, go up, go down, or
 * follow a symlink; last says no component comes after it. */
static int step(struct walk *w, const char *name, uint64_t len, bool last, bool follow_last)
{
	struct fdent *e;
	struct fnode *node;

	if (len > FS_NAME_MAX)
		return -ENAMETOOLONG;
	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		w->at = w->at->dent->dir; /* a removed directory keeps its parent */
		return 0;
	}
	e = fs_find(w->at, name, (uint32_t)len);
	if (!e)
		return -ENOENT;
	node = e->node;
	if (FS_ISLNK(node->mode) && (!last || follow_last || w->must_be_dir))
		return follow(w, node);
	if (!FS_ISDIR(node->mode) && (!last || w->must_be_dir))
		return -ENOTDIR;
	w->at = node;
	return 0;
}

struct fdent *fs_find(const struct fnode *dir, const char *name, uint32_t len)
{
	if (dir->pseudo) /* a mount point or a pseudo directory: its fs looks */
		return dir->pseudo->lookup((struct fnode *)dir, name, len);
	return fs_index_find(&tree_index, dir, name, len);
}

/* Walk path[0..len) (len > 0) component by component from the root or cwd. */
static int walk_path(struct fnode *cwd, const char *path, uint64_t len, bool follow_last,
		     struct fnode **out)
{
	struct walk w = { .depth = 1 };

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

int fs_lookup(struct fnode *cwd, const char *path, bool follow_last, struct fnode **out)
{
	uint64_t len = path ? strnlen(path, FS_PATH_MAX) : 0;

	if (len == 0)
		return -ENOENT;
	if (len >= FS_PATH_MAX)
		return -ENAMETOOLONG;
	return walk_path(cwd, path, len, follow_last, out);
}

/* Split off the last component: the text before it is the directory. */
int fs_lookup_parent(struct fnode *cwd, const char *path, struct fnode **dir,
		     const char **name, uint32_t *len, bool *slash)
{
	uint64_t end = path ? strnlen(path, FS_PATH_MAX) : 0, start;
	int rc;

	if (end == 0)
		return -ENOENT;
	if (end >= FS_PATH_MAX)
		return -ENAMETOOLONG;
	*slash = false;
	while (end > 1 && path[end - 1] == '/') {
		end--;
		*slash = true;
	}
	start = end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	if (end - start > FS_NAME_MAX)
		return -ENAMETOOLONG;
	if (start == end) { /* only slashes: the root */
		*name = ".";
		*len = 1;
		*dir = fs_root();
		return 0;
	}
	*name = path + start;
	*len = (uint32_t)(end - start);
	if (start == 0)
		rc = walk_path(cwd, ".", 1, true, dir);
	else
		rc = walk_path(cwd, path, start, true, dir);
	if (rc == 0 && !FS_ISDIR((*dir)->mode))
		rc = -ENOTDIR;
	return rc;
}

/* Measure the path up to the root, then write it from its end backwards. */
int fs_path(const struct fnode *node, char *buf, uint64_t size)
{
	uint64_t len = 0, pos;
	const struct fnode *n;

	if (node->memfd) { /* never in the tree: Linux's name for it */
		int m = snprintf(buf, size, "/%s (deleted)", node->link);
		return m < 0 || (uint64_t)m >= size ? -ERANGE : m;
	}
	for (n = node; n != fs_root(); n = n->dent->dir) {
		if (!n->dent || n->nlink == 0)
			return -ENOENT; /* unlinked */
		len += 1 + (uint64_t)n->dent->namelen;
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
	for (n = node; n != fs_root(); n = n->dent->dir) {
		pos -= n->dent->namelen;
		memcpy(buf + pos, n->dent->name, n->dent->namelen);
		buf[--pos] = '/';
	}
	return (int)len;
}
