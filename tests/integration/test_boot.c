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

/* Booting without a program prints the banner with the RAM found and exits 0;
 * the kernel's log goes to stderr, programs' output to stdout. */
static const struct cv_case boot_prints_banner_and_exits_0[] = {
	{ .args = ARGS("run"), .kvm = true, .out_is = "",
	  .err = W("cowvisor kernel 0.1.0: 128 MiB RAM, 32768 frames of 4 KiB", "powering off") },
	{ 0 },
};

/* --mem sets the RAM the kernel finds. */
static const struct cv_case mem_option_reaches_the_kernel[] = {
	{ .args = ARGS("run", "--mem", "48M"), .kvm = true, .err = W("48 MiB RAM, 12288 frames") },
	{ 0 },
};

/* "quiet" silences the kernel. */
static const struct cv_case quiet_silences_the_kernel[] = {
	{ .args = ARGS("run", "--append", "quiet"), .kvm = true, .silent = true },
	{ 0 },
};

/* A triple fault is a cowvisor failure (125) with a register dump. */
static const struct cv_case triple_fault_exits_125_with_registers[] = {
	{ .args = ARGS("run", "--append", "cvtest=triple-fault"), .kvm = true, .status = 125,
	  .err = W("triple fault", "rip ", "cr3 ", "efer ", "cs 0010", "code:") },
	{ 0 },
};

/* A kernel exception is a panic: 125, the faulting context on stderr. */
static const struct cv_case kernel_panic_exits_125_with_context[] = {
	{ .args = ARGS("run", "--append", "cvtest=panic"), .kvm = true, .status = 125,
	  .err = W("kernel panic: page fault", "guest kernel panic: page fault (vector 14)",
		   "cr2 0000000000000010", "code: 48 c7 04 25 10 00 00 00") },
	{ 0 },
};

/* --timeout stops a spinning guest with 124. */
static const struct cv_case timeout_stops_a_spinning_guest[] = {
	{ .args = ARGS("run", "--timeout", "0.3", "--append", "cvtest=spin"), .kvm = true,
	  .status = 124, .err = W("timeout after 0.300 s") },
	{ 0 },
};

/* The LAPIC timer ticks and the frame allocator keeps its counts. */
static const struct cv_case timer_and_frames_selftests[] = {
	{ .args = ARGS("run", "--append", "cvtest=ticks"), .kvm = true,
	  .err = W("selftest ticks: 10 ticks in ") },
	{ .args = ARGS("run", "--append", "cvtest=frames"), .kvm = true,
	  .err = W("selftest frames: ok") },
	{ 0 },
};

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
static const struct cv_case missing_kvm_device_exits_125[] = {
	{ .args = ARGS("run"), .env = ENV("COWVISOR_KVM_DEVICE=/nonexistent/kvm"), .status = 125,
	  .err = W("cannot open /nonexistent/kvm: No such file or directory", "modprobe kvm_intel") },
	{ 0 },
};

/* A kernel that does not exist: 125, the file and the problem named. */
static const struct cv_case nonexistent_kernel_exits_125[] = {
	{ .args = ARGS("run", "--kernel", "/nonexistent/kernel.elf"), .status = 125,
	  .err = W("kernel /nonexistent/kernel.elf: No such file or directory") },
	{ 0 },
};

/* Files that are not executable ELF kernels: 125, the file and the problem named. */
static const struct cv_case wrong_elf_kernels[] = {
	{ .args = ARGS("run", "--kernel", "/bin/true"), .status = 125, /* ET_DYN */
	  .err = W("kernel /bin/true: ELF type is 3, not an executable") },
	{ .args = ARGS("run", "--kernel", "/tmp"), .status = 125, .err = W("kernel /tmp: is a directory") },
	{ 0 },
};

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

	cv_check_cases(wrong_elf_kernels);
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
static const struct cv_case help_version_and_bad_options[] = {
	{ .args = ARGS("--help"), .out = W("Usage: cowvisor run [OPTIONS] PROGRAM [ARGS...]") },
	{ .args = ARGS("--version"), .out = W("cowvisor 0.1.0") },
	{ .args = ARGS("run", "--frobnicate"), .status = 125, .err = W("unknown option '--frobnicate'") },
	{ .args = ARGS("run", "--mem", "lots"), .status = 125, .err = W("--mem lots: not a size") },
	{ .args = ARGS(NULL), .status = 125, .err = W("no command given") },
	{ 0 },
};

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
	char *saved_copy;

	(void)state;
	REQUIRE_KVM(); /* before the copy: a skip returns from here */
	saved_copy = saved ? strdup(saved) : NULL;
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
		CV_CASES_TEST(boot_prints_banner_and_exits_0),
		CV_CASES_TEST(mem_option_reaches_the_kernel),
		CV_CASES_TEST(quiet_silences_the_kernel),
		CV_CASES_TEST(triple_fault_exits_125_with_registers),
		CV_CASES_TEST(kernel_panic_exits_125_with_context),
		CV_CASES_TEST(timeout_stops_a_spinning_guest),
		CV_CASES_TEST(timer_and_frames_selftests),
		cmocka_unit_test(xsave_stub_selftest),
		CV_CASES_TEST(missing_kvm_device_exits_125),
		CV_CASES_TEST(nonexistent_kernel_exits_125),
		cmocka_unit_test(garbage_kernels_exit_125),
		cmocka_unit_test(smallest_ram_still_boots),
		CV_CASES_TEST(help_version_and_bad_options),
		cmocka_unit_test(installed_layout_finds_its_kernel),
	};

	return cmocka_run_group_tests_name("boot", tests, NULL, NULL);
}
