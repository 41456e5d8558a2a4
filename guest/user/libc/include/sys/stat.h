/* cvlibc: file status, laid out as the i386 kernel's struct stat64. */
#ifndef CV_SYS_STAT_H
#define CV_SYS_STAT_H

#include <sys/types.h>

/* The i386 struct stat64 that stat64 (195), lstat64 (196) and fstat64 (197)
 * fill in: 96 bytes, 64-bit members aligned to 4 as the i386 ABI does. */
struct stat {
	unsigned long long st_dev;
	unsigned char __pad0[4];
	unsigned long __st_ino;
	unsigned int st_mode;
	unsigned int st_nlink;
	unsigned long st_uid;
	unsigned long st_gid;
	unsigned long long st_rdev;
	unsigned char __pad3[4];
	long long st_size;
	unsigned long st_blksize;
	unsigned long long st_blocks;
	unsigned long st_atime;
	unsigned long st_atime_nsec;
	unsigned long st_mtime;
	unsigned long st_mtime_nsec;
	unsigned long st_ctime;
	unsigned long st_ctime_nsec;
	unsigned long long st_ino;
};

_Static_assert(sizeof(struct stat) == 96, "i386 struct stat64 is 96 bytes");
_Static_assert(__builtin_offsetof(struct stat, st_size) == 44, "st_size at 44");
_Static_assert(__builtin_offsetof(struct stat, st_ino) == 88, "st_ino at 88");

#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)

int stat(const char *path, struct stat *st);
int lstat(const char *path, struct stat *st);
int fstat(int fd, struct stat *st);

#endif
