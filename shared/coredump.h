/* Core dumps of guest processes (--core-dir): what the guest kernel tells
 * the VMM when a process dies of a signal whose default action dumps core.
 * The kernel writes nothing itself, and reports only what the VMM cannot
 * read from outside: the path of each file the process maps
 * (CV_HC_CORE_FILE, keyed by the file identity its VMA records hold,
 * shared/introspect_mm.h), then the event with the registers at the fault
 * and the FPU's state (CV_HC_CORE_DUMP), synchronously and before the address space is torn
 * down. The VMM takes the mappings from the kernel's VMA tables, reads the
 * memory through its page walker and writes the ELF core file. Fixed-width
 * fields only (host and guest builds agree). */
#ifndef SHARED_COREDUMP_H
#define SHARED_COREDUMP_H

#include <stdint.h>

#include "abi.h"

#define CV_CORE_PATH_MAX 4096u /* a file's path, NUL excluded (FS_PATH_MAX) */
#define CV_CORE_FXSAVE_BYTES 512 /* an FXSAVE image */

/* The user registers of an i386 process, in the order of Linux's i386
 * struct user_regs_struct (the pr_reg of NT_PRSTATUS). */
struct cv_core_regs32 {
	uint32_t ebx, ecx, edx, esi, edi, ebp, eax;
	uint32_t ds, es, fs, gs, orig_eax;
	uint32_t eip, cs, eflags, esp, ss;
};
_Static_assert(sizeof(struct cv_core_regs32) == 17 * 4, "cv_core_regs32 layout");

/* The user registers of an x86-64 process, in the order of Linux's x86-64
 * struct user_regs_struct (the pr_reg of its NT_PRSTATUS). */
struct cv_core_regs64 {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi, orig_rax;
	uint64_t rip, cs, eflags, rsp, ss;
	uint64_t fs_base, gs_base;
	uint64_t ds, es, fs, gs;
};
_Static_assert(sizeof(struct cv_core_regs64) == 27 * 8, "cv_core_regs64 layout");

/* The process at its death (CV_HC_CORE_DUMP). abi (enum cv_abi,
 * shared/abi.h) says which member of regs holds its registers and which
 * ELF class its core has; addresses are 64-bit for both ABIs. */
struct cv_core_event {
	uint32_t abi;            /* enum cv_abi: CV_ABI_I386 or CV_ABI_X86_64 */
	uint32_t pid, ppid, pgid, sid;
	uint32_t uid, gid;
	int32_t signo;           /* the signal that kills it */
	int32_t code;            /* its si_code */
	uint32_t nfiles;         /* CV_HC_CORE_FILE calls made for this event */
	uint64_t value;          /* at si_addr/si_pid (one place): the faulting address
	                            (si_code > 0) or the sender (si_code <= 0) */
	uint64_t cr3;            /* its page-table root */
	uint64_t sigpend, sighold; /* pending and blocked signals */
	uint64_t utime_ns, stime_ns;   /* its CPU time */
	uint64_t cutime_ns, cstime_ns; /* its reaped children's */
	uint64_t auxv;           /* user address of the auxiliary vector ... */
	uint64_t arg_start, arg_end; /* its argument strings (user addresses) */
	uint32_t auxv_bytes;     /* ... and its size */
	int32_t nice;
	char comm[16];           /* NUL-padded */
	union {
		struct cv_core_regs32 r32; /* abi CV_ABI_I386 */
		struct cv_core_regs64 r64; /* abi CV_ABI_X86_64 */
	} regs;
	uint8_t fxsave[CV_CORE_FXSAVE_BYTES]; /* its x87/SSE state, as FXSAVE (the legacy,
	                                          32-bit-pointer format) stores it */
};
_Static_assert(sizeof(struct cv_core_event) == 152 + 27 * 8 + CV_CORE_FXSAVE_BYTES, "cv_core_event layout");

/* CV_HC_CORE_DUMP's result when the core file was written completely (the
 * kernel then sets the wait status's core flag, WCOREDUMP, as Linux does
 * when its dump succeeded); 0 when it was not (the VMM said why). */
#define CV_CORE_WRITTEN 1

#endif
