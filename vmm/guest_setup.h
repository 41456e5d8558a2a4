/* Everything cowvisor puts into guest RAM before the vCPU starts: the
 * kernel, the initrd (PROGRAM and --add files, or --initrd) at the top of
 * RAM, and the PVH boot page with the kernel command line. */
#ifndef VMM_GUEST_SETUP_H
#define VMM_GUEST_SETUP_H

#include <stddef.h>
#include <stdint.h>

#include "guestmem.h"
#include "kernel_loader.h"
#include "options.h"

#define INITRD_MIN_FREE (4u << 20) /* RAM left between kernel and initrd */

/* Where the vCPU starts: the PVH entry, with EBX = the start info. */
struct guest_entry {
	uint32_t entry;
	uint32_t start_info;
};

/* Fill guest RAM. Returns 0 and the entry state, or cowvisor's exit status
 * (125, 126, 127) with a message in err. */
int guest_setup(const struct cv_options *opt, const char *kernel_path, struct guest_mem *gm,
		struct guest_entry *boot, char *err, size_t errlen);

/* The kernel command line for opt: the --append words, then " -- " and
 * init's arguments, each quoted when it needs to be. Returns 0, or -1 when
 * it would exceed CV_CMDLINE_MAX. */
int guest_cmdline(const struct cv_options *opt, char *buf, size_t len);

/* Where init lives in the guest: the last init=PATH of --append, else /init. */
const char *guest_init_path(const struct cv_options *opt, char *buf, size_t len);

#endif
