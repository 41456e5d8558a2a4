/* Reading a cpio "newc" archive entry by entry: the one reader of the
 * guest kernel's initrd unpacker (fs/cpio.c) and the VMM's --initrd check
 * (vmm/initrd.c), so that the VMM takes exactly what the kernel unpacks.
 *
 * Each entry is a 110-byte header ("070701", or "070702" whose checksum is
 * not checked, then 13 fields of 8 hex digits of either case), the name
 * with its NUL padded to a multiple of 4 bytes, and the data padded
 * likewise; padding cut off by the end of the input is no error. The entry
 * named TRAILER!!! ends an archive; as in Linux's initramfs another archive
 * may follow it. Runs of NUL bytes between entries and archives are
 * skipped in 4-byte steps. Freestanding: no libc, no kernel headers. */
#ifndef GUEST_COMMON_NEWC_H
#define GUEST_COMMON_NEWC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NEWC_HEADER_LEN 110u
#define NEWC_FIELD_LEN  8u
#define NEWC_TRAILER    "TRAILER!!!"

/* The header fields in their order in the archive. */
enum newc_field {
	NF_INO, NF_MODE, NF_UID, NF_GID, NF_NLINK, NF_MTIME, NF_FILESIZE,
	NF_DEVMAJOR, NF_DEVMINOR, NF_RDEVMAJOR, NF_RDEVMINOR, NF_NAMESIZE, NF_CHECK,
	NF_COUNT
};

/* Why reading stopped. */
enum newc_error {
	NEWC_OK,
	NEWC_TRUNCATED_HEADER, /* fewer than 110 bytes left for a header */
	NEWC_BAD_MAGIC,        /* neither 070701 nor 070702 */
	NEWC_BAD_HEX,          /* a field that is not 8 hex digits (newc_reader.field) */
	NEWC_NAME_SIZE,        /* a name size of 0 (1 is an empty name) */
	NEWC_NAME_PAST_END,
	NEWC_NAME_NO_NUL,      /* the name's last counted byte is not NUL */
	NEWC_NAME_INNER_NUL,
	NEWC_DATA_PAST_END,
	NEWC_NO_TRAILER,       /* the input ends before a TRAILER!!! entry */
};

/* One entry of the archive; name and data point into it. */
struct newc_entry {
	uint32_t field[NF_COUNT];
	const char *name;      /* namelen bytes, the NUL not counted */
	uint32_t namelen;
	const uint8_t *data;   /* datalen bytes */
	uint64_t datalen;
};

/* A pass over archive[0..size). */
struct newc_reader {
	const uint8_t *archive;
	uint64_t size;
	uint64_t pos;          /* the next unread byte; always <= size */
	uint64_t at;           /* where the last entry read (or the problem) starts */
	bool after_trailer;    /* the last entry read was a TRAILER!!! */
	enum newc_error error; /* once newc_next failed */
	enum newc_field field; /* NEWC_BAD_HEX: which field */
};

/* Start reading archive[0..size). */
void newc_begin(struct newc_reader *r, const uint8_t *archive, uint64_t size);

/* Read the next entry into *e: 1 (a TRAILER!!! too, see newc_is_trailer),
 * 0 at the end of the input after a trailer, -1 with r->error and r->at. */
int newc_next(struct newc_reader *r, struct newc_entry *e);

/* Whether e is the TRAILER!!! entry that ends an archive. */
bool newc_is_trailer(const struct newc_entry *e);

/* A short reason for error, e.g. "truncated header". */
const char *newc_error_text(enum newc_error error);

/* The name of header field f, e.g. "namesize". */
const char *newc_field_name(enum newc_field f);

#endif
