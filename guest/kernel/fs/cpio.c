/* Unpacking the initrd, a cpio "newc" archive read by the reader the VMM
 * shares (guest/common/newc.c: format, padding, TRAILER!!!, archives one
 * after another), into the file tree. Another archive after a trailer
 * (cowvisor appends --add files so) adds to the same tree.
 *
 * Kept are directories, regular files and symlinks; devices, fifos and
 * sockets are skipped. Names and symlink targets are not copied: entries
 * point into the archive, which must stay where it is. File data becomes
 * the file's pages: adopted where a whole page of it is page aligned in
 * the archive (cowvisor's packer aligns every file), copied otherwise
 * (the partial last page always: the file's pages are zero past its end).
 * A name may start with "./" or "/"; "." (or "/") is the root, whose mode
 * and times it sets. A later entry for an existing path updates a
 * directory's attributes or replaces a file's (or symlink's) data; a
 * directory against a non-directory is an error.
 *
 * Hard links: newc gives each link its own entry with the same ino and
 * nlink > 1; one of them (GNU cpio: the last; cowvisor: the first) carries
 * the data. As Linux's initramfs does, the regular files of one archive
 * with the same ino are joined: they share the data and the inode number
 * (the group's first). The parse builds a staged tree and installs it
 * only when it succeeds, so a malformed archive leaves the earlier tree in
 * place (nodes allocated for it are not given back: fs_alloc has no
 * free). */
#include "fs.h"

#include <stddef.h>

#include "../../common/newc.h"
#include "../lib/string.h"
#include "index.h"
#include "tree.h"

#define LINK_BUCKETS 64u  /* hash chains of the hard links of one archive */

/* A regular file with nlink > 1, remembered to join its later links. */
struct link_rec {
	uint32_t ino;          /* in the archive */
	struct fnode *node;
	struct link_rec *next; /* in the same chain */
};

/* The state of one fs_unpack. */
struct unpacker {
	struct newc_reader rd; /* the archive, entry by entry */
	struct fnode *root;    /* the staged root of the new tree */
	struct fs_index index; /* the staged tree's name index */
	const char *why;       /* the reason, once it failed */
	struct link_rec *links[LINK_BUCKETS]; /* this archive's hard links */
};

/* Record why the unpack fails; returns -1. */
static int fail(struct unpacker *u, const char *why)
{
	u->why = why;
	return -1;
}

/* Whether the tree keeps entries of this mode (directory, file, symlink). */
static bool is_kept_type(uint32_t mode)
{
	return FS_ISDIR(mode) || FS_ISREG(mode) || FS_ISLNK(mode);
}

/* A cursor over the components of an entry's name. */
struct name_cursor {
	const char *name;
	uint32_t len, pos;
};

/* Find the next component of the name, skipping "/" and "." ones. Returns
 * 1 with it in *comp and *complen, 0 at the end, or -1 for ".." or a
 * component longer than FS_NAME_MAX. */
static int next_component(struct unpacker *u, struct name_cursor *c,
			  const char **comp, uint32_t *complen)
{
	for (;;) {
		uint32_t start;

		while (c->pos < c->len && c->name[c->pos] == '/')
			c->pos++;
		if (c->pos == c->len)
			return 0;
		start = c->pos;
		while (c->pos < c->len && c->name[c->pos] != '/')
			c->pos++;
		*comp = c->name + start;
		*complen = c->pos - start;
		if (*complen == 1 && (*comp)[0] == '.')
			continue;
		if (*complen == 2 && (*comp)[0] == '.' && (*comp)[1] == '.')
			return fail(u, "a path with \"..\"");
		if (*complen > FS_NAME_MAX)
			return fail(u, "a path component longer than 255 bytes");
		return 1;
	}
}

/* Find the node called name in dir, through the staged index. */
static struct fnode *find_child(struct unpacker *u, struct fnode *dir, const char *name,
				uint32_t len)
{
	struct fdent *e = fs_index_find(&u->index, dir, name, len);

	return e ? e->node : NULL;
}

