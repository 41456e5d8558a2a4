/* The kernel's page tables: all RAM in the direct map (2 MiB pages,
 * supervisor only) and the xAPIC window, uncached. Every process's
 * address space shares them through PML4 slot 1. */
#ifndef MM_KPT_H
#define MM_KPT_H

#include <stdint.h>

/* Build the kernel page tables for RAM [0, ram_end) and switch to them
 * (the boot identity map is gone afterwards). */
void kpt_init(uint64_t ram_end);

/* The physical address of the kernel's PML4. */
uint64_t kpt_root(void);

#endif
