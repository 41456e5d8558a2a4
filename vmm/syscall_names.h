/* Linux system calls for --strace: number -> name, arguments, result, for
 * each ABI (from shared/linux_syscall_table.h); cowvisor's own call
 * CV_SYS_SNAPSHOT (1000) is included as cv_snapshot. */
#ifndef VMM_SYSCALL_NAMES_H
#define VMM_SYSCALL_NAMES_H

#include <stdint.h>

#include "../shared/linux_syscall_kinds.h"

struct syscall_info {
	const char *name;
	const char *args;  /* one enum sc_arg_kind letter per argument */
	enum sc_ret_kind ret;
};

/* The description of i386 call nr, or NULL when it is not known. */
const struct syscall_info *syscall_lookup(uint32_t nr);

/* The description of x86-64 call nr, or NULL when it is not known. */
const struct syscall_info *syscall_lookup_x86_64(uint32_t nr);

/* How many arguments a call takes (the length of its signature). */
unsigned syscall_nargs(const struct syscall_info *info);

#endif
