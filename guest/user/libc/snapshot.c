/* cvlibc: cowvisor's own system call. */
#include <cvlibc.h>
#include "internal.h"
#include "../../../shared/syscall.h"

/* cv_snapshot: system call CV_SYS_SNAPSHOT with the label. */
int cv_snapshot(const char *label)
{
	return SYSCALL1(CV_SYS_SNAPSHOT, label);
}
