/* Small kernel allocations (file-tree nodes, names, boot-time structures),
 * carved from whole frames in 16-byte size classes; what is freed is kept
 * on its class's list for the next allocation of that class (frames are
 * never given back). */
#ifndef MM_KHEAP_H
#define MM_KHEAP_H

#include <stdint.h>

/* size bytes (at most 4096) of zeroed memory, 16-byte aligned; NULL when
 * out of frames. */
void *kheap_alloc(uint64_t size);

/* Give back p, from kheap_alloc(size). */
void kheap_free(void *p, uint64_t size);

#endif
