/* Entry bits and reserved-bit masks the page-table walkers share. */
#ifndef VMM_INSPECT_PAGEWALK_BITS_H
#define VMM_INSPECT_PAGEWALK_BITS_H

#include "../../shared/pte.h"

#define ADDR_MASK 0x000ffffffffff000ull /* bits 51:12 */
#define NX_BIT    (1ull << 63)
/* Bits 62:52 are ignored/available; with MAXPHYADDR 52 none of 51:12 is
 * reserved, so long-mode reserved checks cover large-page alignment only. */
#define LARGE_2M_RSVD 0x00000000001fe000ull /* bits 20:13 of a 2 MiB entry */
#define LARGE_1G_RSVD 0x000000003fffe000ull /* bits 29:13 of a 1 GiB entry */
#define PAE_PDPTE_RSVD 0x00000000000001e6ull /* bits 8:5, 2:1 */

#endif
