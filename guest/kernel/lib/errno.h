/* The Linux errno values the kernel's system calls return negated. */
#ifndef LIB_ERRNO_H
#define LIB_ERRNO_H

#include "../../../shared/linux_errno.h"

/* Kernel-internal (never seen by programs, as on Linux): the call was
 * interrupted; restart it when no handler runs, else fail with EINTR
 * (poll, select: Linux's ERESTARTNOHAND). */
#define ERESTARTNOHAND 514

#endif
