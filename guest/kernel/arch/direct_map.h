/* The direct map the boot code builds (boot.S): the kernel image and all
 * RAM at CV_DIRECT_MAP_BASE. Kernel virtual <-> physical. */
#ifndef ARCH_DIRECT_MAP_H
#define ARCH_DIRECT_MAP_H

#include <stdint.h>

#include "../../../shared/layout.h"

#define V2P(p) ((uint64_t)((uintptr_t)(p) - CV_DIRECT_MAP_BASE))
#define P2V(a) ((void *)(uintptr_t)((uint64_t)(a) + CV_DIRECT_MAP_BASE))

#endif
