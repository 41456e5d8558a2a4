/* The initrd: a cpio "newc" archive built in memory from host files, or
 * read from disk and checked entry by entry by the kernel's own reader
 * (guest/common/newc.c). */
#include "initrd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../guest/common/newc.h"
#include "../shared/layout.h"
#include "util.h"

#define INITRD_MAX    (1u << 30) /* archive and file size limit */
#define NAME_MAX_LEN  255u       /* bytes in one path component */
#define PATH_MAX_LEN  4096u      /* guest path bytes, with its NUL */
#define DATA_ALIGN    CV_PAGE_SIZE /* where regular files' data starts */

/* One archive entry to be written: a parent directory or a file. */
struct entry {
	const char *name; /* inside the caller's guest path, no leading '/' */
	size_t len;       /* bytes of name (not NUL-terminated) */
	const struct initrd_file *file; /* NULL for a parent directory */
	uint64_t size;    /* data bytes (a file's from stat, a link's target) */
	uint32_t ino, nlink;
	uint64_t hdr_off; /* where the header goes in the archive */
	uint64_t data_off;
};

/* The entries in archive order, and a hash index over their names. */
struct plan {
	struct entry *ent;
	size_t nent;
	size_t *slot;  /* entry index + 1 per slot; 0 = empty */
	size_t nslot;  /* a power of two, over twice the entries */
	uint64_t total;
};

/* Round x up to a multiple of a (a power of two). */
static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

/* Check a guest path: absolute, with components of 1..255 bytes that are
 * not "." or "..", and shorter than 4096 bytes. */
static int check_guest_path(const char *g, char *err, size_t errlen)
{
	size_t len = strlen(g);

	if (g[0] != '/')
		return errorf(err, errlen, "guest path \"%s\" is not absolute", g);
	if (len >= PATH_MAX_LEN)
		return errorf(err, errlen, "guest path \"%.64s...\" is too long (%zu bytes, max %u)",
			    g, len, PATH_MAX_LEN - 1);
	if (len == 1)
		return errorf(err, errlen, "guest path \"/\" names no file");
	for (const char *c = g + 1;;) {
		const char *end = strchrnul(c, '/');
		size_t clen = (size_t)(end - c);

		if (clen == 0)
			return errorf(err, errlen, "guest path \"%s\" has an empty component", g);
		if (clen > NAME_MAX_LEN)
			return errorf(err, errlen, "guest path \"%s\" has a component longer than %u bytes",
				    g, NAME_MAX_LEN);
		if (c[0] == '.' && (clen == 1 || (clen == 2 && c[1] == '.')))
			return errorf(err, errlen, "guest path \"%s\" contains \"%.*s\"", g,
				    (int)clen, c);
		if (*end == '\0')
			break;
		c = end + 1;
	}
	return 0;
}

/* The type of f (INITRD_REG, INITRD_DIR or INITRD_LNK). */
static uint32_t file_type(const struct initrd_file *f)
{
	return f->type ? f->type : INITRD_REG;
}

/* Is e a directory (a parent or one given as a file)? */
static bool is_dir(const struct entry *e)
{
	return e->file == NULL || file_type(e->file) == INITRD_DIR;
}

/* Is e a regular file? */
static bool is_reg(const struct entry *e)
{
	return e->file != NULL && file_type(e->file) == INITRD_REG;
}

/* Hash a name (FNV-1a). */
static size_t name_hash(const char *s, size_t len)
{
	uint64_t h = 14695981039346656037ull;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)s[i]) * 1099511628211ull;
	return (size_t)h;
}

/* Find name[0..len) in the plan: its hash slot, which holds the entry
 * index + 1 if present or 0 where it would go. */
static size_t *plan_find(struct plan *p, const char *name, size_t len)
{
	size_t i = name_hash(name, len) & (p->nslot - 1);

	for (;; i = (i + 1) & (p->nslot - 1)) {
		const struct entry *e;

		if (p->slot[i] == 0)
			return &p->slot[i];
		e = &p->ent[p->slot[i] - 1];
		if (e->len == len && memcmp(e->name, name, len) == 0)
			return &p->slot[i];
	}
}

/* Append an entry to the plan at its (empty) hash slot. */
static void plan_add(struct plan *p, size_t *slot, const char *name, size_t len,
		     const struct initrd_file *file, uint64_t size)
{
	p->ent[p->nent] = (struct entry){ .name = name, .len = len, .file = file, .size = size };
	*slot = ++p->nent;
}

/* Allocate room for every entry the files could need (each component of
 * each path at most once). */
