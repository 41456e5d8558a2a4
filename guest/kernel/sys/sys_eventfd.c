/* eventfd and eventfd2: a counter as a file descriptor (file/eventfd.c). */
#include "handlers.h"

#include "../../../shared/linux_fcntl.h"
#include "../file/eventfd.h"
#include "../lib/errno.h"

#define EFD_SEMAPHORE 1
#define EFD_FLAGS     (EFD_SEMAPHORE | O_CLOEXEC | O_NONBLOCK)

/* eventfd2(initval, flags): EFD_SEMAPHORE, EFD_CLOEXEC, EFD_NONBLOCK. */
long sys_eventfd2(const uint64_t *arg)
{
	uint32_t flags = (uint32_t)arg[1];
	struct file *f;
	long rc;

	if (flags & ~(uint32_t)EFD_FLAGS)
		return -EINVAL;
	if ((rc = eventfd_new((uint32_t)arg[0], flags & EFD_SEMAPHORE, flags & O_NONBLOCK, &f)))
		return rc;
	return fd_install(f, 0, flags & O_CLOEXEC);
}

/* eventfd(initval): eventfd2 without flags. */
long sys_eventfd(const uint64_t *arg)
{
	return sys_eventfd2((const uint64_t[]){ arg[0], 0 });
}
