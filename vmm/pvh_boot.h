/* The PVH boot page: hvm_start_info, memory map, module list, command line. */
#ifndef VMM_PVH_BOOT_H
#define VMM_PVH_BOOT_H

#include <stddef.h>
#include <stdint.h>

#include "guestmem.h"

struct boot_module {
	uint64_t gpa;
	uint64_t size; /* 0: no module */
};

/* Write the boot page at CV_BOOT_PAGE_GPA describing all of gm as RAM, the
 * command line and, when initrd->size != 0, the initrd as module 0.
 * Returns the gpa of the start info (for EBX), or 0 with a message in err. */
uint32_t pvh_write_boot_page(struct guest_mem *gm, const char *cmdline,
			     const struct boot_module *initrd, char *err, size_t errlen);

#endif
