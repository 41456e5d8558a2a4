/* Integration: booting the real kernel with the real cowvisor binary, and
 * every way the boot can be refused or can fail. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define ENV(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* Booting without a program prints the banner with the RAM found and exits 0. */
static void boot_prints_banner_and_exits_0(void **state)
{
	struct run_result r;

	(void)state;
	REQUIRE_KVM();
	cv_run(&r, ARGS("run"), NULL);
	assert_int_equal(r.status, 0);
	/* the kernel's log goes to stderr, programs' output to stdout */
	assert_contains(r.err, "cowvisor kernel 0.1.0: 128 MiB RAM, 32768 frames of 4 KiB");
	assert_contains(r.err, "powering off");
	assert_int_equal(r.out_len, 0);
	run_result_free(&r);
}

/* --mem sets the RAM the kernel finds. */
static void mem_option_reaches_the_kernel(void **state)
{
	struct run_result r;

	(void)state;
	REQUIRE_KVM();
	cv_run(&r, ARGS("run", "--mem", "48M"), NULL);
	assert_int_equal(r.status, 0);
	assert_contains(r.err, "48 MiB RAM, 12288 frames");
	run_result_free(&r);
}

/* quiet on the kernel command line silences the banner. */
static void quiet_silences_the_kernel(void **state)
{
	struct run_result r;

	(void)state;
	REQUIRE_KVM();
	cv_run(&r, ARGS("run", "--append", "quiet"), NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.out_len, 0);
	assert_int_equal(r.err_len, 0);
	run_result_free(&r);
}

/* A triple fault is a cowvisor failure (125) with a register dump. */
static void triple_fault_exits_125_with_registers(void **state)
{
	struct run_result r;

	(void)state;
	REQUIRE_KVM();
	cv_run(&r, ARGS("run", "--append", "cvtest=triple-fault"), NULL);
	assert_int_equal(r.status, 125);
	assert_contains(r.err, "triple fault");
	assert_contains(r.err, "rip ");
	assert_contains(r.err, "cr3 ");
	assert_contains(r.err, "efer ");
	assert_contains(r.err, "cs 0010");
	assert_contains(r.err, "code:");
	run_result_free(&r);
}

/* A kernel exception is a panic: 125, the faulting context on stderr. */
static void kernel_panic_exits_125_with_context(void **state)
{
	struct run_result r;

	(void)state;
	REQUIRE_KVM();
	cv_run(&r, ARGS("run", "--append", "cvtest=panic"), NULL);
	assert_int_equal(r.status, 125);
	assert_contains(r.err, "kernel panic: page fault");
	assert_contains(r.err, "guest kernel panic: page fault (vector 14)");
	assert_contains(r.err, "cr2 0000000000000010");
	assert_contains(r.err, "code: 48 c7 04 25 10 00 00 00");
	run_result_free(&r);
}

/* --timeout stops a spinning guest with 124. */
static void timeout_stops_a_spinning_guest(void **state)
{
	struct run_result r;

	(void)state;
	REQUIRE_KVM();
	cv_run(&r, ARGS("run", "--timeout", "0.3", "--append", "cvtest=spin"), NULL);
	assert_int_equal(r.status, 124);
	assert_contains(r.err, "timeout after 0.300 s");
	run_result_free(&r);
}

/* The LAPIC timer ticks and the frame allocator keeps its counts. */
static void timer_and_frames_selftests(void **state)
{
	struct run_result r;

	(void)state;
	REQUIRE_KVM();
	cv_run(&r, ARGS("run", "--append", "cvtest=ticks"), NULL);
	assert_int_equal(r.status, 0);
	assert_contains(r.err, "selftest ticks: 10 ticks in ");
	run_result_free(&r);
	cv_run(&r, ARGS("run", "--append", "cvtest=frames"), NULL);
	assert_int_equal(r.status, 0);
	assert_contains(r.err, "selftest frames: ok");
	run_result_free(&r);
}

