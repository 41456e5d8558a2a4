/* The dispatch arrays, made from shared/linux_syscall_table.h. */
#include "table.h"

#include "../../../shared/linux_syscall_kinds.h"
#include "../lib/errno.h"
#include "handlers.h"

const syscall_fn syscall_table_i386[LINUX_NR_I386_COUNT] = {
#define SC_COMMON(name, nr32, nr64, handler, ret, args) [nr32] = handler,
#define SC_I386(name, nr32, handler, ret, args)         [nr32] = handler,
#define SC_X86_64(name, nr64, handler, ret, args)
#include "../../../shared/linux_syscall_table.h"
};

const syscall_fn syscall_table_x86_64[LINUX_NR_X86_64_COUNT] = {
#define SC_COMMON(name, nr32, nr64, handler, ret, args) [nr64] = handler,
#define SC_I386(name, nr32, handler, ret, args)
#define SC_X86_64(name, nr64, handler, ret, args)       [nr64] = handler,
#include "../../../shared/linux_syscall_table.h"
};

const uint8_t syscall_signed_i386[LINUX_NR_I386_COUNT] = {
#define SC_COMMON(name, nr32, nr64, handler, ret, args) [nr32] = SC_SIGNED_MASK(args),
#define SC_I386(name, nr32, handler, ret, args)         [nr32] = SC_SIGNED_MASK(args),
#define SC_X86_64(name, nr64, handler, ret, args)
#include "../../../shared/linux_syscall_table.h"
};

/* A call Linux knows and this kernel does not implement. */
long sys_ni_syscall(const uint64_t *arg)
{
	(void)arg;
	return -ENOSYS;
}
