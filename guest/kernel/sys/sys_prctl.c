/* prctl(2): the process's name and its parent-death signal. */
#include "handlers.h"

#include "../lib/errno.h"
#include "../lib/string.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE  3
#define PR_SET_DUMPABLE  4
#define PR_SET_NAME      15
#define PR_GET_NAME      16

/* PR_SET_NAME: the first COMM_LEN - 1 bytes of the user's string. */
static long set_name(uaddr_t uname)
{
	char name[COMM_LEN] = { 0 };
	long n = user_strnlen(cur->mm, uname, COMM_LEN - 1);

	if (n < 0)
		return n;
	if (copy_from_user(cur->mm, name, uname, (uint32_t)n))
		return -EFAULT;
	memcpy(cur->comm, name, COMM_LEN);
	return 0;
}

/* prctl(option, arg2, arg3, arg4, arg5): options this kernel does not
 * have are EINVAL, as Linux's answer to unknown ones. */
long sys_prctl(const uint64_t *arg)
{
	switch (arg[0]) {
	case PR_SET_PDEATHSIG:
		if (arg[1] > NSIG)
			return -EINVAL;
		cur->pdeath_signal = (int)arg[1];
		return 0;
	case PR_GET_PDEATHSIG:
		return copy_to_user(cur->mm, arg[1], &cur->pdeath_signal, sizeof(int));
	case PR_GET_DUMPABLE:
		return 1; /* SUID_DUMP_USER: every process is dumpable */
	case PR_SET_DUMPABLE:
		return arg[1] == 1 ? 0 : -EINVAL; /* processes stay dumpable */
	case PR_SET_NAME:
		return set_name(arg[1]);
	case PR_GET_NAME:
		return copy_to_user(cur->mm, arg[1], cur->comm, COMM_LEN);
	}
	return -EINVAL;
}
