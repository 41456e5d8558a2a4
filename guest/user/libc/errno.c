/* cvlibc: errno, the raw-result convention and the generic syscall(). */
#include <errno.h>
#include <stdarg.h>
#include <unistd.h>
#include "internal.h"

int errno;

/* Maps a raw kernel result to the C convention: -1 and errno on error. */
long __cv_ret(long raw)
{
	if (__CV_IS_ERR(raw)) {
		errno = (int)-raw;
		return -1;
	}
	return raw;
}

/* long syscall(nr, ...): any system call with up to six long arguments. */
long syscall(long nr, ...)
{
	va_list ap;
	long a[6];
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	return __cv_ret(__cv_syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]));
}
