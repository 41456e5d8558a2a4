/* The vCPU run loop: dispatch each VM exit until the guest finishes. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "../shared/exitcodes.h"
#include "../shared/hypercall.h"
#include "../shared/layout.h"
#include "timers.h"
#include "vmm.h"

/* Port I/O: COM1, the hypercall port; other ports read as all ones. */
static void handle_io(struct vmm *v)
{
	struct kvm_run *run = v->vm.run;
	uint8_t *data = (uint8_t *)run + run->io.data_offset;
	bool out = run->io.direction == KVM_EXIT_IO_OUT;
	uint16_t port = run->io.port;

	for (uint32_t i = 0; i < run->io.count; i++, data += run->io.size) {
		if (port >= CV_COM1_PORT && port < CV_COM1_PORT + UART_NPORTS && run->io.size == 1) {
			uart_access(&v->com1, port - CV_COM1_PORT, out, data);
		} else if (port == CV_HC_PORT && run->io.size == 4) {
			uint32_t val;
			if (out) {
				memcpy(&val, data, 4);
				hypercall_dispatch(v, val);
			} else {
				val = CV_HC_MAGIC;
				memcpy(data, &val, 4);
			}
		} else if (!out) {
			memset(data, 0xff, run->io.size);
		}
	}
}

/* A kick: a sample is due, or the --timeout deadline or a termination
 * signal ends the run. */
static void handle_kicks(struct vmm *v)
{
	unsigned fired = kick_take();

	if (fired & KICK_SAMPLE)
		vmm_request_sample(v);
	if ((fired & KICK_TERM) && !v->finished) {
		const char *name = sigabbrev_np(kick_term_signal());

		fprintf(stderr, "cowvisor: SIG%s received, guest stopped\n", name ? name : "?");
		vmm_finish(v, CV_EXIT_SIGNAL_BASE + kick_term_signal());
	}
	if ((fired & KICK_TIMEOUT) && !v->finished) {
		fprintf(stderr, "cowvisor: timeout after %.3f s, guest stopped\n",
			(double)v->opt->timeout_ms / 1000.0);
		vmm_finish(v, CV_EXIT_TIMEOUT);
	}
}

/* What KVM_EXIT_INTERNAL_ERROR's suberror means. */
static const char *internal_error_name(uint32_t suberror)
{
	switch (suberror) {
	case KVM_INTERNAL_ERROR_EMULATION: return "instruction emulation failed";
	case KVM_INTERNAL_ERROR_SIMUL_EX: return "exception while delivering an exception";
	case KVM_INTERNAL_ERROR_DELIVERY_EV: return "event delivery failed";
	default: return "unknown suberror";
	}
}

/* One VM exit other than a signal. */
static void handle_exit(struct vmm *v)
{
	struct kvm_run *run = v->vm.run;

	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		handle_io(v);
		break;
	case KVM_EXIT_MMIO:
		vmm_crash(v, "guest %s %u bytes at physical 0x%llx, where nothing is mapped",
			  run->mmio.is_write ? "wrote" : "read", run->mmio.len,
			  (unsigned long long)run->mmio.phys_addr);
		break;
	case KVM_EXIT_SHUTDOWN:
		vmm_crash(v, "guest triple fault (the vCPU shut down)");
		break;
	case KVM_EXIT_HLT:
		vmm_crash(v, "guest halted with nothing to wake it");
		break;
	case KVM_EXIT_FAIL_ENTRY:
		vmm_crash(v, "KVM could not enter the guest (hardware reason 0x%llx)",
			  (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		vmm_crash(v, "KVM internal error: %s (see dmesg)",
			  internal_error_name(run->internal.suberror));
		break;
	case KVM_EXIT_INTR:
		break;
	default:
		vmm_crash(v, "unexpected KVM exit reason %u", run->exit_reason);
		break;
	}
}

/* The host's real time now, in ns. */
static int64_t realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int vmm_run(struct vmm *v)
{
	v->start_realtime_ns = realtime_ns();
	if (v->opt->strace && (v->strace = strace_new(stderr)) == NULL) {
		fprintf(stderr, "cowvisor: out of memory for --strace\n");
		return CV_EXIT_FAILURE;
	}
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	v->start_ns = (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec;
	if (kick_init(v->vm.run) != 0 ||
	    (v->opt->timeout_ms && kick_arm_timeout(v->opt->timeout_ms) != 0) ||
	    (v->inspector && v->opt->sample_ms && kick_arm_periodic(v->opt->sample_ms) != 0)) {
		fprintf(stderr, "cowvisor: cannot set up timers: %s\n", strerror(errno));
		return CV_EXIT_FAILURE;
	}
	while (!v->finished) {
		if (ioctl(v->vm.vcpu_fd, KVM_RUN, 0) < 0) {
			if (errno != EINTR && errno != EAGAIN) {
				vmm_crash(v, "KVM_RUN failed: %s", strerror(errno));
				break;
			}
			handle_kicks(v);
			continue;
		}
		handle_exit(v);
		if (v->vm.run->immediate_exit)
			handle_kicks(v);
	}
	if (v->strace)
		strace_free(v->strace);
	v->strace = NULL;
	return v->status;
}
