/* The introspection root and the layouts of the tables the VMM reads in
 * place. */
#include "introspect.h"

#include <stddef.h>

#include "../../shared/introspect.h"
#include "../../shared/introspect_mm.h"
#include "../../shared/introspect_proc.h"
#include "arch/layout.h"
#include "core/boot.h"
#include "core/counters.h"
#include "core/introspect_root.h"
#include "mm/frame.h"
#include "mm/vm.h"
#include "mm/vma_array.h"
#include "proc/proc.h"

/* The fields the VMM reads have the widths shared/introspect_mm.h gives. */
#define FIELD_SIZE(type, f) sizeof(((type *)0)->f)
_Static_assert(FIELD_SIZE(struct mm, pml4) == 8 && FIELD_SIZE(struct mm, users) == 4 &&
	       FIELD_SIZE(struct mm, vmas.v) == 8 && FIELD_SIZE(struct mm, vmas.n) == 4,
	       "struct mm fields as cv_mm_layout describes them");
_Static_assert(FIELD_SIZE(struct vma, start) == 8 && FIELD_SIZE(struct vma, end) == 8 &&
	       FIELD_SIZE(struct vma, prot) == 4 && FIELD_SIZE(struct vma, kind) == 4 &&
	       FIELD_SIZE(struct vma, shared) == 1 && FIELD_SIZE(struct vma, file_whole) == 1 &&
	       FIELD_SIZE(struct vma, file) == 8 && FIELD_SIZE(struct vma, file_off) == 8,
	       "struct vma fields as cv_mm_layout describes them");

/* Where the address spaces and their regions are (cv_introspect.mm_layout). */
static struct cv_mm_layout cv_mm_layout;

/* Describe the address-space table and the fields of it the VMM reads. */
static void mm_layout_init(void)
{
	cv_mm_layout = (struct cv_mm_layout){
		.magic = CV_MM_LAYOUT_MAGIC,
		.version = CV_MM_LAYOUT_VERSION,
		.mms = V2P(vm_mm_table()),
		.nmms = NPROC,
		.mm_size = sizeof(struct mm),
		.mm_pml4 = offsetof(struct mm, pml4),
		.mm_users = offsetof(struct mm, users),
		.mm_vmas = offsetof(struct mm, vmas.v),
		.mm_nvmas = offsetof(struct mm, vmas.n),
		.vma_size = sizeof(struct vma),
		.max_vmas = VMA_COUNT_MAX,
		.vma_start = offsetof(struct vma, start),
		.vma_end = offsetof(struct vma, end),
		.vma_prot = offsetof(struct vma, prot),
		.vma_kind = offsetof(struct vma, kind),
		.vma_shared = offsetof(struct vma, shared),
		.vma_file_whole = offsetof(struct vma, file_whole),
		.vma_file = offsetof(struct vma, file),
		.vma_file_off = offsetof(struct vma, file_off),
	};
}

_Static_assert(FIELD_SIZE(struct proc, pid) == 4 && FIELD_SIZE(struct proc, parent) == 8 &&
	       FIELD_SIZE(struct proc, state) == 4 && FIELD_SIZE(struct proc, mm) == 8 &&
	       FIELD_SIZE(struct proc, comm) == CV_COMM_LEN && FIELD_SIZE(struct proc, abi) == 4 &&
	       FIELD_SIZE(struct proc, origin) == 4 && FIELD_SIZE(struct proc, execs) == 2,
	       "struct proc fields as cv_proc_layout describes them");
_Static_assert(P_ZOMBIE < CV_PROC_STATES_MAX, "every kernel state has a cv_proc_state");

/* Where the processes are (cv_introspect.proc_layout). */
static struct cv_proc_layout cv_proc_layout;

/* Describe the process table, the fields of it the VMM reads, and what
 * each of the kernel's states is in the statistics' terms. */
static void proc_layout_init(void)
{
	cv_proc_layout = (struct cv_proc_layout){
		.magic = CV_PROC_LAYOUT_MAGIC,
		.version = CV_PROC_LAYOUT_VERSION,
		.procs = V2P(proc_table()),
		.proc_size = sizeof(struct proc),
		.pid = offsetof(struct proc, pid),
		.parent = offsetof(struct proc, parent),
		.state = offsetof(struct proc, state),
		.mm = offsetof(struct proc, mm),
		.mm_pml4 = offsetof(struct mm, pml4),
		.comm = offsetof(struct proc, comm),
		.abi = offsetof(struct proc, abi),
		.origin = offsetof(struct proc, origin),
		.execs = offsetof(struct proc, execs),
		.states = {
			[P_FREE] = CV_PROC_FREE, [P_READY] = CV_PROC_RUNNING,
			[P_RUNNING] = CV_PROC_RUNNING, [P_SLEEPING] = CV_PROC_SLEEPING,
			[P_STOPPED] = CV_PROC_STOPPED, [P_ZOMBIE] = CV_PROC_ZOMBIE,
		},
	};
}

void introspect_init(uint64_t tramp_frame)
{
	mm_layout_init();
	proc_layout_init();
	cv_introspect = (struct cv_introspect){
		.magic = CV_INTROSPECT_MAGIC,
		.version = CV_INTROSPECT_VERSION,
		.proc_layout_size = sizeof(struct cv_proc_layout),
		.nprocs = NPROC,
		.proc_layout = V2P(&cv_proc_layout),
		.counters = V2P(&cv_counters),
		.totals = V2P(&cv_frame_totals),
		.refcounts = frame_refcounts_pa(),
		.nframes = frames_total(),
		.pinned_start = boot.initrd_pa >> PAGE_SHIFT,
		.pinned_end = (boot.initrd_pa + boot.initrd_size + PAGE_SIZE - 1) >> PAGE_SHIFT,
		.pinned_extra = tramp_frame >> PAGE_SHIFT,
		.user_pml4_slots = USER_PML4_SLOTS,
		.held_map = frame_held_map_pa(),
		.mm_layout = V2P(&cv_mm_layout),
	};
}
