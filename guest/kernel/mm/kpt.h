/* The kernel's page tables: all RAM in the direct map (2 MiB pages,
 * supervisor only) and the xAPIC window, uncached. Every process's
 * address space shares them through PML4 slot 1. */
#ifndef MM_KPT_H
#define MM_KPT_H

#include <stdint.h>

#include "../arch/layout.h"

/* Build the kernel page tables for RAM [0, ram_end) and switch to them
 * (the boot identity map is gone afterwards). */
void kpt_init(uint64_t ram_end);

/* The physical address of the kernel's PML4. */
uint64_t kpt_root(void);

/* Kernel virtual memory outside the direct map, mapped page by page
 * (per-address-space VMA arrays, mm/vma_array.c): [KPT_WINDOWS_BASE,
 * + KPT_WINDOWS_SIZE), in the kernel's PML4 slot, so every address space
 * sees it. */
#define KPT_WINDOWS_BASE (CV_DIRECT_MAP_BASE + (256ull << 30))
#define KPT_WINDOWS_SIZE (2ull << 30) /* 16 MiB per address space: 65530 VMAs */

/* Map frame pa (read-write, supervisor) at va inside the windows area;
 * 0, or -ENOMEM when a page table is needed and no frame is left. */
int kpt_map(uint64_t va, uint64_t pa);

/* Remove the mapping at va (inside the windows area); returns its frame. */
uint64_t kpt_unmap(uint64_t va);

/* Free the page table of the 2 MiB at va (none of its pages mapped). */
void kpt_free_table(uint64_t va);

#endif
