/* Unpacking the initrd, a cpio "newc" archive, into the file tree.
 *
 * Each entry is a 110-byte header ("070701", or "070702" whose checksum is
 * ignored, then 13 fields of 8 hex digits), the name with its NUL padded
 * to a multiple of 4 bytes, and the data padded likewise; the entry named
 * TRAILER!!! ends the archive. As in Linux's initramfs, another archive may
 * follow it (cowvisor appends --add files so) and adds to the same tree;
 * bytes after a trailer that are neither NULs nor an archive are an error.
 * Runs of NUL bytes between entries and archives are skipped in 4-byte
 * steps.
 *
 * Kept are directories, regular files and symlinks; devices, fifos and
 * sockets are skipped. Names and data are not copied: nodes point into the
 * archive, which must stay where it is. A name may start with "./" or "/";
 * "." (or "/") is the root, whose mode and times it sets. A later entry for
 * an existing path updates a directory's attributes or replaces a file's
 * (or symlink's) data; a directory against a non-directory is an error.
 *
 * Hard links: newc gives each link its own entry with the same ino and
 * nlink > 1; one of them (GNU cpio: the last; cowvisor: the first) carries
 * the data. As Linux's initramfs does, the regular files of one archive
 * with the same ino are joined: they share the data and the inode number
 * (the group's first). The parse builds a staged tree and installs it only when it succeeds, so a
 * malformed archive leaves the earlier tree in place (nodes allocated for
 * it are not given back: fs_alloc has no free). */
#include "fs.h"

#include <stddef.h>

#include "../lib/string.h"
#include "index.h"

#define NEWC_HEADER_LEN 110
#define NEWC_FIELD_LEN  8
#define NEWC_TRAILER    "TRAILER!!!"

/* The header fields in their order in the archive. */
enum newc_field {
	NF_INO, NF_MODE, NF_UID, NF_GID, NF_NLINK, NF_MTIME, NF_FILESIZE,
	NF_DEVMAJOR, NF_DEVMINOR, NF_RDEVMAJOR, NF_RDEVMINOR, NF_NAMESIZE, NF_CHECK,
	NF_COUNT
};

/* One entry of the archive; name and data point into it. */
struct newc_entry {
	uint32_t field[NF_COUNT];
	const char *name;      /* namelen bytes, the NUL not counted */
	uint32_t namelen;
	const uint8_t *data;   /* datalen bytes */
	uint64_t datalen;
};

#define LINK_BUCKETS 64u  /* hash chains of the hard links of one archive */

/* A regular file with nlink > 1, remembered to join its later links. */
struct link_rec {
	uint32_t ino;          /* in the archive */
	struct fnode *node;
	struct link_rec *next; /* in the same chain */
};

/* The state of one fs_unpack. */
struct unpacker {
	const uint8_t *archive;
	uint64_t size;
	uint64_t pos;          /* the next unread byte; always <= size */
	struct fnode *root;    /* the staged root of the new tree */
	struct fs_index index; /* the staged tree's name index */
	uint32_t next_ino;
	const char *why;       /* the reason, once it failed */
	struct link_rec *links[LINK_BUCKETS]; /* this archive's hard links */
};

/* Eight bytes read at once when skipping NULs (any type may alias it). */
typedef uint64_t __attribute__((may_alias)) nul_word;

/* Record why the unpack fails; returns -1. */
static int fail(struct unpacker *u, const char *why)
{
	u->why = why;
	return -1;
}

/* The padding bytes that bring offset up to a multiple of 4. */
static uint64_t pad4(uint64_t offset)
{
	return (0 - offset) & 3;
}

/* Move u->pos to end padded to a multiple of 4, or to the end of the
 * archive when the padding is cut off there. */
static void advance_to(struct unpacker *u, uint64_t end)
{
	u->pos = pad4(end) <= u->size - end ? end + pad4(end) : u->size;
}

/* Whether the four bytes at p are all NUL. */
static bool nul4(const uint8_t *p)
{
	return (p[0] | p[1] | p[2] | p[3]) == 0;
}

/* Skip the NUL words (8 bytes, aligned) from pos; returns the new position.
 * Page padding is long and emulated instructions dear: 32 bytes a step. */
static uint64_t skip_nul_words(const uint8_t *a, uint64_t pos, uint64_t size)
{
	const nul_word *w = (const nul_word *)(a + pos);
	uint64_t n = (size - pos) / 8, i = 0;

	while (n - i >= 4 && (w[i] | w[i + 1] | w[i + 2] | w[i + 3]) == 0)
		i += 4;
	while (i < n && w[i] == 0)
		i++;
	return pos + i * 8;
}

