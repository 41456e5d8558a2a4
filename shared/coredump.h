/* Core dumps of guest processes (--core-dir): what the guest kernel tells
 * the VMM when a process dies of a signal whose default action dumps core.
 * The kernel writes nothing itself: it reports the process's mappings one
 * by one (CV_HC_CORE_MAP), then the event with the registers at the fault
 * (CV_HC_CORE_DUMP), synchronously and before the address space is torn
 * down; the VMM reads the memory through its page walker and writes the
 * ELF core file. Fixed-width fields only (host and guest builds agree). */
#ifndef SHARED_COREDUMP_H
#define SHARED_COREDUMP_H

#include <stdint.h>

#define CV_CORE_PATH_MAX 4096u /* a mapping's file path, NUL excluded (FS_PATH_MAX) */

/* What a mapping is (the kernel's enum vma_kind, as the VMM needs it). */
enum cv_core_map_kind {
	CV_CORE_MAP_ANON = 0,    /* anonymous (mmap) */
	CV_CORE_MAP_FILE = 1,    /* backed by a file: the program's segments, mmap of a file */
	CV_CORE_MAP_HEAP = 2,    /* brk */
	CV_CORE_MAP_STACK = 3,
	CV_CORE_MAP_SPECIAL = 4, /* a kernel page in user space (the FPU trampoline), like a vDSO */
};

#define CV_CORE_MAP_SHARED 0x1u /* MAP_SHARED */

/* One mapping (CV_HC_CORE_MAP; its file's path is passed beside it). */
struct cv_core_map {
	uint32_t start, end;     /* page aligned, end exclusive */
	uint32_t prot;           /* PROT_READ 1 | PROT_WRITE 2 | PROT_EXEC 4 */
	uint32_t kind;           /* enum cv_core_map_kind */
	uint64_t file_off;       /* CV_CORE_MAP_FILE: the file offset at start */
	uint32_t flags;          /* CV_CORE_MAP_* */
	uint32_t pad;
};
_Static_assert(sizeof(struct cv_core_map) == 32, "cv_core_map layout");

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
	uint32_t nmaps;          /* CV_HC_CORE_MAP calls made for this event */
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
