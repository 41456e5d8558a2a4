/* The Linux errno values the kernel's system calls return negated. */
#ifndef LIB_ERRNO_H
#define LIB_ERRNO_H

#include "../../../shared/linux_errno.h"
#include "../../../shared/syscall.h" /* ERESTARTNOHAND */

#endif