/* Append a new node of mode called name to dir's entries and the index. */
static struct fnode *new_node(struct unpacker *u, struct fnode *dir, const char *name,
			      uint32_t len, uint32_t mode)
{
	struct fnode *n = tree_node_new(mode);

	if (!n) {
		fail(u, "out of memory or inode numbers for the file tree");
		return NULL;
	}
	if (!tree_attach(&u->index, dir, name, len, n, true)) {
		fail(u, "out of memory for the file tree");
		return NULL;
	}
	n->nlink = FS_ISDIR(mode) ? 2 : 1;
	if (FS_ISDIR(mode))
		dir->nlink++;
	return n;
}

/* Step from dir into its subdirectory name, creating it (mode 0755) when
 * the archive has no entry for it; NULL on failure. */
static struct fnode *enter_dir(struct unpacker *u, struct fnode *dir, const char *name,
			       uint32_t len)
{
	struct fnode *n = find_child(u, dir, name, len);

	if (n) {
		if (!FS_ISDIR(n->mode)) {
			fail(u, "an entry under a non-directory");
			return NULL;
		}
		return n;
	}
	return new_node(u, dir, name, len, FS_IFDIR | 0755);
}

/* Make data[0..len) the pages of regular file node: each whole,
 * aligned page adopted, the others copied. */
static int set_data(struct unpacker *u, struct fnode *node, const uint8_t *data, uint64_t len)
{
	for (uint64_t off = 0; off < len; off += FS_PAGE_SIZE) {
		uint64_t n = len - off < FS_PAGE_SIZE ? len - off : FS_PAGE_SIZE, pa = 0;
		bool adopted = n == FS_PAGE_SIZE && (uintptr_t)(data + off) % FS_PAGE_SIZE == 0 &&
			       (pa = fs_page_adopt(data + off)) != 0;

		if (!adopted && (pa = fs_page_alloc(true)) != 0)
			fs_page_fill(pa, data + off, (uint32_t)n);
		if (pa == 0 || fs_pages_set(&node->pages, off / FS_PAGE_SIZE, pa) < 0) {
			if (pa)
				fs_page_free(pa, true);
			return fail(u, "out of memory for file data");
		}
		node->size = off + n;
	}
	return 0;
}

/* Give node the attributes and contents of entry e. */
static int set_from_entry(struct unpacker *u, struct fnode *node, const struct newc_entry *e)
{
	node->mode = e->field[NF_MODE];
	node->uid = e->field[NF_UID];
	node->gid = e->field[NF_GID];
	node->mtime = (struct fs_time){ (int64_t)e->field[NF_MTIME], 0 };
	node->atime = node->ctime = node->mtime;
	fs_pages_trim(&node->pages, 0); /* an earlier entry's data */
	node->size = 0;
	node->link = NULL;
	if (FS_ISDIR(node->mode) || e->datalen == 0)
		return 0;
	if (FS_ISLNK(node->mode)) {
		node->link = (const char *)e->data; /* some writers count the target's NUL: */
		node->size = strnlen((const char *)e->data, e->datalen);
		return 0;
	}
	return set_data(u, node, e->data, e->datalen);
}

/* The node of this archive's earlier hard link with e's ino, or NULL. */
static struct fnode *link_lead(struct unpacker *u, const struct newc_entry *e)
{
	uint32_t ino = e->field[NF_INO];

	for (struct link_rec *r = u->links[ino % LINK_BUCKETS]; r; r = r->next)
		if (r->ino == ino)
			return r->node;
	return NULL;
}

/* Remember node as the file of e's ino, for the hard links that follow. */
static int note_link(struct unpacker *u, struct fnode *node, const struct newc_entry *e)
{
	uint32_t ino = e->field[NF_INO];
	struct link_rec **chain = &u->links[ino % LINK_BUCKETS], *r;

	if ((r = fs_alloc(sizeof(*r))) == NULL)
		return fail(u, "out of memory for the file tree");
	*r = (struct link_rec){ ino, node, *chain };
	*chain = r;
	return 0;
}

/* Whether e is one name of a regular file with several (a hard link). */
static bool is_hard_link(const struct newc_entry *e)
{
	return FS_ISREG(e->field[NF_MODE]) && e->field[NF_NLINK] > 1;
}

/* Name lead, the file an earlier entry with e's ino made, in dir as well:
 * one inode, two names. Whichever entry carries the data gives it. */
