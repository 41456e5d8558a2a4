/* Calls to the VMM (shared/hypercall.h), when running under cowvisor. */
#ifndef ARCH_HYPERCALL_H
#define ARCH_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>

#include "../../../shared/hypercall.h"

/* Probe the hypercall port; true under cowvisor. Call once at boot. */
bool hypercall_probe(void);

/* True when hypercall_probe() found cowvisor. */
bool under_cowvisor(void);

/* Make hypercall nr with up to four arguments; returns the VMM's result,
 * or CV_HC_ENOSYS when not under cowvisor. */
int64_t hypercall(uint32_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3);

#endif
