/* The system call names and argument kinds for --strace, made from
 * shared/linux_syscall_table.h (one array per ABI, indexed by number). */
#include "syscall_names.h"

#include <stddef.h>
#include <string.h>

#include "../shared/syscall.h"

#define INFO(nm, rk, sig) { .name = #nm, .args = sig, .ret = SC_RET_##rk }

static const struct syscall_info i386_calls[] = {
#define SC_COMMON(name, nr32, nr64, handler, ret, args) [nr32] = INFO(name, ret, args),
#define SC_I386(name, nr32, handler, ret, args)         [nr32] = INFO(name, ret, args),
#define SC_X86_64(name, nr64, handler, ret, args)
#include "../shared/linux_syscall_table.h"
};

static const struct syscall_info x86_64_calls[] = {
#define SC_COMMON(name, nr32, nr64, handler, ret, args) [nr64] = INFO(name, ret, args),
#define SC_I386(name, nr32, handler, ret, args)
#define SC_X86_64(name, nr64, handler, ret, args)       [nr64] = INFO(name, ret, args),
#include "../shared/linux_syscall_table.h"
};

/* cowvisor's own call: int cv_snapshot(const char *label). */
static const struct syscall_info cv_snapshot_info = { "cv_snapshot", "s", SC_RET_DEC };

/* The row of nr in calls[0..n), or NULL for a number without a name. */
static const struct syscall_info *row(const struct syscall_info *calls, size_t n, uint32_t nr)
{
	if (nr == CV_SYS_SNAPSHOT)
		return &cv_snapshot_info;
	if (nr >= n || calls[nr].name == NULL)
		return NULL;
	return &calls[nr];
}

const struct syscall_info *syscall_lookup(uint32_t nr)
{
	return row(i386_calls, sizeof(i386_calls) / sizeof(i386_calls[0]), nr);
}

const struct syscall_info *syscall_lookup_x86_64(uint32_t nr)
{
	return row(x86_64_calls, sizeof(x86_64_calls) / sizeof(x86_64_calls[0]), nr);
}

/* The number of arguments: one signature letter each. */
unsigned syscall_nargs(const struct syscall_info *info)
{
	return info == NULL ? 0 : (unsigned)strlen(info->args);
}