static int plan_init(struct plan *p, const struct initrd_file *files, size_t n,
		     char *err, size_t errlen)
{
	size_t cap = 0;

	for (size_t i = 0; i < n; i++)
		for (const char *c = files[i].guest; *c; c++)
			cap += (*c == '/');
	for (p->nslot = 16; p->nslot < 2 * cap; p->nslot *= 2)
		;
	p->ent = calloc(cap ? cap : 1, sizeof(*p->ent));
	p->slot = calloc(p->nslot, sizeof(*p->slot));
	if (p->ent == NULL || p->slot == NULL)
		return errorf(err, errlen, "out of memory for %zu initrd entries", cap);
	return 0;
}

/* Add the parent directories of f's guest path that are not there yet;
 * refuse one that is already a file. */
static int add_parents(struct plan *p, const struct initrd_file *f, char *err, size_t errlen)
{
	const char *name = f->guest + 1;

	for (const char *s = strchr(name, '/'); s; s = strchr(s + 1, '/')) {
		size_t len = (size_t)(s - name);
		size_t *slot = plan_find(p, name, len);

		if (*slot == 0)
			plan_add(p, slot, name, len, NULL, 0);
		else if (!is_dir(&p->ent[*slot - 1]))
			return errorf(err, errlen, "%s -> %s: \"/%.*s\" is a file (%s), not a directory",
				    f->host, f->guest, (int)len, name, p->ent[*slot - 1].file->host);
	}
	return 0;
}

/* Check f's host file (a regular file after symlinks, at most 1 GiB) and
 * get its size. */
static int stat_host(const struct initrd_file *f, uint64_t *size, char *err, size_t errlen)
{
	struct stat st;

	if (stat(f->host, &st) != 0)
		return errorf(err, errlen, "%s: %s", f->host, strerror(errno));
	if (stat_not_regular(&st))
		return errorf(err, errlen, "%s: %s", f->host, stat_not_regular(&st));
	if ((uint64_t)st.st_size > INITRD_MAX)
		return errorf(err, errlen, "%s: is larger than %u MiB", f->host, INITRD_MAX >> 20);
	*size = (uint64_t)st.st_size;
	return 0;
}

/* The data bytes f's entry carries: a file's size (0 for the later links
 * of a hard-link group), a symlink's target length, 0 for a directory. */
static int data_size(const struct initrd_file *f, uint64_t *size, char *err, size_t errlen)
{
	*size = 0;
	switch (file_type(f)) {
	case INITRD_DIR:
		return 0;
	case INITRD_LNK:
		if (f->target == NULL || f->target[0] == '\0' || strlen(f->target) >= PATH_MAX_LEN)
			return errorf(err, errlen, "%s: a symlink target must be 1..%u bytes", f->host,
				    PATH_MAX_LEN - 1);
		*size = strlen(f->target);
		return 0;
	case INITRD_REG:
		return f->link_of ? 0 : stat_host(f, size, err, errlen);
	}
	return errorf(err, errlen, "%s: internal error: file type %o", f->host, f->type);
}

/* Add one file and its parents to the plan; refuse a guest path that is
 * taken already (a parent directory made earlier may be given as itself). */
static int add_file(struct plan *p, const struct initrd_file *f, char *err, size_t errlen)
{
	const char *name = f->guest + 1;
	struct entry *old;
	size_t *slot;
	uint64_t size = 0;

	if (check_guest_path(f->guest, err, errlen) != 0 || data_size(f, &size, err, errlen) != 0 ||
	    add_parents(p, f, err, errlen) != 0)
		return -1;
	slot = plan_find(p, name, strlen(name));
	old = *slot ? &p->ent[*slot - 1] : NULL;
	if (old == NULL) {
		plan_add(p, slot, name, strlen(name), f, size);
		return 0;
	}
	if (old->file != NULL)
		return errorf(err, errlen, "guest path %s is given twice (%s and %s)", f->guest,
			    old->file->host, f->host);
	if (file_type(f) != INITRD_DIR)
		return errorf(err, errlen, "%s -> %s: that guest path is a directory (for earlier files)",
			    f->host, f->guest);
	old->file = f; /* the parent made earlier, now with its own mode and time */
	return 0;
}

/* Give every entry its inode number and link count: a hard-link group
 * shares its first file's. Refuses a link_of that names no earlier
 * regular file of the group's start. */
