/* Entry bits and reserved-bit masks the page-table walkers share. */
#ifndef VMM_INSPECT_PAGEWALK_BITS_H
#define VMM_INSPECT_PAGEWALK_BITS_H

#include "../../shared/layout.h" /* CV_PAGE_SIZE, CV_PAGE_SHIFT */
#include "../../shared/pte.h"    /* PTE_ADDR (bits 51:12), PTE_NX, ... */

#define PAGE_OFFSET_MASK (CV_PAGE_SIZE - 1ull) /* the offset in a 4 KiB page */
#define ADDR_MASK32   0xfffff000ull /* the frame of a 32-bit (legacy) entry */
#define PAE_CR3_MASK  0xffffffe0ull /* PAE: the PDPT is 32-byte aligned */
/* Bits 62:52 are ignored/available; with MAXPHYADDR 52 none of 51:12 is
 * reserved, so long-mode reserved checks cover large-page alignment only. */
#define LARGE_2M_RSVD 0x00000000001fe000ull /* bits 20:13 of a 2 MiB entry */
#define LARGE_1G_RSVD 0x000000003fffe000ull /* bits 29:13 of a 1 GiB entry */
#define PAE_PDPTE_RSVD 0x00000000000001e6ull /* bits 8:5, 2:1 */

#endif
