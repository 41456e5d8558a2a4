/* Linux i386 open(2) flags, for the guest kernel and the guest's cvlibc. */
#ifndef SHARED_LINUX_FCNTL_H
#define SHARED_LINUX_FCNTL_H

#include <stdint.h>

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

/* File seals (memfd_create's files): fcntl's commands and the seals. */
#define F_ADD_SEALS         1033
#define F_GET_SEALS         1034
#define F_SEAL_SEAL         0x0001 /* no more seals */
#define F_SEAL_SHRINK       0x0002
#define F_SEAL_GROW         0x0004
#define F_SEAL_WRITE        0x0008 /* no writes, no writable shared mappings */
#define F_SEAL_FUTURE_WRITE 0x0010 /* no new writes; mappings made before still write */
#define F_SEAL_ALL          0x001f /* Linux 6.1's */

/* fcntl(2)'s record-lock commands (asm-generic/fcntl.h); the 64 ones
 * exist for i386's fcntl64 only, the OFD ones for every ABI (i386: fcntl64). */
#define F_GETLK      5
#define F_SETLK      6
#define F_SETLKW     7
#define F_GETLK64    12
#define F_SETLK64    13
#define F_SETLKW64   14
#define F_OFD_GETLK  36
#define F_OFD_SETLK  37
#define F_OFD_SETLKW 38

/* struct flock's l_type */
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

/* x86-64's struct flock (32 bytes, padded after l_whence and l_pid; the
 * alignment spelled out for i386 compilers too). */
struct linux_flock {
	int16_t l_type, l_whence;
	int64_t l_start __attribute__((aligned(8)));
	int64_t l_len;
	int32_t l_pid;
} __attribute__((aligned(8)));
_Static_assert(sizeof(struct linux_flock) == 32, "x86-64 struct flock");

/* i386's struct flock (16 bytes): 32-bit offsets. */
struct linux_flock32 {
	int16_t l_type, l_whence;
	int32_t l_start, l_len, l_pid;
};
_Static_assert(sizeof(struct linux_flock32) == 16, "i386 struct flock");

/* i386's struct flock64 (24 bytes: i386 aligns int64 to 4). */
struct linux_flock64_32 {
	int16_t l_type, l_whence;
	int64_t l_start, l_len;
	int32_t l_pid;
} __attribute__((packed, aligned(4)));
_Static_assert(sizeof(struct linux_flock64_32) == 24, "i386 struct flock64");

#endif
