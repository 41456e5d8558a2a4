/* Shared anonymous memory (mmap MAP_SHARED|MAP_ANONYMOUS): one object per
 * mapping call owns the frames of its pages by page index, so every
 * address space that maps it (after fork, after mprotect, touched before
 * or after) finds the same frame for a page: writes are seen by all and
 * nothing is ever copied on write. VMAs count as its users (splits and
 * fork add one); the last one gone frees the frames. Each frame carries
 * one reference of the object's, marked held for the VMM's audit. */
#ifndef MM_SHARED_ANON_H
#define MM_SHARED_ANON_H

#include <stdbool.h>
#include <stdint.h>

struct anon_shared;

/* A new object of npages zero pages with one user; NULL when out of
 * memory or too large. */
struct anon_shared *anon_shared_create(uint32_t npages);

/* One more user. */
void anon_shared_get(struct anon_shared *s);

/* One user fewer; the last frees the object and its frames. */
void anon_shared_put(struct anon_shared *s);

/* Does page index have a frame yet (mincore: resident)? */
bool anon_shared_has(const struct anon_shared *s, uint32_t index);

/* The frame of page index (< npages), a zeroed one on first use; 0 when
 * out of frames. The object keeps its reference: map it with frame_get. */
uint64_t anon_shared_frame(struct anon_shared *s, uint32_t index);

#endif
