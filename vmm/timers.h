/* Kicking the vCPU out of KVM_RUN on time: the --timeout deadline,
 * periodic sampling and the termination signals (SIGTERM, SIGINT,
 * SIGHUP). A POSIX timer or the signal runs a handler that sets
 * kvm_run.immediate_exit, so no kick is lost between two KVM_RUN calls.
 * Once the deadline has passed or a termination signal came, the run is
 * stopping: waits for output (kick_wait_writable) give up from then on. */
#ifndef VMM_TIMERS_H
#define VMM_TIMERS_H

#include <linux/kvm.h>
#include <stdint.h>

enum { KICK_TIMEOUT = 1u << 0, KICK_SAMPLE = 1u << 1, KICK_TERM = 1u << 2 };

/* Install the signal handlers that kick run (NULL: none yet; a kick that
 * comes then is kept for the run). Returns 0 or -1 (errno). */
int kick_init(struct kvm_run *run);

/* Fire KICK_TIMEOUT after ms milliseconds, and again every 100 ms from
 * then on, so that nothing blocks for long past the deadline. */
int kick_arm_timeout(uint64_t ms);

/* Fire KICK_SAMPLE every ms milliseconds. */
int kick_arm_periodic(unsigned ms);

/* The kicks that fired since the last call (KICK_*); clears them and the
 * immediate_exit request. */
unsigned kick_take(void);

/* The termination signal that came (SIGTERM, SIGINT, SIGHUP), or 0. */
int kick_term_signal(void);

/* Has the deadline passed or a termination signal come? */
int kick_stopping(void);

/* Wait until fd can take a write without blocking: 1, or 0 when the run
 * is stopping (give up), or -1 (errno) when poll fails. */
int kick_wait_writable(int fd);

/* Stop the timers (the signal handlers stay). */
void kick_disarm(void);

#endif
