/* Unpacking the initrd, a cpio "newc" archive, into the file tree.
 *
 * Each entry is a 110-byte header ("070701", or "070702" whose checksum is
 * ignored, then 13 fields of 8 hex digits), the name with its NUL padded
 * to a multiple of 4 bytes, and the data padded likewise; the entry named
 * TRAILER!!! ends the archive and anything after it is ignored. Runs of
 * NUL bytes between entries are skipped in 4-byte steps.
 *
 * Kept are directories, regular files and symlinks; devices, fifos and
 * sockets are skipped. Names and symlink targets are not copied: entries
 * point into the archive, which must stay where it is. File data becomes
 * the file's pages: adopted where a whole page of it is page aligned in
 * the archive (cowvisor's packer aligns every file), copied otherwise
 * (the partial last page always: the file's pages are zero past its end). A name may start with "./" or "/";
 * "." (or "/") is the root, whose mode and times it sets. A later entry for
 * an existing path updates a directory's attributes or replaces a file's
 * (or symlink's) data; a directory against a non-directory is an error.
 *
 * Hard links: newc gives each link its own entry with the same ino, and
 * only the last one carries the data. They are not joined here: each entry
 * becomes a separate file, so the earlier links of a group are empty. The
 * parse builds a staged tree and installs it only when it succeeds, so a
 * malformed archive leaves the earlier tree in place (nodes allocated for
 * it are not given back: fs_alloc has no free). */
#include "fs.h"

#include <stddef.h>

#include "../lib/string.h"
#include "index.h"
#include "tree.h"

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

/* The state of one fs_unpack. */
struct unpacker {
	const uint8_t *archive;
	uint64_t size;
	uint64_t pos;          /* the next unread byte; always <= size */
	struct fnode *root;    /* the staged root of the new tree */
	struct fs_index index; /* the staged tree's name index */
	const char *why;       /* the reason, once it failed */
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

/* Put entry e into dir under name: a new node, or an update of the one
 * there when both are directories or both are not. */
static int place_entry(struct unpacker *u, struct fnode *dir, const char *name, uint32_t len,
		       const struct newc_entry *e)
{
	struct fnode *n = find_child(u, dir, name, len);

	if (!n) {
		n = new_node(u, dir, name, len, e->field[NF_MODE]);
		if (!n)
			return -1;
	} else if (FS_ISDIR(n->mode) != FS_ISDIR(e->field[NF_MODE])) {
		return fail(u, FS_ISDIR(n->mode) ? "a non-directory replacing a directory"
						 : "a directory replacing a non-directory");
	}
	return set_from_entry(u, n, e);
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

/* Read entries up to the TRAILER!!! into the staged tree. */
static int unpack_entries(struct unpacker *u)
{
	struct newc_entry e;

	for (;;) {
		skip_nuls(u);
		if (u->pos == u->size)
			return fail(u, "no TRAILER!!! entry");
		if (read_entry(u, &e) < 0)
			return -1;
		if (is_trailer(&e))
			return 0;
		if (add_entry(u, &e) < 0)
			return -1;
	}
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
	struct unpacker u = {
		.archive = archive, .size = size, .root = &staged,
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
