/* Where the guest kernel is found when --kernel is not given. */
#ifndef VMM_KERNEL_PATH_H
#define VMM_KERNEL_PATH_H

#include <stddef.h>

#define CV_KERNEL_ENV "COWVISOR_KERNEL"

/* Fill buf with the kernel to use: $COWVISOR_KERNEL, else kernel.elf beside
 * the cowvisor binary (build tree), else ../lib/cowvisor/kernel.elf relative
 * to it (installed). When none exists, buf names the installed location and
 * the function returns -1. */
int kernel_default_path(char *buf, size_t len);

#endif
