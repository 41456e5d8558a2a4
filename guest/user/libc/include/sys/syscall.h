/* cvlibc: the Linux i386 system call numbers, SYS_name, made from
 * shared/linux_syscall_table.h. */
#ifndef CV_SYS_SYSCALL_H
#define CV_SYS_SYSCALL_H

enum {
#define SC_COMMON(name, nr32, nr64, handler, ret, args) SYS_##name = nr32,
#define SC_I386(name, nr32, handler, ret, args)         SYS_##name = nr32,
#define SC_X86_64(name, nr64, handler, ret, args)
#include "../../../../../shared/linux_syscall_table.h"
};

#endif