/* Skip whole 4-byte groups of NUL bytes at u->pos. */
static void skip_nuls(struct unpacker *u)
{
	const uint8_t *a = u->archive;
	uint64_t pos = u->pos, size = u->size;

	while (size - pos >= 4 && nul4(a + pos)) {
		pos += 4;
		if (((uintptr_t)(a + pos) & 7) == 0)
			pos = skip_nul_words(a, pos, size);
	}
	u->pos = pos;
}

/* Parse 8 hex digits (either case) at p into *out; false on another byte. */
static bool parse_hex8(const uint8_t *p, uint32_t *out)
{
	uint32_t value = 0;

	for (int i = 0; i < NEWC_FIELD_LEN; i++) {
		uint32_t c = p[i], digit;

		if (c - '0' < 10)
			digit = c - '0';
		else if ((c | 0x20) - 'a' < 6)
			digit = (c | 0x20) - 'a' + 10;
		else
			return false;
		value = value << 4 | digit;
	}
	*out = value;
	return true;
}

/* Check the magic of the header at u->pos and parse its fields into e. */
static int read_header(struct unpacker *u, struct newc_entry *e)
{
	const uint8_t *h = u->archive + u->pos;

	if (u->size - u->pos < NEWC_HEADER_LEN)
		return fail(u, "truncated header");
	if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2'))
		return fail(u, "bad magic (not cpio newc)");
	for (int i = 0; i < NF_COUNT; i++)
		if (!parse_hex8(h + 6 + i * NEWC_FIELD_LEN, &e->field[i]))
			return fail(u, "bad hex digit in a header field");
	return 0;
}

/* Take the name after the header; u->pos moves to the end of its padding
 * (or of the archive, when only the padding is missing). */
static int read_name(struct unpacker *u, struct newc_entry *e)
{
	uint32_t namesize = e->field[NF_NAMESIZE];
	const char *name;

	if (namesize == 0)
		return fail(u, "name size 0");
	if (namesize > u->size - u->pos - NEWC_HEADER_LEN)
		return fail(u, "name runs past the end");
	name = (const char *)u->archive + u->pos + NEWC_HEADER_LEN;
	if (name[namesize - 1] != '\0')
		return fail(u, "name without its NUL");
	if (strnlen(name, namesize - 1) != namesize - 1)
		return fail(u, "NUL byte inside a name");
	e->name = name;
	e->namelen = namesize - 1;
	advance_to(u, u->pos + NEWC_HEADER_LEN + namesize);
	return 0;
}

/* Take the data at u->pos; u->pos moves past its padding (or to the end). */
static int read_data(struct unpacker *u, struct newc_entry *e)
{
	uint64_t datalen = e->field[NF_FILESIZE];

	if (datalen > u->size - u->pos)
		return fail(u, "data runs past the end");
	e->data = u->archive + u->pos;
	e->datalen = datalen;
	advance_to(u, u->pos + datalen);
	return 0;
}

/* Read the entry at u->pos into e and move past it. */
static int read_entry(struct unpacker *u, struct newc_entry *e)
{
	if (read_header(u, e) < 0 || read_name(u, e) < 0)
		return -1;
	return read_data(u, e);
}

