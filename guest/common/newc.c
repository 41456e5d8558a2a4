/* The cpio newc reader both sides use (see newc.h). */
#include "newc.h"

/* Eight bytes read at once when skipping NULs (any type may alias it). */
typedef uint64_t __attribute__((may_alias)) nul_word;

/* Record why reading stops at offset at; returns -1. */
static int fail(struct newc_reader *r, enum newc_error error, uint64_t at)
{
	r->error = error;
	r->at = at;
	return -1;
}

/* Whether the n bytes at a and b are equal. */
static bool bytes_equal(const void *a, const void *b, uint64_t n)
{
	const uint8_t *x = a, *y = b;

	for (uint64_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return false;
	return true;
}

/* The padding bytes that bring offset up to a multiple of 4. */
static uint64_t pad4(uint64_t offset)
{
	return (0 - offset) & 3;
}

/* Move r->pos to end padded to a multiple of 4, or to the end of the
 * input when the padding is cut off there. */
static void advance_to(struct newc_reader *r, uint64_t end)
{
	r->pos = pad4(end) <= r->size - end ? end + pad4(end) : r->size;
}

/* Whether the four bytes at p are all NUL. */
static bool nul4(const uint8_t *p)
{
	return (p[0] | p[1] | p[2] | p[3]) == 0;
}

/* Skip the NUL words (8 bytes, aligned) from pos; returns the new position.
 * Page padding is long and the guest's instructions dear: 32 bytes a step. */
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

/* Skip whole 4-byte groups of NUL bytes at r->pos. */
static void skip_nuls(struct newc_reader *r)
{
	const uint8_t *a = r->archive;
	uint64_t pos = r->pos, size = r->size;

	while (size - pos >= 4 && nul4(a + pos)) {
		pos += 4;
		if (((uintptr_t)(a + pos) & 7) == 0)
			pos = skip_nul_words(a, pos, size);
	}
	r->pos = pos;
}

/* Parse 8 hex digits (either case) at p into *out; false on another byte. */
static bool parse_hex8(const uint8_t *p, uint32_t *out)
{
	uint32_t value = 0;

	for (unsigned i = 0; i < NEWC_FIELD_LEN; i++) {
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

/* Check the magic of the header at r->pos and parse its fields into e. */
static int read_header(struct newc_reader *r, struct newc_entry *e)
{
	const uint8_t *h = r->archive + r->pos;

	if (r->size - r->pos < NEWC_HEADER_LEN)
		return fail(r, NEWC_TRUNCATED_HEADER, r->pos);
	if (!bytes_equal(h, "07070", 5) || (h[5] != '1' && h[5] != '2')) /* 2: the crc format */
		return fail(r, NEWC_BAD_MAGIC, r->pos);
	for (int i = 0; i < NF_COUNT; i++) {
		if (!parse_hex8(h + 6 + i * NEWC_FIELD_LEN, &e->field[i])) {
			r->field = (enum newc_field)i;
			return fail(r, NEWC_BAD_HEX, r->pos);
		}
	}
	return 0;
}

/* Take the name after the header; r->pos moves to the end of its padding. */
static int read_name(struct newc_reader *r, struct newc_entry *e)
{
	uint32_t namesize = e->field[NF_NAMESIZE];
	const char *name;

	if (namesize == 0) /* 1 is an empty name: the caller's to judge */
		return fail(r, NEWC_NAME_SIZE, r->pos);
	if (namesize > r->size - r->pos - NEWC_HEADER_LEN)
		return fail(r, NEWC_NAME_PAST_END, r->pos);
	name = (const char *)r->archive + r->pos + NEWC_HEADER_LEN;
	if (name[namesize - 1] != '\0')
		return fail(r, NEWC_NAME_NO_NUL, r->pos);
	for (uint32_t i = 0; i < namesize - 1; i++)
		if (name[i] == '\0')
			return fail(r, NEWC_NAME_INNER_NUL, r->pos);
	e->name = name;
	e->namelen = namesize - 1;
	advance_to(r, r->pos + NEWC_HEADER_LEN + namesize);
	return 0;
}

/* Take the data at r->pos (of the entry at at); r->pos moves past its
 * padding. */
static int read_data(struct newc_reader *r, struct newc_entry *e, uint64_t at)
{
	uint64_t datalen = e->field[NF_FILESIZE];

	if (datalen > r->size - r->pos)
		return fail(r, NEWC_DATA_PAST_END, at);
	e->data = r->archive + r->pos;
	e->datalen = datalen;
	advance_to(r, r->pos + datalen);
	return 0;
}

void newc_begin(struct newc_reader *r, const uint8_t *archive, uint64_t size)
{
	*r = (struct newc_reader){ .archive = archive, .size = size };
}

int newc_next(struct newc_reader *r, struct newc_entry *e)
{
	uint64_t at;

	skip_nuls(r);
	if (r->pos == r->size) /* the end: only right after a trailer */
		return r->after_trailer ? 0 : fail(r, NEWC_NO_TRAILER, r->pos);
	at = r->pos;
	if (read_header(r, e) < 0 || read_name(r, e) < 0 || read_data(r, e, at) < 0)
		return -1;
	r->at = at;
	r->after_trailer = newc_is_trailer(e);
	return 1;
}

bool newc_is_trailer(const struct newc_entry *e)
{
	return e->namelen == sizeof(NEWC_TRAILER) - 1 &&
	       bytes_equal(e->name, NEWC_TRAILER, e->namelen);
}

const char *newc_error_text(enum newc_error error)
{
	static const char *const text[] = {
		[NEWC_OK] = "no error",
		[NEWC_TRUNCATED_HEADER] = "truncated header",
		[NEWC_BAD_MAGIC] = "bad magic (not cpio newc)",
		[NEWC_BAD_HEX] = "bad hex digit in a header field",
		[NEWC_NAME_SIZE] = "name size 0",
		[NEWC_NAME_PAST_END] = "name runs past the end",
		[NEWC_NAME_NO_NUL] = "name without its NUL",
		[NEWC_NAME_INNER_NUL] = "NUL byte inside a name",
		[NEWC_DATA_PAST_END] = "data runs past the end",
		[NEWC_NO_TRAILER] = "no TRAILER!!! entry",
	};

	return (unsigned)error < sizeof(text) / sizeof(text[0]) ? text[error] : "unknown error";
}

const char *newc_field_name(enum newc_field f)
{
	static const char *const name[NF_COUNT] = {
		"ino", "mode", "uid", "gid", "nlink", "mtime", "filesize", "devmajor",
		"devminor", "rdevmajor", "rdevminor", "namesize", "check",
	};

	return (unsigned)f < NF_COUNT ? name[f] : "?";
}