static int join_link(struct unpacker *u, struct fnode *lead, struct fnode *dir, const char *name,
		     uint32_t len, const struct newc_entry *e)
{
	if (!tree_attach(&u->index, dir, name, len, lead, true))
		return fail(u, "out of memory for the file tree");
	lead->nlink++;
	if (e->datalen == 0)
		return 0;
	fs_pages_trim(&lead->pages, 0);
	lead->size = 0;
	return set_data(u, lead, e->data, e->datalen);
}

/* Put entry e into dir under name: a new node, a further name of an
 * earlier hard link, or an update of the one there when both are
 * directories or both are not. */
static int place_entry(struct unpacker *u, struct fnode *dir, const char *name, uint32_t len,
		       const struct newc_entry *e)
{
	struct fnode *n = find_child(u, dir, name, len), *lead;

	if (!n && is_hard_link(e) && (lead = link_lead(u, e)) != NULL)
		return join_link(u, lead, dir, name, len, e);
	if (!n) {
		n = new_node(u, dir, name, len, e->field[NF_MODE]);
		if (!n)
			return -1;
	} else if (FS_ISDIR(n->mode) != FS_ISDIR(e->field[NF_MODE])) {
		return fail(u, FS_ISDIR(n->mode) ? "a non-directory replacing a directory"
						 : "a directory replacing a non-directory");
	}
	if (set_from_entry(u, n, e) < 0)
		return -1;
	return is_hard_link(e) ? note_link(u, n, e) : 0;
}

/* Apply an entry for the root itself: it must be a directory. */
static int set_root(struct unpacker *u, const struct newc_entry *e)
{
	if (!FS_ISDIR(e->field[NF_MODE]))
		return fail(u, "a non-directory as the root");
	return set_from_entry(u, u->root, e);
}

/* Add entry e to the tree, creating its missing parent directories. */
static int add_entry(struct unpacker *u, const struct newc_entry *e)
{
	struct name_cursor c = { e->name, e->namelen, 0 };
	struct fnode *dir = u->root;
	const char *comp, *next;
	uint32_t complen, nextlen;
	int found;

	if (!is_kept_type(e->field[NF_MODE]))
		return 0;
	if (e->namelen == 0)
		return fail(u, "an empty path");
	found = next_component(u, &c, &comp, &complen);
	if (found <= 0)
		return found < 0 ? -1 : set_root(u, e);
	while ((found = next_component(u, &c, &next, &nextlen)) > 0) {
		dir = enter_dir(u, dir, comp, complen);
		if (!dir)
			return -1;
		comp = next;
		complen = nextlen;
	}
	if (found < 0)
		return -1;
	return place_entry(u, dir, comp, complen, e);
}

/* Read the entries of every archive, each up to its TRAILER!!!, into the
 * staged tree. */
static int unpack_entries(struct unpacker *u)
{
	struct newc_entry e;
	int got;

	while ((got = newc_next(&u->rd, &e)) > 0) {
		if (newc_is_trailer(&e)) /* hard links do not reach into the next archive */
			memset(u->links, 0, sizeof(u->links));
		else if (add_entry(u, &e) < 0)
			return -1;
	}
	return got < 0 ? fail(u, newc_error_text(u->rd.error)) : 0;
}

/* Make the staged tree and its index the tree: the root node stays where
 * it is with its own name (the index hashes the root's entries by its
 * inode number, 1). The earlier tree's nodes are not given back. */
static void install(struct fnode *staged, const struct fs_index *index)
{
	struct fnode *root = fs_root();
	struct fdent *root_dent = root->dent;

	*fs_tree_index() = *index;
	*root = *staged;
	root->dent = root_dent;
	for (struct fdent *e = root->child; e; e = e->next) {
		e->dir = root;
		if (FS_ISDIR(e->node->mode))
			e->node->dent = e;
	}
}

/* Build a tree from the archive in a staged root, then install it. */
int fs_unpack(const uint8_t *archive, uint64_t size, const char **why)
{
	struct fnode staged = {
		.mode = FS_IFDIR | 0755, .ino = 1, .nlink = 2, .next_cookie = 2,
	};
	struct unpacker u = { .root = &staged };

	newc_begin(&u.rd, archive, size);
	if (fs_index_init(&u.index) < 0)
		fail(&u, "out of memory for the file tree");
	if (u.why || unpack_entries(&u) < 0) {
		if (why)
			*why = u.why;
		return -1;
	}
	install(&staged, &u.index);
	return 0;
}
