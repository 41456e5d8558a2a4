/* cvlibc: file status, directories, the working directory, uname. */
#include <dirent.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "internal.h"

/* stat(2) through stat64 (195). */
int stat(const char *path, struct stat *st)
{
	return SYSCALL2(SYS_stat64, path, st);
}

/* lstat(2) through lstat64 (196). */
int lstat(const char *path, struct stat *st)
{
	return SYSCALL2(SYS_lstat64, path, st);
}

/* fstat(2) through fstat64 (197). */
int fstat(int fd, struct stat *st)
{
	return SYSCALL2(SYS_fstat64, fd, st);
}

/* getdents64(2): fills BUF with struct linux_dirent64 records. */
int getdents64(int fd, void *buf, unsigned int count)
{
	return SYSCALL3(SYS_getdents64, fd, buf, count);
}

/* getcwd(3): BUF on success, NULL with errno on failure. */
char *getcwd(char *buf, size_t size)
{
	return SYSCALL2(SYS_getcwd, buf, size) < 0 ? NULL : buf;
}

/* chdir(2). */
int chdir(const char *path)
{
	return SYSCALL1(SYS_chdir, path);
}

/* uname(2). */
int uname(struct utsname *u)
{
	return SYSCALL1(SYS_uname, u);
}
