/* Permanent kernel allocations (never freed): file-tree nodes and other
 * boot-time structures. Carved from whole frames. */
#ifndef MM_KHEAP_H
#define MM_KHEAP_H

#include <stdint.h>

/* size bytes of zeroed memory, 16-byte aligned; NULL when out of frames. */
void *kheap_alloc(uint64_t size);

#endif
