/* cvlibc: the whole library in one header, plus cowvisor's own call. */
#ifndef CVLIBC_H
#define CVLIBC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <signal.h>
#include <time.h>
#include <dirent.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/utsname.h>
#include <sys/syscall.h>

/* Ask the VMM for a statistics snapshot named LABEL (system call 1000).
 * Returns the snapshot's sequence number, or -1 with errno set (ENOSYS when
 * the VMM collects no statistics). */
int cv_snapshot(const char *label);

#endif
