/* x86-64 page-table entry bits, including cowvisor's software bits, as the
 * kernel writes them and the VMM's inspector reads them. */
#ifndef SHARED_PTE_H
#define SHARED_PTE_H

#define PTE_P        0x001ull  /* present */
#define PTE_W        0x002ull  /* writable */
#define PTE_U        0x004ull  /* user */
#define PTE_PWT      0x008ull
#define PTE_PCD      0x010ull  /* cache disable */
#define PTE_A        0x020ull
#define PTE_D        0x040ull
#define PTE_PS       0x080ull  /* large page (in PDPTE/PDE) */
#define PTE_G        0x100ull  /* global */
#define PTE_COW      0x200ull  /* software: copy-on-write page (read-only now) */
#define PTE_FILE     0x400ull  /* software: maps a file's own frame (file-backed) */
#define PTE_SHARED   0x800ull  /* software: a page of a MAP_SHARED mapping */
#define PTE_NX       (1ull << 63)
#define PTE_ADDR     0x000ffffffffff000ull

#endif
