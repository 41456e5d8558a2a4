/* The vDSO: one kernel page per ABI holding a small ELF shared object
 * (guest/vdso/), mapped read+execute into every program at exec and
 * announced by AT_SYSINFO_EHDR (and, for i386, AT_SYSINFO). Its frame is
 * the kernel's (one reference, marked held for the VMM's audit), shared
 * by every process that touches it; a write (after mprotect) copies. */
#ifndef PROC_VDSO_H
#define PROC_VDSO_H

#include <stdbool.h>
#include <stdint.h>

#include "../../../shared/abi.h"
#include "../mm/vm.h"

/* Copy both images into their frames; call once at boot. */
void vdso_init(void);

/* Describe abi's vDSO in mm (a new address space) at the top of its
 * mmap area, as Linux places it without randomization, and record its
 * address in mm->vdso. 0 or -ENOMEM. */
int vdso_map(struct mm *mm, enum cv_abi abi);

/* Addresses in mm's i386 vDSO (0 when it has none): the system-call
 * entry (AT_SYSINFO) and the returns from a signal handler without
 * SA_RESTORER (rt: for an SA_SIGINFO frame). */
uaddr_t vdso_vsyscall32(const struct mm *mm);

/* The real time was set: both images' clock data again. */
void vdso_clock_changed(void);
uaddr_t vdso_sigreturn32(const struct mm *mm, bool rt);

#endif
