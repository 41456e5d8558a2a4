/* cowvisor: run static i386 Linux programs on a small guest kernel on KVM. */
#include <stdio.h>
#include <string.h>

#include "../shared/exitcodes.h"
#include "../shared/layout.h"
#include "kernel_loader.h"
#include "kernel_path.h"
#include "options.h"
#include "pvh_boot.h"
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

/* Load the kernel and write the boot page into guest RAM. */
static int prepare_guest(const struct cv_options *opt, struct guest_mem *gm,
			 struct kernel_image *img, uint32_t *start_info)
{
	char path[4200], err[512];
	const char *kernel = opt->kernel;

	if (kernel == NULL) {
		if (kernel_default_path(path, sizeof(path)) != 0) {
			fprintf(stderr, "cowvisor: no kernel found at %s; build it (make) or "
				"pass --kernel FILE or set COWVISOR_KERNEL\n", path);
			return CV_EXIT_FAILURE;
		}
		kernel = path;
	}
	if (kernel_load_file(kernel, gm, img, err, sizeof(err)) != 0)
		return report(err);
	*start_info = pvh_write_boot_page(gm, opt->append ? opt->append : "", NULL,
					  err, sizeof(err));
	return *start_info ? 0 : report(err);
}

/* cowvisor run: boot the kernel and run the guest to its end. */
static int command_run(const struct cv_options *opt)
{
	struct vmm v = { .opt = opt, .vm = { .kvm_fd = -1, .vm_fd = -1, .vcpu_fd = -1 } };
	struct guest_mem gm = { 0 };
	struct kernel_image img;
	uint32_t start_info = 0;
	char err[512];
	int status;

	if (opt->program || opt->initrd)
		return report("running a PROGRAM or an --initrd is not implemented yet in this version");
	if (guest_ram_alloc(&gm, opt->mem, err, sizeof(err)) != 0)
		return report(err);
	status = prepare_guest(opt, &gm, &img, &start_info);
	if (status == 0 && (kvm_vm_create(&v.vm, &gm, err, sizeof(err)) != 0 ||
			    kvm_vm_enter_pvh(&v.vm, img.entry, start_info, err, sizeof(err)) != 0))
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
