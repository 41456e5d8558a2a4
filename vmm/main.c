/* cowvisor: run static i386 Linux programs on a small guest kernel on KVM. */
#include <stdio.h>
#include <string.h>

#include "../shared/exitcodes.h"
#include "../shared/layout.h"
#include "guest_setup.h"
#include "kernel_path.h"
#include "options.h"
#include "vmm.h"

#ifndef CV_VERSION
#error "CV_VERSION must be defined by the build"
#endif

/* Print "cowvisor: msg" and return the failure status. */
static int report(const char *msg)
{
	fprintf(stderr, "cowvisor: %s\n", msg);
	return CV_EXIT_FAILURE;
}

/* The kernel to boot: --kernel, else the default lookup. 0 or 125. */
static int find_kernel(const struct cv_options *opt, char *path, size_t len)
{
	if (opt->kernel) {
		snprintf(path, len, "%s", opt->kernel);
		return 0;
	}
	if (kernel_default_path(path, len) != 0) {
		fprintf(stderr, "cowvisor: no kernel found at %s; build it (make) or "
			"pass --kernel FILE or set COWVISOR_KERNEL\n", path);
		return CV_EXIT_FAILURE;
	}
	return 0;
}

/* cowvisor run: boot the kernel and run the guest to its end. */
static int command_run(const struct cv_options *opt)
{
	struct vmm v = { .opt = opt, .vm = { .kvm_fd = -1, .vm_fd = -1, .vcpu_fd = -1 } };
	struct guest_mem gm = { 0 };
	struct guest_entry boot = { 0, 0 };
	char err[1024], kernel[4200];
	int status;

	if ((status = find_kernel(opt, kernel, sizeof(kernel))) != 0)
		return status;
	if (guest_ram_alloc(&gm, opt->mem, err, sizeof(err)) != 0)
		return report(err);
	status = guest_setup(opt, kernel, &gm, &boot, err, sizeof(err));
	if (status)
		fprintf(stderr, "cowvisor: %s\n", err);
	if (status == 0 && (kvm_vm_create(&v.vm, &gm, err, sizeof(err)) != 0 ||
			    kvm_vm_enter_pvh(&v.vm, boot.entry, boot.start_info, err, sizeof(err)) != 0))
		status = report(err);
	if (status == 0) {
		uart_init(&v.com1, 1);
		status = vmm_run(&v);
	}
	kvm_vm_destroy(&v.vm);
	guest_ram_free(&gm);
	return status;
}

int main(int argc, char **argv)
{
	struct cv_options opt;
	char err[512];
	int status;

	if (options_parse(argc, argv, &opt, err, sizeof(err)) != 0) {
		fprintf(stderr, "cowvisor: %s\n", err);
		options_free(&opt);
		return CV_EXIT_FAILURE;
	}
	switch (opt.cmd) {
	case CV_CMD_HELP:
		options_usage(stdout);
		status = 0;
		break;
	case CV_CMD_VERSION:
		printf("cowvisor %s\n", CV_VERSION);
		status = 0;
		break;
	default:
		status = command_run(&opt);
		break;
	}
	options_free(&opt);
	return status;
}
