/* System-call numbers by name, made from shared/linux_syscall_table.h:
 * NR_I386_name and NR_X86_64_name, and each ABI's table size. */
#ifndef SHARED_LINUX_SYSCALL_NR_H
#define SHARED_LINUX_SYSCALL_NR_H

enum linux_nr_i386 {
#define SC_COMMON(name, nr32, nr64, handler, ret, args) NR_I386_##name = nr32,
#define SC_I386(name, nr32, handler, ret, args)         NR_I386_##name = nr32,
#define SC_X86_64(name, nr64, handler, ret, args)
#include "linux_syscall_table.h"
};

enum linux_nr_x86_64 {
#define SC_COMMON(name, nr32, nr64, handler, ret, args) NR_X86_64_##name = nr64,
#define SC_I386(name, nr32, handler, ret, args)
#define SC_X86_64(name, nr64, handler, ret, args)       NR_X86_64_##name = nr64,
#include "linux_syscall_table.h"
};

/* Sized to one more than the highest i386 number (never instantiated). */
union linux_nr_i386_bound {
#define SC_COMMON(name, nr32, nr64, handler, ret, args) char name##_[nr32 + 1];
#define SC_I386(name, nr32, handler, ret, args)         char name##_[nr32 + 1];
#define SC_X86_64(name, nr64, handler, ret, args)
#include "linux_syscall_table.h"
};

/* Likewise for x86-64. */
union linux_nr_x86_64_bound {
#define SC_COMMON(name, nr32, nr64, handler, ret, args) char name##_[nr64 + 1];
#define SC_I386(name, nr32, handler, ret, args)
#define SC_X86_64(name, nr64, handler, ret, args)       char name##_[nr64 + 1];
#include "linux_syscall_table.h"
};

/* How many numbers each ABI's dispatch array covers. */
#define LINUX_NR_I386_COUNT   sizeof(union linux_nr_i386_bound)
#define LINUX_NR_X86_64_COUNT sizeof(union linux_nr_x86_64_bound)

#endif
