/* The introspection root, the process mirror, snapshot requests. */
#include "introspect.h"

#include "../../shared/introspect.h"
#include "arch/hypercall.h"
#include "boot.h"
#include "counters.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/layout.h"
#include "mm/vm.h"
#include "proc/proc.h"


static struct cv_proc_info cv_procs[NPROC];

/* The VMM finds everything from here (symbol CV_INTROSPECT_SYMBOL). */
struct cv_introspect cv_introspect __attribute__((used, visibility("default")));

void introspect_init(uint64_t tramp_frame)
{
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
		.user_pml4_slots = 1,
		.held_map = frame_held_map_pa(),
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
}

void snapshot_event(enum cv_snapshot_trigger trigger, int pid)
{
	if (boot.snapshot_on & (1u << trigger))
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
