/* cvlibc: open(2) flags for Linux i386. */
#ifndef CV_FCNTL_H
#define CV_FCNTL_H

#include <sys/types.h>

#include "../../../../shared/linux_fcntl.h"

int open(const char *path, int flags, ...);

#endif
