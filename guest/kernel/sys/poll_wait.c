/* The temporary signal mask of ppoll, pselect6 and epoll_pwait. */
#include "poll_wait.h"

#include "../mm/uaccess.h"
#include "../proc/signal.h"

long mask_begin(uaddr_t umask, uint64_t size, uint64_t *saved)
{
	uint64_t mask;

	*saved = cur->sigmask;
	if (umask == 0)
		return 0;
	if (size != SIGSET_SIZE)
		return -EINVAL;
	if (copy_from_user(cur->mm, &mask, umask, sizeof(mask)))
		return -EFAULT;
	signal_mask_set(mask);
	return 0;
}
