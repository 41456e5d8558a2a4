/* Register dumps on stderr for crashes: of the vCPU, or of a guest context
 * the kernel reports in a panic. */
#ifndef VMM_REGDUMP_H
#define VMM_REGDUMP_H

#include <stdio.h>

#include "../shared/hypercall.h"
#include "guestmem.h"

/* Read the vCPU's registers into r; -1 if KVM refuses. */
int regdump_read_vcpu(int vcpu_fd, struct cv_regs *r);

/* Print r (GPRs, RIP, RFLAGS, control registers, EFER, selectors) and the
 * bytes at RIP when they are readable through the guest's page tables. */
void regdump_print(FILE *out, const struct cv_regs *r, const struct guest_mem *gm);

#endif
