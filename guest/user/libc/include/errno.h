/* cvlibc: errno and the Linux error numbers. */
#ifndef CV_ERRNO_H
#define CV_ERRNO_H

extern int errno;

#include "../../../../shared/linux_errno.h"

#endif
