/* Kicking the vCPU out of KVM_RUN on time: the --timeout deadline and, later,
 * periodic sampling. A POSIX timer raises a signal whose handler sets
 * kvm_run.immediate_exit, so no kick is lost between two KVM_RUN calls. */
#ifndef VMM_KICK_H
#define VMM_KICK_H

#include <linux/kvm.h>
#include <stdint.h>

enum { KICK_TIMEOUT = 1u << 0, KICK_SAMPLE = 1u << 1 };

/* Install the signal handler that kicks run. Returns 0 or -1 (errno). */
int kick_init(struct kvm_run *run);

/* Fire KICK_TIMEOUT once after ms milliseconds. */
int kick_arm_timeout(uint64_t ms);

/* Fire KICK_SAMPLE every ms milliseconds. */
int kick_arm_periodic(unsigned ms);

/* The kicks that fired since the last call (KICK_*); clears them and the
 * immediate_exit request. */
unsigned kick_take(void);

/* Stop the timers. */
void kick_disarm(void);

#endif
