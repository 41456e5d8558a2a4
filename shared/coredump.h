/* Core dumps of guest processes (--core-dir): what the guest kernel tells
 * the VMM when a process dies of a signal whose default action dumps core.
 * The kernel writes nothing itself, and reports only what the VMM cannot
 * read from outside: the path of each file the process maps
 * (CV_HC_CORE_FILE, keyed by the file identity its VMA records hold,
 * shared/introspect_mm.h), then the event with the registers at the fault
 * (CV_HC_CORE_DUMP), synchronously and before the address space is torn
 * down. The VMM takes the mappings from the kernel's VMA tables, reads the
 * memory through its page walker and writes the ELF core file. Fixed-width
 * fields only (host and guest builds agree). */
#ifndef SHARED_COREDUMP_H
#define SHARED_COREDUMP_H

#include <stdint.h>

#define CV_CORE_PATH_MAX 4096u /* a file's path, NUL excluded (FS_PATH_MAX) */

/* The user registers of an i386 process, in the order of Linux's i386
 * struct user_regs_struct (the pr_reg of NT_PRSTATUS). */
struct cv_core_regs32 {
	uint32_t ebx, ecx, edx, esi, edi, ebp, eax;
	uint32_t ds, es, fs, gs, orig_eax;
	uint32_t eip, cs, eflags, esp, ss;
};
_Static_assert(sizeof(struct cv_core_regs32) == 17 * 4, "cv_core_regs32 layout");

/* The process at its death (CV_HC_CORE_DUMP). */
struct cv_core_event {
	uint32_t pid, ppid, pgid, sid;
	uint32_t uid, gid;
	int32_t signo;           /* the signal that kills it */
	int32_t code;            /* its si_code */
	uint32_t value;          /* at si_addr/si_pid (one place): the faulting address
	                            (si_code > 0) or the sender (si_code <= 0) */
	uint32_t nfiles;         /* CV_HC_CORE_FILE calls made for this event */
	uint64_t cr3;            /* its page-table root */
	uint64_t sigpend, sighold; /* pending and blocked signals */
	uint64_t utime_ns, stime_ns;   /* its CPU time */
	uint64_t cutime_ns, cstime_ns; /* its reaped children's */
	uint32_t auxv, auxv_bytes; /* user address and size of the auxiliary vector */
	uint32_t arg_start, arg_end; /* its argument strings (user addresses) */
	int32_t nice;
	uint32_t pad;
	char comm[16];           /* NUL-padded */
	struct cv_core_regs32 regs;
	uint32_t pad2;
};
_Static_assert(sizeof(struct cv_core_event) == 136 + 68 + 4, "cv_core_event layout");

/* CV_HC_CORE_DUMP's result when the core file was written completely (the
 * kernel then sets the wait status's core flag, WCOREDUMP, as Linux does
 * when its dump succeeded); 0 when it was not (the VMM said why). */
#define CV_CORE_WRITTEN 1

#endif
