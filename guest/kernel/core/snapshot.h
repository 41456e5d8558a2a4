/* Snapshot requests to the VMM (shared/hypercall.h): at kernel events
 * the VMM asked for (--snapshot-on), at a safe point for a sample, and
 * from programs (cv_snapshot). The VMM reads the kernel's tables itself
 * (introspect.h); these say only when. */
#ifndef CORE_SNAPSHOT_H
#define CORE_SNAPSHOT_H

#include <stdint.h>

#include "../../../shared/hypercall.h"

/* Ask the VMM for a snapshot for a kernel event, when it asked for that
 * event (--snapshot-on). */
void snapshot_event(enum cv_snapshot_trigger trigger, int pid);

/* Take the sample snapshot the VMM asked for (introspect_sample_requested)
 * at a safe point (a timer tick), pid running (0: none). */
void snapshot_sample(int pid);

/* cv_snapshot(label) from program pid: the sequence number or -errno. */
long snapshot_request(const char *label, uint32_t len, int pid);

#endif
