/* System call handlers: each takes its six arguments as 64-bit values
 * (table.h says how i386 registers are widened); which number reaches
 * which is shared/linux_syscall_table.h. */
#ifndef SYS_HANDLERS_H
#define SYS_HANDLERS_H

#include <stdint.h>

/* Every handler shared/linux_syscall_table.h names (sys_ni_syscall, for
 * a call the kernel does not implement: -ENOSYS, Linux's name, is in
 * table.c), declared from the table's rows: adding a system call is a row
 * there and its handler in a sys_*.c file. */
#define SC_HANDLER_DECL(handler) long handler(const uint64_t *arg);
#define SC_COMMON(name, nr32, nr64, handler, ret, args) SC_HANDLER_DECL(handler)
#define SC_I386(name, nr32, handler, ret, args)         SC_HANDLER_DECL(handler)
#define SC_X86_64(name, nr64, handler, ret, args)       SC_HANDLER_DECL(handler)
#include "../../../shared/linux_syscall_table.h"
#undef SC_HANDLER_DECL

/* cowvisor's own call outside Linux's numbers (CV_SYS_SNAPSHOT): sys_proc.c */
long sys_cv_snapshot(const uint64_t *arg);

#endif
