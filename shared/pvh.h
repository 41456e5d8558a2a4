/* PVH boot protocol structures (Xen's hvm_start_info ABI, version 1).
 * The VMM fills them in guest memory; the kernel's 32-bit entry reads them. */
#ifndef SHARED_PVH_H
#define SHARED_PVH_H

#include <stdint.h>

#define PVH_START_MAGIC      0x336ec578u
#define PVH_ELFNOTE_ENTRY    18 /* XEN_ELFNOTE_PHYS32_ENTRY */
#define PVH_ELFNOTE_NAME     "Xen"
#define PVH_MEMMAP_RAM       1
#define PVH_MEMMAP_RESERVED  2

struct pvh_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct pvh_module {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

struct pvh_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

_Static_assert(sizeof(struct pvh_start_info) == 56, "pvh_start_info layout");
_Static_assert(sizeof(struct pvh_module) == 32, "pvh_module layout");
_Static_assert(sizeof(struct pvh_memmap_entry) == 24, "pvh_memmap_entry layout");

#endif