/* Whether e is the TRAILER!!! entry that ends the archive. */
static bool is_trailer(const struct newc_entry *e)
{
	return e->namelen == sizeof(NEWC_TRAILER) - 1 &&
	       memcmp(e->name, NEWC_TRAILER, e->namelen) == 0;
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

/* Find the entry called name in dir, through the staged index. */
static struct fnode *find_child(struct unpacker *u, struct fnode *dir, const char *name,
				uint32_t len)
{
	return fs_index_find(&u->index, dir, name, len);
}

/* Append a new node called name to dir's entries and to the index. */
static struct fnode *new_node(struct unpacker *u, struct fnode *dir, const char *name,
			      uint32_t len)
{
	struct fnode *n;

	if (u->next_ino == 0) {
		fail(u, "too many entries");
		return NULL;
	}
	n = fs_alloc(sizeof(*n));
	if (!n) {
		fail(u, "out of memory for the file tree");
		return NULL;
	}
	n->ino = u->next_ino++;
	n->name = name;
	n->namelen = len;
	n->parent = dir;
	if (dir->last_child)
		dir->last_child->next = n;
	else
		dir->child = n;
	dir->last_child = n;
	fs_index_add(&u->index, n);
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
	n = new_node(u, dir, name, len);
	if (n) {
		n->mode = FS_IFDIR | 0755;
		n->nlink = 2;
	}
	return n;
}

/* Give node the attributes and contents of entry e. */
static void set_from_entry(struct fnode *node, const struct newc_entry *e)
{
	node->mode = e->field[NF_MODE];
	node->uid = e->field[NF_UID];
	node->gid = e->field[NF_GID];
	node->nlink = e->field[NF_NLINK];
	node->mtime = e->field[NF_MTIME];
	node->size = 0;
	node->data = NULL;
	if (FS_ISDIR(node->mode) || e->datalen == 0)
		return;
	node->data = e->data;
	node->size = e->datalen;
	if (FS_ISLNK(node->mode))  /* some writers count the target's NUL */
		node->size = strnlen((const char *)e->data, e->datalen);
}

/* Join node, a regular file of nlink > 1, to the earlier files of the
 * archive with its ino: the group shares the first's inode number and the
 * data of whichever entry carries it. */
static int join_link(struct unpacker *u, struct fnode *node, const struct newc_entry *e)
{
	uint32_t ino = e->field[NF_INO];
	struct link_rec **chain = &u->links[ino % LINK_BUCKETS], *r, *lead = NULL;

	for (r = *chain; r; r = r->next)
		if (r->ino == ino)
			lead = r; /* chains are pushed at the head: the last one is the first file */
	if ((r = fs_alloc(sizeof(*r))) == NULL)
		return fail(u, "out of memory for the file tree");
	*r = (struct link_rec){ ino, node, *chain };
	*chain = r;
	if (lead == NULL)
		return 0;
	node->ino = lead->node->ino;
	for (r = r->next; r; r = r->next) {
		if (r->ino != ino)
			continue;
		if (node->size != 0) { /* this entry has the data: give it to the group */
			r->node->data = node->data;
			r->node->size = node->size;
		} else {
			node->data = r->node->data;
			node->size = r->node->size;
		}
	}
	return 0;
}

/* Put entry e into dir under name: a new node, or an update of the one
 * there when both are directories or both are not. */
static int place_entry(struct unpacker *u, struct fnode *dir, const char *name, uint32_t len,
		       const struct newc_entry *e)
{
	struct fnode *n = find_child(u, dir, name, len);

	if (!n) {
		n = new_node(u, dir, name, len);
		if (!n)
			return -1;
	} else if (FS_ISDIR(n->mode) != FS_ISDIR(e->field[NF_MODE])) {
		return fail(u, FS_ISDIR(n->mode) ? "a non-directory replacing a directory"
						 : "a directory replacing a non-directory");
	}
	set_from_entry(n, e);
	return FS_ISREG(n->mode) && n->nlink > 1 ? join_link(u, n, e) : 0;
}

/* Apply an entry for the root itself: it must be a directory. */
static int set_root(struct unpacker *u, const struct newc_entry *e)
{
	if (!FS_ISDIR(e->field[NF_MODE]))
		return fail(u, "a non-directory as the root");
	set_from_entry(u->root, e);
	return 0;
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
	bool after_trailer = false;

	for (;;) {
		skip_nuls(u);
		if (u->pos == u->size)
			return after_trailer ? 0 : fail(u, "no TRAILER!!! entry");
		if (read_entry(u, &e) < 0)
			return -1;
		after_trailer = is_trailer(&e);
		if (after_trailer) /* hard links do not reach into the next archive */
			memset(u->links, 0, sizeof(u->links));
		else if (add_entry(u, &e) < 0)
			return -1;
	}
}

/* Make the staged tree and its index the tree: the root node stays where
 * it is (the index hashes the root's entries by its inode number, 1). */
static void install(struct fnode *staged, const struct fs_index *index)
{
	struct fnode *root = fs_root();

	*fs_tree_index() = *index;
	*root = *staged;
	root->parent = root;
	for (struct fnode *n = root->child; n; n = n->next)
		n->parent = root;
}

/* Build a tree from the archive in a staged root, then install it. */
int fs_unpack(const uint8_t *archive, uint64_t size, const char **why)
{
	struct fnode staged = {
		.mode = FS_IFDIR | 0755, .ino = 1, .nlink = 2, .parent = &staged,
	};
	struct unpacker u = {
		.archive = archive, .size = size, .root = &staged, .next_ino = 2,
	};

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
