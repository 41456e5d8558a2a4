/* The symbolic name of an errno value, for output that is the same under
 * every libc (strerror's wording differs between glibc and musl). */
#ifndef PROGS_ERRNAME_H
#define PROGS_ERRNAME_H

#include <errno.h>

/* "EFAULT" for EFAULT, and so on; "E?" for numbers not listed. */
static inline const char *errname(int err)
{
	switch (err) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case EBADF: return "EBADF";
	case ECHILD: return "ECHILD";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EEXIST: return "EEXIST";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EINVAL: return "EINVAL";
	case EMFILE: return "EMFILE";
	case ENOSPC: return "ENOSPC";
	case ESPIPE: return "ESPIPE";
	case EPIPE: return "EPIPE";
	case ERANGE: return "ERANGE";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case ENOSYS: return "ENOSYS";
	case EOVERFLOW: return "EOVERFLOW";
	case ENOTEMPTY: return "ENOTEMPTY";
	case EBUSY: return "EBUSY";
	case EXDEV: return "EXDEV";
	case ELOOP: return "ELOOP";
	case EMLINK: return "EMLINK";
	case EFBIG: return "EFBIG";
	case ETXTBSY: return "ETXTBSY";
	case ENXIO: return "ENXIO";
	case EROFS: return "EROFS";
	case ENODEV: return "ENODEV";
	default: return "E?";
	}
}

#endif
