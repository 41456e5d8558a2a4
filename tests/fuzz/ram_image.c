/* Fuzz input fields and guest RAM images built from them (ram_image.h). */
#include "ram_image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Take up to len bytes from the input; the missing ones are zero. */
size_t fuzz_take(struct fuzz_in *in, void *dst, size_t len)
{
	size_t n = len < in->n ? len : in->n;

	memcpy(dst, in->p, n);
	memset((uint8_t *)dst + n, 0, len - n);
	in->p += n;
	in->n -= n;
	return n;
}

/* One byte (0 past the end). */
uint8_t fuzz_u8(struct fuzz_in *in)
{
	uint8_t v;

	fuzz_take(in, &v, sizeof(v));
	return v;
}

/* A little-endian 16-bit value. */
uint16_t fuzz_u16(struct fuzz_in *in)
{
	uint16_t v;

	fuzz_take(in, &v, sizeof(v));
	return v;
}

/* A little-endian 32-bit value. */
uint32_t fuzz_u32(struct fuzz_in *in)
{
	uint32_t v;

	fuzz_take(in, &v, sizeof(v));
	return v;
}

/* A little-endian 64-bit value. */
uint64_t fuzz_u64(struct fuzz_in *in)
{
	uint64_t v;

	fuzz_take(in, &v, sizeof(v));
	return v;
}

/* Allocate zeroed guest RAM once; from the heap, so that ASan's redzones
 * around it catch a read just outside. */
void fuzz_ram_init(struct fuzz_ram *r, uint64_t size)
{
	memset(r, 0, sizeof(*r));
	r->gm.base = calloc(1, size);
	if (r->gm.base == NULL) {
		perror("fuzz_ram_init");
		abort();
	}
	r->gm.size = size;
}

/* Remember that [gpa, gpa+len) was written. */
static void mark(struct fuzz_ram *r, uint64_t gpa, uint64_t len)
{
	if (r->ndirty == FUZZ_RAM_MAX_DIRTY) {
		r->all_dirty = true;
		return;
	}
	r->dirty[r->ndirty].gpa = gpa;
	r->dirty[r->ndirty].len = len;
	r->ndirty++;
}

/* Write bytes into RAM, cut at its end. */
void fuzz_ram_write(struct fuzz_ram *r, uint64_t gpa, const void *src, uint64_t len)
{
	if (gpa >= r->gm.size)
		return;
	if (len > r->gm.size - gpa)
		len = r->gm.size - gpa;
	memcpy(r->gm.base + gpa, src, len);
	mark(r, gpa, len);
}

/* Fill count entries of esize bytes: value, value + step, ... */
static void fill(struct fuzz_ram *r, uint64_t gpa, unsigned count, unsigned esize,
		 uint64_t value, uint64_t step)
{
	uint64_t end = gpa + (uint64_t)count * esize;

	if (end > r->gm.size)
		end = r->gm.size;
	for (uint64_t a = gpa; a + esize <= end; a += esize, value += step)
		memcpy(r->gm.base + a, &value, esize); /* little-endian: the low bytes */
	if (end > gpa)
		mark(r, gpa, end - gpa);
}

/* Apply the write operations that make up the rest of the input. */
void fuzz_ram_apply(struct fuzz_ram *r, struct fuzz_in *in, unsigned max_ops)
{
	for (unsigned i = 0; i < max_ops && in->n > 0; i++) {
		uint8_t op = fuzz_u8(in) % 3;
		uint64_t gpa = fuzz_u32(in) % r->gm.size;
		unsigned count = fuzz_u16(in);

		if (op == 0) {
			size_t len = count < in->n ? count : in->n;

			fuzz_ram_write(r, gpa, in->p, len);
			in->p += len;
			in->n -= len;
		} else if (op == 1) {
			uint64_t value = fuzz_u64(in), step = fuzz_u64(in);

			fill(r, gpa, count, 8, value, step);
		} else {
			uint32_t value = fuzz_u32(in), step = fuzz_u32(in);

			fill(r, gpa, count, 4, value, step);
		}
	}
}

/* Zero the ranges written since the last reset. */
void fuzz_ram_reset(struct fuzz_ram *r)
{
	if (r->all_dirty)
		memset(r->gm.base, 0, r->gm.size);
	else
		for (size_t i = 0; i < r->ndirty; i++)
			memset(r->gm.base + r->dirty[i].gpa, 0, r->dirty[i].len);
	r->ndirty = 0;
	r->all_dirty = false;
}
