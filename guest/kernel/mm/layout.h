/* Kernel virtual <-> physical: the kernel image and all RAM live in the
 * direct map at CV_DIRECT_MAP_BASE. */
#ifndef MM_LAYOUT_H
#define MM_LAYOUT_H

#include <stdint.h>

#include "../../../shared/layout.h"

#define V2P(p) ((uint64_t)((uintptr_t)(p) - CV_DIRECT_MAP_BASE))
#define P2V(a) ((void *)(uintptr_t)((uint64_t)(a) + CV_DIRECT_MAP_BASE))

#define PAGE_SIZE  CV_PAGE_SIZE
#define PAGE_SHIFT CV_PAGE_SHIFT
#define PAGE_ROUND_UP(x)   (((uint64_t)(x) + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1))
#define PAGE_ROUND_DOWN(x) ((uint64_t)(x) & ~(uint64_t)(PAGE_SIZE - 1))

extern char _kernel_end[]; /* linker: end of the kernel image (virtual) */

#endif
