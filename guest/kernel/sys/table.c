/* The dispatch arrays, made from shared/linux_syscall_table.h. */
#include "table.h"

#include "../../../shared/linux_syscall_kinds.h"
#include "../lib/errno.h"
#include "handlers.h"

/* fn with the arguments whose bit is set in mask sign-extended (a copy:
 * arg may be the caller's registers). */
static inline __attribute__((always_inline)) long sign_extended_call(syscall_fn fn, const uint64_t *arg,
								     unsigned mask)
{
	uint64_t a[6];

#pragma GCC unroll 6 /* mask is a constant in each wrapper: six plain moves */
	for (int i = 0; i < 6; i++)
		a[i] = (mask >> i) & 1 ? (uint64_t)(int64_t)(int32_t)arg[i] : arg[i];
	return fn(a);
}

/* Per i386 row, a wrapper that sign-extends its signed kinds before the
 * handler (i386_signed_NAME): the dispatch array holds it for the rows
 * that have any, so the dispatcher itself never looks at kinds. */
#define SC_COMMON(name, nr32, nr64, handler, ret, args) SIGNED_WRAPPER(name, handler, args)
#define SC_I386(name, nr32, handler, ret, args)         SIGNED_WRAPPER(name, handler, args)
#define SC_X86_64(name, nr64, handler, ret, args)
#define SIGNED_WRAPPER(name, handler, args)                                         \
	static long i386_signed_##name(const uint64_t *arg)                         \
	{                                                                           \
		return sign_extended_call(handler, arg, SC_SIGNED_MASK(args));      \
	}
#include "../../../shared/linux_syscall_table.h"
#undef SIGNED_WRAPPER

/* Numbers without a row answer -ENOSYS as rows without a handler do (the
 * range fill first, the rows over it: no NULL for the dispatcher to test). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
const syscall_fn syscall_table_i386[LINUX_NR_I386_COUNT] = {
	[0 ... LINUX_NR_I386_COUNT - 1] = sys_ni_syscall,
#define SC_COMMON(name, nr32, nr64, handler, ret, args) \
	[nr32] = SC_SIGNED_MASK(args) ? i386_signed_##name : handler,
#define SC_I386(name, nr32, handler, ret, args) \
	[nr32] = SC_SIGNED_MASK(args) ? i386_signed_##name : handler,
#define SC_X86_64(name, nr64, handler, ret, args)
#include "../../../shared/linux_syscall_table.h"
};

const syscall_fn syscall_table_x86_64[LINUX_NR_X86_64_COUNT] = {
	[0 ... LINUX_NR_X86_64_COUNT - 1] = sys_ni_syscall,
#define SC_COMMON(name, nr32, nr64, handler, ret, args) [nr64] = handler,
#define SC_I386(name, nr32, handler, ret, args)
#define SC_X86_64(name, nr64, handler, ret, args)       [nr64] = handler,
#include "../../../shared/linux_syscall_table.h"
};
#pragma GCC diagnostic pop

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
