/* What the kernel shows the VMM (shared/introspect.h): the root structure,
 * a mirror of the process table kept at lifecycle events, and snapshot
 * requests. */
#ifndef INTROSPECT_H
#define INTROSPECT_H

#include <stdbool.h>
#include <stdint.h>

#include "../../shared/hypercall.h"

struct proc;

/* Fill the root structure; call once after the frame allocator and the
 * initrd are set up. tramp_frame: the FPU trampoline frame. */
void introspect_init(uint64_t tramp_frame);

/* Refresh p's entry in the process mirror (after fork, exec, exit, reap,
 * reparenting). */
void introspect_proc(const struct proc *p);

/* Refresh only the state in p's entry (a sleep, a wakeup, a stop: nothing
 * else of the entry changes then; cheap, on every blocking call's path). */
void introspect_proc_state(const struct proc *p);

/* Refresh the entry of p, just created by fork (vfork: on its parent's
 * address space), recording how it was created. */
void introspect_proc_born(const struct proc *p, bool vfork);

/* Refresh the entry of p, which has just exec'd, counting the exec. */
void introspect_proc_exec(const struct proc *p);

/* Ask the VMM for a snapshot for a kernel event, when it asked for that
 * event (--snapshot-on). */
void snapshot_event(enum cv_snapshot_trigger trigger, int pid);

/* A safe point (a timer tick): take the sample snapshot the VMM asked for. */
void snapshot_sample_point(void);

/* cv_snapshot(label) from a program: the sequence number or -errno. */
long snapshot_request(const char *label, uint32_t len);

#endif
