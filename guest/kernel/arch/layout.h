/* The kernel's memory layout: the direct map (kernel virtual <-> physical,
 * arch/direct_map.h), pages, the end of the kernel image. */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

#include <stdint.h>

#include "../../../shared/layout.h"
#include "direct_map.h"

#define PAGE_SIZE  CV_PAGE_SIZE
#define PAGE_SHIFT CV_PAGE_SHIFT
#define PAGE_ROUND_UP(x)   (((uint64_t)(x) + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1))
#define PAGE_ROUND_DOWN(x) ((uint64_t)(x) & ~(uint64_t)(PAGE_SIZE - 1))

extern char _kernel_end[]; /* linker: end of the kernel image (virtual) */

#endif