static int plan_links(struct plan *p, const struct initrd_file *files, size_t n,
		      char *err, size_t errlen)
{
	for (size_t i = 0; i < p->nent; i++) {
		p->ent[i].ino = (uint32_t)i + 1;
		p->ent[i].nlink = is_dir(&p->ent[i]) ? 2 : 1;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			const struct initrd_file *f = &files[i], *first;
			struct entry *e, *lead;

			if (f->link_of == 0)
				continue;
			first = &files[f->link_of - 1];
			if (f->link_of > i || file_type(f) != INITRD_REG || file_type(first) != INITRD_REG ||
			    first->link_of != 0)
				return errorf(err, errlen, "%s: internal error: bad hard link", f->host);
			e = &p->ent[*plan_find(p, f->guest + 1, strlen(f->guest + 1)) - 1];
			lead = &p->ent[*plan_find(p, first->guest + 1, strlen(first->guest + 1)) - 1];
			if (pass == 0)
				lead->nlink++; /* first pass: count the group */
			else
				*e = (struct entry){ .name = e->name, .len = e->len, .file = e->file,
						     .ino = lead->ino, .nlink = lead->nlink };
		}
	}
	return 0;
}

/* Place every entry: each file's data on a 4 KiB boundary (empty files
 * need none), then the trailer; refuse an archive over 1 GiB. */
static int plan_layout(struct plan *p, char *err, size_t errlen)
{
	uint64_t off = 0;

	for (size_t i = 0; i < p->nent; i++) {
		struct entry *e = &p->ent[i];
		uint64_t hlen = align_up(NEWC_HEADER_LEN + e->len + 1, 4);

		e->data_off = off + hlen;
		if (is_reg(e) && e->size != 0)
			e->data_off = align_up(e->data_off, DATA_ALIGN);
		e->hdr_off = e->data_off - hlen;
		off = align_up(e->data_off + e->size, 4);
		if (off > INITRD_MAX)
			return errorf(err, errlen, "the initrd would be larger than %u MiB (at /%.*s)",
				    INITRD_MAX >> 20, (int)e->len, e->name);
	}
	p->total = off + align_up(NEWC_HEADER_LEN + sizeof(NEWC_TRAILER), 4);
	if (p->total > INITRD_MAX)
		return errorf(err, errlen, "the initrd would be larger than %u MiB", INITRD_MAX >> 20);
	return 0;
}

/* Write one header and its name at out (the padding is already zero). */
static void put_header(uint8_t *out, uint32_t ino, uint32_t mode, uint32_t nlink, uint32_t mtime,
		       uint32_t filesize, const char *name, size_t len)
{
	char hdr[NEWC_HEADER_LEN + 1];

	snprintf(hdr, sizeof(hdr), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 ino, mode, 0u, 0u, nlink, mtime, filesize, 0u, 0u, 0u, 0u, (uint32_t)len + 1, 0u);
	memcpy(out, hdr, NEWC_HEADER_LEN);
	memcpy(out + NEWC_HEADER_LEN, name, len);
}

/* Write entry e into the zeroed archive, reading a file's bytes from the
 * host. */
static int put_entry(uint8_t *out, const struct entry *e, char *err, size_t errlen)
{
	const struct initrd_file *f = e->file;
	char why[128];
	size_t len = 0;
	void *buf;

	if (f == NULL) {
		put_header(out + e->hdr_off, e->ino, INITRD_DIR | 0755, e->nlink, 0, 0, e->name, e->len);
		return 0;
	}
	put_header(out + e->hdr_off, e->ino, file_type(f) | (f->mode & 07777), e->nlink, f->mtime,
		   (uint32_t)e->size, e->name, e->len);
	if (file_type(f) == INITRD_LNK)
		memcpy(out + e->data_off, f->target, e->size);
	if (!is_reg(e) || e->size == 0)
		return 0;
	buf = read_whole_file(e->file->host, INITRD_MAX, &len, why, sizeof(why));
	if (buf == NULL)
		return errorf(err, errlen, "%s: %s", e->file->host, why);
	if (len != e->size) {
		free(buf);
		return errorf(err, errlen, "%s: changed size while the initrd was built", e->file->host);
	}
	memcpy(out + e->data_off, buf, len);
	free(buf);
	return 0;
}

/* Allocate the archive and write every entry and the trailer into it. */
static int plan_write(const struct plan *p, struct initrd *rd, char *err, size_t errlen)
{
	uint8_t *out = calloc(1, (size_t)p->total);

	if (out == NULL)
		return errorf(err, errlen, "out of memory for a %llu-byte initrd",
			    (unsigned long long)p->total);
	for (size_t i = 0; i < p->nent; i++) {
		if (put_entry(out, &p->ent[i], err, errlen) != 0) {
			free(out);
			return -1;
		}
	}
	put_header(out + p->total - align_up(NEWC_HEADER_LEN + sizeof(NEWC_TRAILER), 4), 0, 0, 1, 0, 0,
		   NEWC_TRAILER, sizeof(NEWC_TRAILER) - 1);
	rd->data = out;
	rd->size = (size_t)p->total;
	return 0;
}

