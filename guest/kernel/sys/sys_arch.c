/* arch_prctl: a 64-bit process's FS and GS bases. */
#include "handlers.h"

#include "../arch/x86.h"
#include "../lib/errno.h"
#include "../mm/uaccess.h"
#include "../mm/vm.h"
#include "../proc/proc.h"

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

/* arch_prctl(code, addr): set a base to addr, or store it at addr. The
 * CPUID and shadow-stack codes, and every code from an i386 program
 * (which Linux allows only those), get EINVAL. */
long sys_arch_prctl(const uint64_t *arg)
{
	uint64_t code = arg[0], addr = arg[1];

	if (cur->abi != CV_ABI_X86_64)
		return -EINVAL;
	switch (code) {
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		if (addr >= USER64_END)
			return -EPERM; /* Linux: not a user address */
		if (code == ARCH_SET_FS) {
			cur->fsbase = addr;
			wrmsr(MSR_FS_BASE, addr);
		} else {
			cur->gsbase = addr;
			wrmsr(MSR_GS_BASE, addr);
		}
		return 0;
	case ARCH_GET_FS:
		return copy_to_user(cur->mm, addr, &cur->fsbase, 8) ? -EFAULT : 0;
	case ARCH_GET_GS:
		return copy_to_user(cur->mm, addr, &cur->gsbase, 8) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}
