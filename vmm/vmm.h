/* The state of one cowvisor run, shared by the run loop and the exit
 * handlers (serial, hypercalls). */
#ifndef VMM_VMM_H
#define VMM_VMM_H

#include <stdbool.h>

#include "coredump/coredumper.h"
#include "inspect/inspector.h"
#include "kvm_vm.h"
#include "options.h"
#include "serial.h"
#include "strace.h"

struct vmm {
	struct kvm_vm vm;
	struct uart com1;
	const struct cv_options *opt;
	struct strace *strace;  /* --strace, else NULL */
	struct inspector *inspector; /* --stats / --stats-json, else NULL */
	struct coredumper *cores; /* --core-dir, else NULL */
	uint64_t start_ns;      /* CLOCK_MONOTONIC when the guest started */
	int64_t start_realtime_ns;
	bool stdin_eof;         /* the host's stdin has ended */
	bool finished;  /* the guest powered off, crashed or timed out */
	int status;     /* cowvisor's exit status once finished */
};

/* End the run with an exit status (first caller wins). */
static inline void vmm_finish(struct vmm *v, int status)
{
	if (!v->finished) {
		v->finished = true;
		v->status = status;
	}
}

/* Print "cowvisor: <msg>", the vCPU's registers, and finish with 125. */
void vmm_crash(struct vmm *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Take a statistics snapshot now (the vCPU is stopped); its sequence
 * number, or -1 (reported on stderr). */
int64_t vmm_snapshot(struct vmm *v, enum cv_snapshot_trigger trigger, const char *label);

/* Ask the guest kernel for a --sample-ms snapshot at its next safe point. */
void vmm_request_sample(struct vmm *v);

/* Handle an OUT of the hypercall block address gpa. */
void hypercall_dispatch(struct vmm *v, uint64_t gpa);

/* Run the vCPU until the guest finishes; returns cowvisor's exit status. */
int vmm_run(struct vmm *v);

#endif
