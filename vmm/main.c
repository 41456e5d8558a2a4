/* cowvisor: run static i386 Linux programs on a small guest kernel on KVM. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../shared/exitcodes.h"
#include "../shared/introspect.h"
#include "../shared/layout.h"
#include "console.h"
#include "inspect/guest_view.h"
#include "inspect/report_html.h"
#include "guest_setup.h"
#include "kernel_path.h"
#include "timers.h"
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

/* With --stats, --stats-json or --stats-html: find the kernel's introspection root and
 * open the JSON output (before the guest runs: a bad FILE fails early). */
static int start_inspector(const struct cv_options *opt, const char *kernel,
			   struct inspector **in)
{
	char err[512];

	*in = NULL;
	if (!opt->stats && !opt->stats_json && !opt->stats_html)
		return 0;
	if ((*in = calloc(1, sizeof(**in))) == NULL)
		return report("out of memory");
	if (inspector_init(*in, kernel, err, sizeof(err)) != 0) {
		free(*in);
		*in = NULL;
		fprintf(stderr, "cowvisor: statistics need the kernel's %s structure: %s\n",
			CV_INTROSPECT_SYMBOL, err);
		return CV_EXIT_FAILURE;
	}
	if (opt->stats_pages)
		inspector_want_pages(*in);
	if ((opt->stats_json && inspector_open_json(*in, opt->stats_json, err, sizeof(err)) != 0) ||
	    (opt->stats_html && inspector_open_html(*in, opt->stats_html, err, sizeof(err)) != 0)) {
		inspector_free(*in);
		free(*in);
		*in = NULL;
		return report(err);
	}
	return 0;
}

/* With --core-dir: find the kernel's introspection root (the mappings
 * come from its VMA tables) and open DIR (before the guest runs: a
 * missing one fails early). 0 or 125. */
static int start_coredumper(const struct cv_options *opt, const char *kernel,
			    struct coredumper **cd)
{
	char err[512];
	uint64_t root;

	*cd = NULL;
	if (opt->core_dir == NULL)
		return 0;
	if (introspect_locate(kernel, &root, err, sizeof(err)) != 0) {
		fprintf(stderr, "cowvisor: --core-dir needs the kernel's %s structure: %s\n",
			CV_INTROSPECT_SYMBOL, err);
		return CV_EXIT_FAILURE;
	}
	if ((*cd = calloc(1, sizeof(**cd))) == NULL)
		return report("out of memory");
	if (coredumper_open(*cd, opt->core_dir, root, err, sizeof(err)) != 0) {
		free(*cd);
		*cd = NULL;
		return report(err);
	}
	return 0;
}

/* Release the core dumper, if any. */
static void finish_coredumper(struct coredumper *cd)
{
	if (cd == NULL)
		return;
	coredumper_close(cd);
	free(cd);
}

/* Complete the JSON of the run and release the inspector; 125 when the
 * file cannot be written, else status unchanged. */
static int finish_inspector(struct inspector *in, int status)
{
	char err[512];

	if (in == NULL)
		return status;
	if (inspector_finish(in, err, sizeof(err)) != 0) {
		fprintf(stderr, "cowvisor: %s\n", err);
		status = CV_EXIT_FAILURE;
	}
	inspector_free(in);
	free(in);
	return status;
}

/* A termination signal that came after the guest ended (while the
 * statistics were written) still decides the status. */
static int late_signal(int status)
{
	int sig = kick_term_signal();
	const char *name;

	if (sig == 0 || status == CV_EXIT_SIGNAL_BASE + sig)
		return status;
	name = sigabbrev_np(sig);
	fprintf(stderr, "cowvisor: SIG%s received after the guest ended\n", name ? name : "?");
	return CV_EXIT_SIGNAL_BASE + sig;
}

/* cowvisor run: boot the kernel and run the guest to its end. */
static int command_run(const struct cv_options *opt)
{
	struct vmm v = { .opt = opt, .vm = { .kvm_fd = -1, .vm_fd = -1, .vcpu_fd = -1 } };
	struct guest_mem gm = { 0 };
	struct guest_entry boot = { 0, 0 };
	char err[1024], kernel[4200];
	int status;

	if ((status = find_kernel(opt, kernel, sizeof(kernel))) != 0 ||
	    (status = start_coredumper(opt, kernel, &v.cores)) != 0)
		return status;
	if ((status = start_inspector(opt, kernel, &v.inspector)) != 0) {
		finish_coredumper(v.cores);
		return status;
	}
	if (guest_ram_alloc(&gm, opt->mem, err, sizeof(err)) != 0)
		status = report(err);
	else if ((status = guest_setup(opt, kernel, &gm, &boot, err, sizeof(err))) != 0)
		fprintf(stderr, "cowvisor: %s\n", err);
	if (status == 0 && (kvm_vm_create(&v.vm, &gm, err, sizeof(err)) != 0 ||
			    kvm_vm_enter_pvh(&v.vm, boot.entry, boot.start_info, err, sizeof(err)) != 0))
		status = report(err);
	if (status == 0) {
		uart_init(&v.com1, 1);
		status = vmm_run(&v);
	}
	status = late_signal(finish_inspector(v.inspector, status));
	kick_disarm(); /* only now: --timeout bounds writing the statistics too */
	finish_coredumper(v.cores);
	kvm_vm_destroy(&v.vm);
	guest_ram_free(&gm);
	return status;
}

/* cowvisor report: the HTML report of a statistics JSON written earlier. */
static int command_report(const struct cv_options *opt)
{
	char err[1024];

	if (report_html_from_file(opt->report_in, opt->report_out, err, sizeof(err)) != 0)
		return report(err);
	return 0;
}

int main(int argc, char **argv)
{
	struct cv_options opt;
	char err[512];
	int status;

	console_init();
	signal(SIGPIPE, SIG_IGN); /* a closed pipe is an EPIPE where it is written, not death */
	signal(SIGXFSZ, SIG_IGN); /* a file-size limit is an EFBIG there (core files), not death */
	if (kick_init(NULL) != 0) { /* SIGTERM during set-up: handled when the run starts */
		perror("cowvisor: sigaction");
		return CV_EXIT_FAILURE;
	}
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
	case CV_CMD_REPORT:
		status = command_report(&opt);
		break;
	default:
		opt.host_tty = isatty(0) && isatty(1); /* the guest's console is a terminal too */
		status = command_run(&opt);
		break;
	}
	options_free(&opt);
	return status;
}
