/* The run's fatal end: a message, the vCPU's registers and exit status
 * CV_EXIT_FAILURE, for the run loop and the hypercall handlers alike. */
#include <stdarg.h>
#include <stdio.h>

#include "../shared/exitcodes.h"
#include "regdump.h"
#include "vmm.h"

void vmm_crash(struct vmm *v, const char *fmt, ...)
{
	struct cv_regs regs;
	va_list ap;

	fprintf(stderr, "cowvisor: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (regdump_read_vcpu(v->vm.vcpu_fd, &regs) == 0) {
		fprintf(stderr, "cowvisor: vCPU registers:\n");
		regdump_print(stderr, &regs, &v->vm.mem);
	}
	vmm_finish(v, CV_EXIT_FAILURE);
}
