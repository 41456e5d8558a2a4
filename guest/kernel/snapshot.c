/* Snapshot requests to the VMM (see snapshot.h). */
#include "snapshot.h"

#include "arch/hypercall.h"
#include "arch/layout.h"
#include "boot.h"
#include "introspect.h"
#include "lib/errno.h"
#include "proc/proc.h"

void snapshot_event(enum cv_snapshot_trigger trigger, int pid)
{
	if (boot.snapshot_on & CV_SNAP_BIT(trigger))
		hypercall(CV_HC_SNAPSHOT, trigger, 0, 0, (uint64_t)pid);
}

void snapshot_sample_point(void)
{
	if (introspect_sample_requested())
		hypercall(CV_HC_SNAPSHOT, CV_SNAP_SAMPLE, 0, 0, (uint64_t)(cur ? cur->pid : 0));
}

long snapshot_request(const char *label, uint32_t len)
{
	int64_t seq = hypercall(CV_HC_SNAPSHOT, CV_SNAP_GUEST, V2P(label), len, (uint64_t)cur->pid);

	return seq >= 0 ? (long)seq : -ENOSYS;
}
