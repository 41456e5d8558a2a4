/* The introspection root, the process mirror, snapshot requests. */
#include "introspect.h"

#include "../../shared/introspect.h"
#include "../../shared/introspect_mm.h"
#include "arch/hypercall.h"
#include "boot.h"
#include "counters.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/vma_array.h"
#include "mm/frame.h"
#include "mm/layout.h"
#include "mm/vm.h"
#include "proc/proc.h"


static struct cv_proc_info cv_procs[NPROC];

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

/* The VMM finds everything from here (symbol CV_INTROSPECT_SYMBOL). */
struct cv_introspect cv_introspect __attribute__((used, visibility("default")));

void introspect_init(uint64_t tramp_frame)
{
	mm_layout_init();
	cv_introspect = (struct cv_introspect){
		.magic = CV_INTROSPECT_MAGIC,
		.version = CV_INTROSPECT_VERSION,
		.proc_info_size = sizeof(struct cv_proc_info),
		.nprocs = NPROC,
		.procs = V2P(cv_procs),
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

/* The state the statistics report for a process state. */
static uint32_t state_of(const struct proc *p)
{
	switch (p->state) {
	case P_FREE: return CV_PROC_FREE;
	case P_SLEEPING: return CV_PROC_SLEEPING;
	case P_ZOMBIE: return CV_PROC_ZOMBIE;
	case P_STOPPED: return CV_PROC_STOPPED;
	default: return CV_PROC_RUNNING;
	}
}

void introspect_proc(const struct proc *p)
{
	struct cv_proc_info *i = &cv_procs[proc_index(p)];

	i->pid = (uint32_t)p->pid;
	i->ppid = p->parent ? (uint32_t)p->parent->pid : 0;
	i->state = state_of(p);
	i->cr3 = p->mm ? p->mm->pml4 : 0;
	memcpy(i->comm, p->comm, CV_COMM_LEN);
	i->abi = p->abi;
	if (i->state == CV_PROC_FREE)
		i->origin = i->execs = 0; /* the slot's next process starts afresh */
}

void introspect_proc_state(const struct proc *p)
{
	cv_procs[proc_index(p)].state = state_of(p);
}

void introspect_proc_born(const struct proc *p, bool vfork)
{
	struct cv_proc_info *i = &cv_procs[proc_index(p)];

	i->origin = vfork ? CV_ORIGIN_VFORK : CV_ORIGIN_FORK;
	i->execs = 0;
	introspect_proc(p);
}

void introspect_proc_exec(const struct proc *p)
{
	struct cv_proc_info *i = &cv_procs[proc_index(p)];

	if (i->execs != UINT16_MAX)
		i->execs++;
	introspect_proc(p);
}

void snapshot_event(enum cv_snapshot_trigger trigger, int pid)
{
	if (boot.snapshot_on & CV_SNAP_BIT(trigger))
		hypercall(CV_HC_SNAPSHOT, trigger, 0, 0, (uint64_t)pid);
}

void snapshot_sample_point(void)
{
	volatile uint32_t *request = &cv_introspect.sample_request; /* the VMM writes it */

	if (*request == 0)
		return;
	*request = 0;
	hypercall(CV_HC_SNAPSHOT, CV_SNAP_SAMPLE, 0, 0, (uint64_t)(cur ? cur->pid : 0));
}

long snapshot_request(const char *label, uint32_t len)
{
	int64_t seq = hypercall(CV_HC_SNAPSHOT, CV_SNAP_GUEST, V2P(label), len, (uint64_t)cur->pid);

	return seq >= 0 ? (long)seq : -ENOSYS;
}
