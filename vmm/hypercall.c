/* Hypercalls from the guest kernel (see shared/hypercall.h). */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

#include "../shared/exitcodes.h"
#include "../shared/hypercall.h"
#include "regdump.h"
#include "vmm.h"

#define PANIC_MSG_MAX   512
#define CONSOLE_MAX     (1u << 20)

/* CV_HC_POWEROFF: the guest ends with an exit status. */
static int64_t hc_poweroff(struct vmm *v, const struct cv_hypercall *hc)
{
	if (hc->arg[0] > 255) {
		fprintf(stderr, "cowvisor: guest powered off with an invalid status %llu\n",
			(unsigned long long)hc->arg[0]);
		vmm_finish(v, CV_EXIT_FAILURE);
	} else {
		vmm_finish(v, (int)hc->arg[0]);
	}
	return 0;
}

/* Print s[0..n) to stderr with anything unprintable escaped. */
static void print_sanitized(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n' || (c >= 0x20 && c < 0x7f))
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
}

/* CV_HC_PANIC: the kernel reports its own crash, with the failing context. */
static int64_t hc_panic(struct vmm *v, const struct cv_hypercall *hc)
{
	char msg[PANIC_MSG_MAX];
	uint64_t len = hc->arg[1] < sizeof(msg) ? hc->arg[1] : sizeof(msg);
	struct cv_regs regs;

	fprintf(stderr, "cowvisor: guest kernel panic: ");
	if (gm_read(&v->vm.mem, hc->arg[0], msg, len))
		print_sanitized(msg, len);
	else
		fprintf(stderr, "(message at 0x%llx is outside guest RAM)",
			(unsigned long long)hc->arg[0]);
	fprintf(stderr, "\n");
	if (hc->arg[2] && gm_read(&v->vm.mem, hc->arg[2], &regs, sizeof(regs))) {
		fprintf(stderr, "cowvisor: guest context at the failure:\n");
		regdump_print(stderr, &regs, &v->vm.mem);
	}
	vmm_finish(v, CV_EXIT_FAILURE);
	return 0;
}

/* CV_HC_BOOTINFO: tell the kernel what the VMM knows about the platform. */
static int64_t hc_bootinfo(struct vmm *v, const struct cv_hypercall *hc)
{
	struct cv_bootinfo bi = {
		.version = CV_BOOTINFO_VERSION,
		.flags = v->vm.kernel_emulated ? CV_BOOTINFO_KERNEL_EMULATED : 0,
		.tsc_khz = v->vm.tsc_khz,
	};

	if (hc->arg[1] < sizeof(bi))
		return CV_HC_EINVAL;
	return gm_write(&v->vm.mem, hc->arg[0], &bi, sizeof(bi)) ? 0 : CV_HC_EFAULT;
}

/* CV_HC_CONSOLE: write guest bytes to stdout in one go. */
static int64_t hc_console(struct vmm *v, const struct cv_hypercall *hc)
{
	const char *p;
	uint64_t left = hc->arg[1];

	if (left > CONSOLE_MAX)
		return CV_HC_EINVAL;
	p = gm_ptr(&v->vm.mem, hc->arg[0], left);
	if (p == NULL)
		return CV_HC_EFAULT;
	while (left) {
		ssize_t n = write(v->com1.out_fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* stdout gone: the guest must not notice */
		p += n;
		left -= (uint64_t)n;
	}
	return (int64_t)hc->arg[1];
}

void hypercall_dispatch(struct vmm *v, uint64_t gpa)
{
	struct cv_hypercall hc;

	if (!gm_read(&v->vm.mem, gpa, &hc, sizeof(hc))) {
		vmm_crash(v, "hypercall block at 0x%llx is outside guest RAM",
			  (unsigned long long)gpa);
		return;
	}
	switch (hc.nr) {
	case CV_HC_POWEROFF: hc.ret = hc_poweroff(v, &hc); break;
	case CV_HC_PANIC:    hc.ret = hc_panic(v, &hc); break;
	case CV_HC_BOOTINFO: hc.ret = hc_bootinfo(v, &hc); break;
	case CV_HC_CONSOLE:  hc.ret = hc_console(v, &hc); break;
	default:             hc.ret = CV_HC_ENOSYS; break;
	}
	gm_write(&v->vm.mem, gpa + offsetof(struct cv_hypercall, ret), &hc.ret, sizeof(hc.ret));
}
