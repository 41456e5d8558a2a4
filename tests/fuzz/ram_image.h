/* Helpers shared by the fuzz targets: reading little-endian fields from the
 * fuzz input, and a guest RAM image built from it by a short list of write
 * operations (so a small input can lay out page tables anywhere in RAM).
 *
 * Operations, each starting with one byte op (taken modulo 3):
 *   0 copy:   u32 gpa, u16 len, then len bytes   (cut at the input's end)
 *   1 fill64: u32 gpa, u16 count, u64 value, u64 step: count 8-byte
 *             entries value, value + step, ... from gpa
 *   2 fill32: u32 gpa, u16 count, u32 value, u32 step: likewise, 4 bytes
 * gpa is taken modulo the RAM size and every write is cut at RAM's end. */
#ifndef FUZZ_RAM_IMAGE_H
#define FUZZ_RAM_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../vmm/guestmem.h"

/* The unread rest of the fuzz input. */
struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

/* Take up to len bytes into dst (the rest zeroed); how many there were. */
size_t fuzz_take(struct fuzz_in *in, void *dst, size_t len);
uint8_t fuzz_u8(struct fuzz_in *in);
uint16_t fuzz_u16(struct fuzz_in *in);
uint32_t fuzz_u32(struct fuzz_in *in);
uint64_t fuzz_u64(struct fuzz_in *in);

#define FUZZ_RAM_MAX_DIRTY 256

/* Guest RAM that remembers which ranges were written, to clear them
 * cheaply between runs. */
struct fuzz_ram {
	struct guest_mem gm;
	struct { uint64_t gpa, len; } dirty[FUZZ_RAM_MAX_DIRTY];
	size_t ndirty;
	bool all_dirty; /* too many ranges: clear everything */
};

/* Allocate size bytes of zeroed guest RAM (once per process); aborts on
 * failure. */
void fuzz_ram_init(struct fuzz_ram *r, uint64_t size);

/* Write len bytes at gpa (cut at RAM's end), remembering the range. */
void fuzz_ram_write(struct fuzz_ram *r, uint64_t gpa, const void *src, uint64_t len);

/* Apply the operations in the rest of the input (at most max_ops). */
void fuzz_ram_apply(struct fuzz_ram *r, struct fuzz_in *in, unsigned max_ops);

/* Zero what was written since the last reset. */
void fuzz_ram_reset(struct fuzz_ram *r);

#endif
