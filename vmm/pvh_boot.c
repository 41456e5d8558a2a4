/* Building the PVH boot page in guest memory. */
#include "pvh_boot.h"

#include <stdio.h>
#include <string.h>

#include "../shared/layout.h"
#include "../shared/pvh.h"

/* Offsets inside the boot page. */
#define OFF_START_INFO 0x000
#define OFF_MEMMAP     0x040
#define OFF_MODLIST    0x100
#define OFF_CMDLINE    0x1000

_Static_assert(OFF_MEMMAP >= sizeof(struct pvh_start_info), "boot page layout");
_Static_assert(OFF_MODLIST >= OFF_MEMMAP + sizeof(struct pvh_memmap_entry), "boot page layout");
_Static_assert(OFF_CMDLINE + CV_CMDLINE_MAX + 1 <= CV_BOOT_PAGE_SIZE, "boot page layout");

uint32_t pvh_write_boot_page(struct guest_mem *gm, const char *cmdline,
			     const struct boot_module *initrd, char *err, size_t errlen)
{
	const uint64_t base = CV_BOOT_PAGE_GPA;
	struct pvh_start_info si = {
		.magic = PVH_START_MAGIC,
		.version = 1,
		.cmdline_paddr = base + OFF_CMDLINE,
		.memmap_paddr = base + OFF_MEMMAP,
		.memmap_entries = 1,
	};
	struct pvh_memmap_entry ram = { .addr = 0, .size = gm->size, .type = PVH_MEMMAP_RAM };
	struct pvh_module mod = { 0 };
	size_t len = strlen(cmdline);

	if (len > CV_CMDLINE_MAX) {
		snprintf(err, errlen, "kernel command line is %zu bytes, the limit is %u",
			 len, CV_CMDLINE_MAX);
		return 0;
	}
	if (initrd && initrd->size) {
		mod.paddr = initrd->gpa;
		mod.size = initrd->size;
		si.nr_modules = 1;
		si.modlist_paddr = base + OFF_MODLIST;
	}
	if (!gm_write(gm, base + OFF_START_INFO, &si, sizeof(si)) ||
	    !gm_write(gm, base + OFF_MEMMAP, &ram, sizeof(ram)) ||
	    !gm_write(gm, base + OFF_MODLIST, &mod, sizeof(mod)) ||
	    !gm_write(gm, base + OFF_CMDLINE, cmdline, len + 1)) {
		snprintf(err, errlen, "guest RAM too small for the boot page");
		return 0;
	}
	return (uint32_t)(base + OFF_START_INFO);
}
