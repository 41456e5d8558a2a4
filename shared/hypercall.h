/* Hypercalls: the guest kernel asks the VMM for services.
 *
 * Protocol: the kernel fills a struct cv_hypercall in guest RAM and writes
 * its guest-physical address with a 32-bit OUT to CV_HC_PORT. The VMM reads
 * the block through its checked accessor, performs the call and stores the
 * result in `ret` before the vCPU resumes. A 32-bit IN from the port returns
 * CV_HC_MAGIC under cowvisor (all ones elsewhere, e.g. under QEMU). */
#ifndef SHARED_HYPERCALL_H
#define SHARED_HYPERCALL_H

#include <stdint.h>

#include "abi.h"

#define CV_HC_PORT   0x0710u
#define CV_HC_MAGIC  0x52535643u /* "CVSR" */

enum cv_hypercall_nr {
	CV_HC_POWEROFF = 1, /* arg0 = exit status (0..255), arg1 = the signal
	                       that killed init (0: it exited)                 */
	CV_HC_PANIC    = 2, /* arg0 = gpa of message, arg1 = length,
	                       arg2 = gpa of struct cv_regs or 0               */
	CV_HC_BOOTINFO = 3, /* arg0 = gpa of struct cv_bootinfo, arg1 = size   */
	CV_HC_CONSOLE  = 4, /* arg0 = gpa of bytes, arg1 = length, arg2 = the
	                       stream: enum cv_console_stream                 */
	CV_HC_STDIN    = 5, /* arg0 = gpa of buffer, arg1 = length: read host
	                       stdin without blocking; returns bytes read, 0 at
	                       EOF, CV_HC_EAGAIN when nothing is there yet      */
	CV_HC_STRACE   = 6, /* arg0 = gpa of struct cv_strace_event           */
	CV_HC_COPY     = 8, /* arg0 = destination gpa, arg1 = source gpa, arg2 =
	                       length: the VMM copies natively (for kernels whose
	                       own code is emulated: kvm-pvm)                 */
	CV_HC_ZERO     = 9, /* arg0 = gpa, arg1 = length: the VMM zeroes it    */
	CV_HC_RANDOM   = 10,/* arg0 = gpa, arg1 = length (<= CV_HC_RANDOM_MAX):
	                       the VMM fills it from the host's getrandom      */
	CV_HC_STRNLEN  = 11, /* arg0 = gpa, arg1 = max: returns the bytes before
	                       the first NUL in [gpa, gpa + max), or max (exec's
	                       argument strings, for emulated kernels)        */
	CV_HC_STDIN_READY = 12, /* how much host stdin has now, without reading:
	                       returns the bytes a read would get (FIONREAD;
	                       0 at EOF or when the host cannot count), or
	                       CV_HC_EAGAIN when a read would wait            */
	CV_HC_SNAPSHOT = 7, /* arg0 = enum cv_snapshot_trigger, arg1 = gpa of
	                       the label, arg2 = its length (<= 63), arg3 = the
	                       pid it concerns: take a statistics snapshot now;
	                       returns its sequence number, or CV_HC_ENOSYS when
	                       statistics were not asked for                  */
	/* --core-dir (shared/coredump.h): */
	CV_HC_CORE_FILE = 20, /* arg0 = a file's identity (as the VMA records'
	                       vma_file), arg1 = gpa of its path, arg2 = the
	                       path's length, arg3 = the pid: the path of one
	                       file a dying process maps (for NT_FILE)        */
	CV_HC_CORE_DUMP = 21, /* arg0 = gpa of struct cv_core_event: write its
	                       core file now; CV_CORE_WRITTEN or 0           */
};

#define CV_HC_RANDOM_MAX 4096u

/* Why a snapshot was taken (JSON "trigger"). */
enum cv_snapshot_trigger {
	CV_SNAP_GUEST = 0,  /* the program called cv_snapshot(label) */
	CV_SNAP_FORK = 1,   /* --snapshot-on events, reported by the kernel */
	CV_SNAP_VFORK = 2,
	CV_SNAP_EXEC = 3,
	CV_SNAP_EXIT = 4,
	CV_SNAP_SAMPLE = 5, /* --sample-ms, taken by the VMM */
	CV_SNAP_FINAL = 6,  /* at the end of the run */
};

