/* memfd_create: a file in memory without a name (file/memfd.c). */
#include "handlers.h"

#include "../file/memfd.h"
#include "../lib/errno.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"

#define MFD_CLOEXEC       1u
#define MFD_ALLOW_SEALING 2u
#define MFD_NAME_MAX      249 /* Linux: NAME_MAX less "memfd:" */

/* memfd_create(name, flags): MFD_CLOEXEC, MFD_ALLOW_SEALING (MFD_HUGETLB:
 * no huge pages here, EINVAL like other flags). */
long sys_memfd_create(const uint64_t *arg)
{
	uint32_t flags = (uint32_t)arg[1];
	char name[MFD_NAME_MAX + 1];
	struct file *f;
	int len;
	long rc;

	if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING))
		return -EINVAL;
	if ((len = copy_str_from_user(cur->mm, name, arg[0], sizeof(name))) < 0)
		return len == -ENAMETOOLONG ? -EINVAL : len;
	if ((rc = memfd_new(name, (uint32_t)len, flags & MFD_ALLOW_SEALING, &f)))
		return rc;
	return fd_install(f, 0, flags & MFD_CLOEXEC);
}
