/* Where the VMM finds the guest kernel's processes. The kernel publishes
 * its own process table and the offsets of the few fields the VMM reads
 * (as it does for its address spaces, shared/introspect_mm.h), so its
 * structures stay its own and nothing is copied for the VMM: the VMM reads
 * the table when it needs it (snapshots, the report, a crash) through its
 * checked guest-memory accessor. The widths of the fields are fixed here
 * and asserted by the kernel. */
#ifndef SHARED_INTROSPECT_PROC_H
#define SHARED_INTROSPECT_PROC_H

#include <stdint.h>

#define CV_PROC_LAYOUT_MAGIC   0x52505643u /* "CVPR" */
#define CV_PROC_LAYOUT_VERSION 1
#define CV_PROC_STATES_MAX     8
#define CV_COMM_LEN            16 /* a process name, NUL-padded */

/* Process states as the statistics report them. */
enum cv_proc_state {
	CV_PROC_FREE = 0,     /* slot unused: skip */
	CV_PROC_RUNNING = 1,  /* running or ready to run */
	CV_PROC_SLEEPING = 2,
	CV_PROC_ZOMBIE = 3,
	CV_PROC_STOPPED = 4,  /* by a stop signal, until SIGCONT */
};

/* How a process came to be (the edges of the process tree); the kernel's
 * process records hold these values. */
enum cv_proc_origin {
	CV_ORIGIN_BOOT = 0,   /* the first process */
	CV_ORIGIN_FORK = 1,   /* fork, or clone without CLONE_VM */
	CV_ORIGIN_VFORK = 2,  /* vfork: borrowed its parent's address space */
	CV_ORIGIN_THREAD = 3, /* clone with CLONE_THREAD: a thread of its creator's group */
};

/* The root of the process table (cv_introspect.proc_layout). Offsets are
 * byte offsets into one record; kernel virtual addresses are in the
 * direct map (CV_DIRECT_MAP_BASE + physical). */
struct cv_proc_layout {
	uint32_t magic;        /* CV_PROC_LAYOUT_MAGIC */
	uint32_t version;      /* CV_PROC_LAYOUT_VERSION */
	uint64_t procs;        /* physical: cv_introspect.nprocs records of proc_size bytes */
	uint32_t proc_size;
	uint32_t pid;          /* int32_t */
	uint32_t parent;       /* uint64_t: kernel virtual address of the parent's record; 0: none */
	uint32_t state;        /* uint32_t: the kernel's state, an index into states[] */
	uint32_t mm;           /* uint64_t: kernel virtual address of its address space (a
	                          cv_mm_layout record); 0: none (a zombie) */
	uint32_t mm_pml4;      /* in that record, uint64_t: the PML4's physical address (cr3) */
	uint32_t comm;         /* char[CV_COMM_LEN]: NUL-padded, not necessarily terminated */
	uint32_t abi;          /* uint32_t: enum cv_abi of the program it runs */
	uint32_t origin;       /* uint32_t: enum cv_proc_origin */
	uint32_t execs;        /* uint16_t: execve()s it has done (saturating) */
	uint8_t states[CV_PROC_STATES_MAX]; /* enum cv_proc_state of each kernel state */
};
_Static_assert(sizeof(struct cv_proc_layout) == 64, "cv_proc_layout layout");

#endif