/* Each trigger's name (JSON "trigger"; --snapshot-on takes fork, vfork,
 * exec and exit), indexed by enum cv_snapshot_trigger. */
#define CV_SNAP_TRIGGER_NAMES { \
	[CV_SNAP_GUEST] = "guest", [CV_SNAP_FORK] = "fork", [CV_SNAP_VFORK] = "vfork", \
	[CV_SNAP_EXEC] = "exec", [CV_SNAP_EXIT] = "exit", [CV_SNAP_SAMPLE] = "sample", \
	[CV_SNAP_FINAL] = "final" }

/* The bit of cv_boot_info.snapshot_on that asks for snapshots on trigger. */
#define CV_SNAP_BIT(trigger) (1u << (trigger))

/* Where console output goes on the host: programs' stdout to stdout, their
 * stderr and the kernel's log to stderr. */
enum cv_console_stream { CV_CONSOLE_OUT = 1, CV_CONSOLE_ERR = 2, CV_CONSOLE_LOG = 3 };

/* Errors returned in `ret` (negative, Linux errno values). */
#define CV_HC_EINVAL  (-22)
#define CV_HC_EFAULT  (-14)
#define CV_HC_ENOSYS  (-38)
#define CV_HC_EAGAIN  (-11)

struct cv_hypercall {
	uint32_t nr;
	uint32_t reserved;
	uint64_t arg[4];
	int64_t ret;
};
_Static_assert(sizeof(struct cv_hypercall) == 48, "cv_hypercall layout");

/* Register state of a crashed guest context, for CV_HC_PANIC. */
struct cv_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip, rflags, cr0, cr2, cr3, cr4, efer;
	uint64_t vector, error_code;
	uint16_t cs, ss, ds, es, fs, gs, tr, pad;
};
_Static_assert(sizeof(struct cv_regs) == 25 * 8 + 16, "cv_regs layout");

/* One system call as --strace shows it. The kernel reports a call when it
 * completes (phase EXIT); calls that may not return to their address space
 * (execve, exit, exit_group) are also reported on entry, so their string
 * arguments can still be read. User pointers are resolved by the VMM
 * through the page tables at cr3. */
enum cv_strace_phase { CV_STRACE_ENTRY = 0, CV_STRACE_EXIT = 1 };

struct cv_strace_event {
	uint32_t phase;
	uint32_t pid;
	uint32_t nr;      /* Linux system call number of abi's table */
	uint32_t abi;     /* enum cv_abi (shared/abi.h) of the call: CV_ABI_I386 for
	                     int 0x80 (from either kind of program), CV_ABI_X86_64
	                     for the syscall instruction */
	uint64_t args[6]; /* i386: ebx ecx edx esi edi ebp, zero-extended;
	                     x86-64: rdi rsi rdx r10 r8 r9 */
	int64_t ret;      /* result (EXIT phase): value or -errno */
	uint64_t cr3;     /* the caller's page-table root */
};
_Static_assert(sizeof(struct cv_strace_event) == 80, "cv_strace_event layout");

/* Facts the VMM tells the kernel at boot (CV_HC_BOOTINFO). */
#define CV_BOOTINFO_VERSION        1
#define CV_BOOTINFO_KERNEL_EMULATED  (1u << 0) /* kvm-pvm: CPL0 is emulated */
#define CV_BOOTINFO_STRACE           (1u << 1) /* report system calls       */
#define CV_BOOTINFO_STATS            (1u << 2) /* snapshots are wanted       */
#define CV_BOOTINFO_COREDUMP         (1u << 3) /* report core-dumping deaths */

struct cv_bootinfo {
	uint32_t version;
	uint32_t flags;
	uint64_t tsc_khz;      /* 0 when unknown */
	int64_t realtime_ns;   /* host CLOCK_REALTIME when the VM started */
	uint32_t snapshot_on;  /* bit (1 << trigger) for each kernel event that
	                          should take a snapshot (--snapshot-on) */
	uint32_t pad;
};
_Static_assert(sizeof(struct cv_bootinfo) == 32, "cv_bootinfo layout");

#endif
