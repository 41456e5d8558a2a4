/* The system-call numbers as assembler symbols (NR_I386_name,
 * NR_X86_64_name), made from shared/linux_syscall_table.h, the one place
 * they are written. For the vDSO's assembly only. */
#ifndef VDSO_SYSCALL_NR_H
#define VDSO_SYSCALL_NR_H

#define SC_COMMON(name, nr32, nr64, handler, ret, args) \
	.set NR_I386_##name, nr32; .set NR_X86_64_##name, nr64;
#define SC_I386(name, nr32, handler, ret, args)   .set NR_I386_##name, nr32;
#define SC_X86_64(name, nr64, handler, ret, args) .set NR_X86_64_##name, nr64;
#include "../../shared/linux_syscall_table.h"

#endif
