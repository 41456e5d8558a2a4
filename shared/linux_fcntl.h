/* Linux i386 open(2) flags, for the guest kernel and the guest's cvlibc. */
#ifndef SHARED_LINUX_FCNTL_H
#define SHARED_LINUX_FCNTL_H

#define O_ACCMODE   0003
#define O_RDONLY    00
#define O_WRONLY    01
#define O_RDWR      02
#define O_CREAT     0100
#define O_EXCL      0200
#define O_NOCTTY    0400
#define O_TRUNC     01000
#define O_APPEND    02000
#define O_NONBLOCK  04000
#define O_DSYNC     010000
#define O_ASYNC     020000
#define O_DIRECT    040000
#define O_LARGEFILE 0100000
#define O_DIRECTORY 0200000
#define O_NOFOLLOW  0400000
#define O_NOATIME   01000000
#define O_CLOEXEC   02000000
#define O_SYNC      04010000 /* with O_DSYNC's bit */
#define O_PATH      010000000
#define O_TMPFILE   020200000 /* with O_DIRECTORY's bit */
#define O_PATH_FLAGS (O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC) /* all O_PATH keeps */

/* flock(2)'s operations (asm-generic/fcntl.h) */
#define LOCK_SH   1
#define LOCK_EX   2
#define LOCK_NB   4  /* or'd with LOCK_SH or LOCK_EX: fail rather than wait */
#define LOCK_UN   8
#define LOCK_MAND 32 /* Samba's old mandatory locks: Linux ignores the call */

#endif
