/* The one checked accessor for guest physical memory.
 * Every read or write of guest memory by the host goes through gm_ptr():
 * a range [gpa, gpa+len) is usable only if it lies wholly inside guest RAM,
 * computed without overflow. */
#ifndef VMM_GUESTMEM_H
#define VMM_GUESTMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct guest_mem {
	uint8_t *base;  /* host mapping of guest physical address 0 */
	uint64_t size;  /* bytes of RAM from gpa 0 */
};

/* Host pointer to [gpa, gpa+len) in guest RAM, or NULL when any byte of it
 * is outside RAM or the range overflows. len 0 is valid for gpa <= size. */
void *gm_ptr(const struct guest_mem *gm, uint64_t gpa, uint64_t len);

/* Copy len bytes from guest to host; false (nothing copied) if out of range. */
bool gm_read(const struct guest_mem *gm, uint64_t gpa, void *dst, uint64_t len);

/* Copy len bytes from host to guest; false (nothing copied) if out of range. */
bool gm_write(const struct guest_mem *gm, uint64_t gpa, const void *src, uint64_t len);

/* Read a little-endian 64-bit value; false if out of range. */
bool gm_read_u64(const struct guest_mem *gm, uint64_t gpa, uint64_t *out);

/* Copy a NUL-terminated string of at most max-1 bytes from guest memory into
 * dst (always terminated). Returns its length, or -1 when it is out of range
 * or not terminated within max bytes. */
long gm_read_str(const struct guest_mem *gm, uint64_t gpa, char *dst, size_t max);

#endif
