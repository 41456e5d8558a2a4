/* The dispatch arrays: system-call number -> handler, one per ABI, made
 * from shared/linux_syscall_table.h. Host-compilable (unit-tested). */
#ifndef SYS_TABLE_H
#define SYS_TABLE_H

#include <stdint.h>

#include "../../../shared/linux_syscall_nr.h"

/* A handler takes the six arguments as 64-bit values (an i386 call's
 * 32-bit registers extended by their kinds: see syscall_signed_i386). */
typedef long (*syscall_fn)(const uint64_t *arg);

/* Numbers without a row, and rows the kernel does not implement, hold
 * sys_ni_syscall (-ENOSYS): no entry is NULL. An i386 call's arguments
 * come zero-extended; the entry of a row with signed kinds is a wrapper
 * that sign-extends those (syscall_signed_i386) before its handler. */
extern const syscall_fn syscall_table_i386[LINUX_NR_I386_COUNT];
extern const syscall_fn syscall_table_x86_64[LINUX_NR_X86_64_COUNT];

/* Per i386 number, bit i set when argument i is a signed kind
 * (SC_KIND_SIGNED): what its entry's wrapper sign-extends. */
extern const uint8_t syscall_signed_i386[LINUX_NR_I386_COUNT];

#endif