int initrd_build(struct initrd *rd, const struct initrd_file *files, size_t n,
		 char *err, size_t errlen)
{
	struct plan p = { 0 };
	int rc = plan_init(&p, files, n, err, errlen);

	rd->data = NULL;
	rd->size = 0;
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = add_file(&p, &files[i], err, errlen);
	if (rc == 0)
		rc = plan_links(&p, files, n, err, errlen);
	if (rc == 0)
		rc = plan_layout(&p, err, errlen);
	if (rc == 0)
		rc = plan_write(&p, rd, err, errlen);
	free(p.ent);
	free(p.slot);
	return rc;
}

/* Write why r stopped, with the offset and the sizes involved (from e,
 * whose header was parsed when the name or data failed), into err;
 * returns -1. */
static int describe(const struct newc_reader *r, const struct newc_entry *e, char *err,
		    size_t errlen)
{
	unsigned long long at = r->at;

	switch (r->error) {
	case NEWC_TRUNCATED_HEADER:
		return errorf(err, errlen, "at offset %llu: truncated header (%llu bytes left, need %u)",
			    at, (unsigned long long)(r->size - r->at), NEWC_HEADER_LEN);
	case NEWC_BAD_MAGIC:
		return errorf(err, errlen, "at offset %llu: bad magic (not a cpio newc header)", at);
	case NEWC_BAD_HEX:
		return errorf(err, errlen, "at offset %llu: field %s is not 8 hex digits", at,
			    newc_field_name(r->field));
	case NEWC_NAME_SIZE:
		return errorf(err, errlen, "at offset %llu: name size %u (no room for the NUL)", at,
			    e->field[NF_NAMESIZE]);
	case NEWC_NAME_PAST_END:
		return errorf(err, errlen, "at offset %llu: the name (%u bytes) runs past the end", at,
			    e->field[NF_NAMESIZE]);
	case NEWC_DATA_PAST_END:
		return errorf(err, errlen, "at offset %llu: the data (%u bytes) runs past the end", at,
			    e->field[NF_FILESIZE]);
	case NEWC_NAME_NO_NUL:
		return errorf(err, errlen, "at offset %llu: the name does not end with a NUL", at);
	case NEWC_NAME_INNER_NUL:
		return errorf(err, errlen, "at offset %llu: the name contains a NUL", at);
	case NEWC_NO_TRAILER:
		return errorf(err, errlen, "at offset %llu: the archive ends without a %s entry", at,
			    NEWC_TRAILER);
	case NEWC_OK:
		break;
	}
	return errorf(err, errlen, "at offset %llu: %s", at, newc_error_text(r->error));
}

int initrd_validate(const uint8_t *data, size_t size, char *err, size_t errlen)
{
	struct newc_reader r;
	struct newc_entry e = { 0 };
	int got;

	newc_begin(&r, data, size);
	while ((got = newc_next(&r, &e)) > 0)
		;
	return got < 0 ? describe(&r, &e, err, errlen) : 0;
}

int initrd_load(struct initrd *rd, const char *path, char *err, size_t errlen)
{
	char why[256];
	size_t len = 0;
	uint8_t *buf = read_whole_file(path, INITRD_MAX, &len, why, sizeof(why));

	rd->data = NULL;
	rd->size = 0;
	if (buf == NULL)
		return errorf(err, errlen, "%s: %s", path, why);
	if (initrd_validate(buf, len, why, sizeof(why)) != 0) {
		free(buf);
		return errorf(err, errlen, "%s: not a valid cpio newc archive: %s", path, why);
	}
	rd->data = buf;
	rd->size = len;
	return 0;
}

int initrd_append(struct initrd *rd, const struct initrd *more, char *err, size_t errlen)
{
	uint64_t at = align_up(rd->size, DATA_ALIGN);
	uint8_t *buf;

	if (at + more->size > INITRD_MAX)
		return errorf(err, errlen, "the initrd with the added files would be larger than %u MiB",
			    INITRD_MAX >> 20);
	if ((buf = realloc(rd->data, (size_t)(at + more->size))) == NULL)
		return errorf(err, errlen, "out of memory for a %llu-byte initrd",
			    (unsigned long long)(at + more->size));
	memset(buf + rd->size, 0, (size_t)(at - rd->size));
	memcpy(buf + at, more->data, more->size);
	rd->data = buf;
	rd->size = (size_t)(at + more->size);
	return 0;
}

void initrd_free(struct initrd *rd)
{
	free(rd->data);
	rd->data = NULL;
	rd->size = 0;
}