/* The user-mode XSAVE stub round-trips AVX state where user mode has it:
 * on kvm-pvm (the host's XCR0) always; where the kernel's XCR0 holds for
 * user mode (x87|SSE) it says there is none. */
static void xsave_stub_selftest(void **state)
{
	bool pvm = access("/sys/module/kvm_pvm", F_OK) == 0;
	struct run_result r;

	(void)state;
	REQUIRE_KVM();
	cv_run(&r, ARGS("run", "--append", "cvtest=xsave"), NULL);
	assert_int_equal(r.status, 0);
	assert_contains(r.err, pvm ? "selftest xsave: ok, user XCR0 "
				  : "selftest xsave: user mode has no AVX state (XCR0 3)");
	run_result_free(&r);
}

/* Without KVM: 125 and a message saying what to do. */
static void missing_kvm_device_exits_125(void **state)
{
	struct run_result r;

	(void)state;
	cv_run(&r, ARGS("run"), ENV("COWVISOR_KVM_DEVICE=/nonexistent/kvm"));
	assert_int_equal(r.status, 125);
	assert_contains(r.err, "cannot open /nonexistent/kvm: No such file or directory");
	assert_contains(r.err, "modprobe kvm_intel");
	run_result_free(&r);
}

/* A kernel that does not exist: 125, the file and the problem named. */
static void nonexistent_kernel_exits_125(void **state)
{
	struct run_result r;

	(void)state;
	cv_run(&r, ARGS("run", "--kernel", "/nonexistent/kernel.elf"), NULL);
	assert_int_equal(r.status, 125);
	assert_contains(r.err, "kernel /nonexistent/kernel.elf: No such file or directory");
	run_result_free(&r);
}

