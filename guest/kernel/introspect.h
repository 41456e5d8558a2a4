/* What the kernel shows the VMM (shared/introspect.h): the root structure,
 * which says where the VMM reads the kernel's own tables (processes,
 * address spaces, counters), and snapshot requests. */
#ifndef INTROSPECT_H
#define INTROSPECT_H

#include <stdbool.h>
#include <stdint.h>

#include "../../shared/hypercall.h"

/* Fill the root structure; call once after the frame allocator and the
 * initrd are set up. tramp_frame: the FPU trampoline frame. */
void introspect_init(uint64_t tramp_frame);

/* Ask the VMM for a snapshot for a kernel event, when it asked for that
 * event (--snapshot-on). */
void snapshot_event(enum cv_snapshot_trigger trigger, int pid);

/* A safe point (a timer tick): take the sample snapshot the VMM asked for. */
void snapshot_sample_point(void);

/* cv_snapshot(label) from a program: the sequence number or -errno. */
long snapshot_request(const char *label, uint32_t len);

#endif
