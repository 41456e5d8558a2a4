/* cvlibc: basic system types for Linux i386. */
#ifndef CV_SYS_TYPES_H
#define CV_SYS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef int ssize_t;
typedef int pid_t;
typedef long off_t;
typedef long long off64_t;
typedef unsigned int mode_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef long time_t;
typedef int clockid_t;

#endif