/* Write len bytes to a new temporary file; returns its malloc'd path. */
static char *temp_file(const void *data, size_t len)
{
	char *path = strdup("/tmp/cowvisor-test-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

/* Garbage and wrong ELF files as kernels: 125, the file and the problem named. */
static void garbage_kernels_exit_125(void **state)
{
	static const char text[] = "this is not a kernel\n";
	struct run_result r;
	char *path = temp_file(text, sizeof(text));
	char expect[256];

	(void)state;
	cv_run(&r, ARGS("run", "--kernel", path), NULL);
	assert_int_equal(r.status, 125);
	snprintf(expect, sizeof(expect), "kernel %s: not an ELF file", path);
	assert_contains(r.err, expect);
	run_result_free(&r);
	unlink(path);
	free(path);

	cv_run(&r, ARGS("run", "--kernel", "/bin/true"), NULL); /* ET_DYN */
	assert_int_equal(r.status, 125);
	assert_contains(r.err, "kernel /bin/true: ELF type is 3, not an executable");
	run_result_free(&r);

	cv_run(&r, ARGS("run", "--kernel", "/tmp"), NULL);
	assert_int_equal(r.status, 125);
	assert_contains(r.err, "kernel /tmp: is a directory");
	run_result_free(&r);
}

/* The smallest RAM cowvisor allows (16M) holds the kernel and boots. */
static void smallest_ram_still_boots(void **state)
{
	struct run_result r;
	const char *kernel = cv_kernel();

	(void)state;
	REQUIRE_KVM();
	cv_run(&r, ARGS("run", "--mem", "16M", "--kernel", kernel), NULL);
	assert_int_equal(r.status, 0);
	run_result_free(&r);
}

/* --help, --version and option errors. */
static void help_version_and_bad_options(void **state)
{
	struct run_result r;

	(void)state;
	cv_run(&r, ARGS("--help"), NULL);
	assert_int_equal(r.status, 0);
	assert_contains(r.out, "Usage: cowvisor run [OPTIONS] PROGRAM [ARGS...]");
	run_result_free(&r);
	cv_run(&r, ARGS("--version"), NULL);
	assert_int_equal(r.status, 0);
	assert_contains(r.out, "cowvisor 0.1.0");
	run_result_free(&r);
	cv_run(&r, ARGS("run", "--frobnicate"), NULL);
	assert_int_equal(r.status, 125);
	assert_contains(r.err, "unknown option '--frobnicate'");
	run_result_free(&r);
	cv_run(&r, ARGS("run", "--mem", "lots"), NULL);
	assert_int_equal(r.status, 125);
	assert_contains(r.err, "--mem lots: not a size");
	run_result_free(&r);
	cv_run(&r, ARGS(NULL), NULL);
	assert_int_equal(r.status, 125);
	assert_contains(r.err, "no command given");
	run_result_free(&r);
}

/* Copy a file; false on any error. */
static bool copy_file(const char *from, const char *to, mode_t mode)
{
	char cmd[4096];

	snprintf(cmd, sizeof(cmd), "install -m %o '%s' '%s'", (unsigned)mode, from, to);
	return system(cmd) == 0;
}

/* Installed as PREFIX/bin/cowvisor + PREFIX/lib/cowvisor/kernel.elf, cowvisor
 * finds its kernel with neither --kernel nor $COWVISOR_KERNEL. */
static void installed_layout_finds_its_kernel(void **state)
{
	char prefix[] = "/tmp/cowvisor-prefix-XXXXXX", path[512], bin[512], cmd[1024];
	struct run_result r;
	const char *saved = getenv("COWVISOR");
	char *saved_copy = saved ? strdup(saved) : NULL;

	(void)state;
	REQUIRE_KVM();
	assert_non_null(mkdtemp(prefix));
	snprintf(path, sizeof(path), "%s/bin", prefix);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/lib", prefix);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/lib/cowvisor", prefix);
	mkdir(path, 0755);
	snprintf(bin, sizeof(bin), "%s/bin/cowvisor", prefix);
	assert_true(copy_file(cv_binary(), bin, 0755));
	snprintf(path, sizeof(path), "%s/lib/cowvisor/kernel.elf", prefix);
	assert_true(copy_file(cv_kernel(), path, 0644));
	setenv("COWVISOR", bin, 1);
	cv_run(&r, ARGS("run"), ENV("COWVISOR_KERNEL="));
	assert_int_equal(r.status, 0);
	assert_contains(r.err, "cowvisor kernel 0.1.0");
	run_result_free(&r);
	/* Without the kernel: a message saying where it looked and what to do. */
	unlink(path);
	cv_run(&r, ARGS("run"), ENV("COWVISOR_KERNEL="));
	assert_int_equal(r.status, 125);
	assert_contains(r.err, "no kernel found at");
	assert_contains(r.err, "--kernel FILE");
	run_result_free(&r);
	if (saved_copy)
		setenv("COWVISOR", saved_copy, 1);
	else
		unsetenv("COWVISOR");
	free(saved_copy);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", prefix);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(boot_prints_banner_and_exits_0),
		cmocka_unit_test(mem_option_reaches_the_kernel),
		cmocka_unit_test(quiet_silences_the_kernel),
		cmocka_unit_test(triple_fault_exits_125_with_registers),
		cmocka_unit_test(kernel_panic_exits_125_with_context),
		cmocka_unit_test(timeout_stops_a_spinning_guest),
		cmocka_unit_test(timer_and_frames_selftests),
		cmocka_unit_test(xsave_stub_selftest),
		cmocka_unit_test(missing_kvm_device_exits_125),
		cmocka_unit_test(nonexistent_kernel_exits_125),
		cmocka_unit_test(garbage_kernels_exit_125),
		cmocka_unit_test(smallest_ram_still_boots),
		cmocka_unit_test(help_version_and_bad_options),
		cmocka_unit_test(installed_layout_finds_its_kernel),
	};

	return cmocka_run_group_tests_name("boot", tests, NULL, NULL);
}
