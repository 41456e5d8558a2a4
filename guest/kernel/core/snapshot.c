/* Snapshot requests to the VMM (see snapshot.h). */
#include "snapshot.h"

#include "../arch/hypercall.h"
#include "../arch/layout.h"
#include "../lib/errno.h"
#include "boot.h"

void snapshot_event(enum cv_snapshot_trigger trigger, int pid)
{
	if (boot.snapshot_on & CV_SNAP_BIT(trigger))
		hypercall(CV_HC_SNAPSHOT, trigger, 0, 0, (uint64_t)pid);
}

void snapshot_sample(int pid)
{
	hypercall(CV_HC_SNAPSHOT, CV_SNAP_SAMPLE, 0, 0, (uint64_t)pid);
}

long snapshot_request(const char *label, uint32_t len, int pid)
{
	int64_t seq = hypercall(CV_HC_SNAPSHOT, CV_SNAP_GUEST, V2P(label), len, (uint64_t)pid);

	return seq >= 0 ? (long)seq : -ENOSYS;
}
