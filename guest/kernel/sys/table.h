/* The dispatch arrays: system-call number -> handler, one per ABI, made
 * from shared/linux_syscall_table.h. Host-compilable (unit-tested). */
#ifndef SYS_TABLE_H
#define SYS_TABLE_H

#include <stdint.h>

#include "../../../shared/linux_syscall_nr.h"

/* A handler takes the six argument registers. */
typedef long (*syscall_fn)(const uint32_t *arg);

/* Numbers without a row are NULL (-ENOSYS); rows the kernel does not
 * implement hold sys_ni_syscall. */
extern const syscall_fn syscall_table_i386[LINUX_NR_I386_COUNT];
extern const syscall_fn syscall_table_x86_64[LINUX_NR_X86_64_COUNT];

#endif
