/* Hostile programs: each case tries one bad thing in a child process and
 * the parent reports what happened, one line per case:
 *   NAME: ok (what was expected)     or     NAME: WRONG (what happened)
 * Cases either expect system calls to fail with a given errno, or the
 * child to be killed by a given signal. The kernel must survive all of
 * them; the last line says how many were as expected.
 * Arguments: paths of corrupted executables to try to execve. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../shared/syscall.h"
#include "cases.h"
#include "sysnames.h"

#define UNMAPPED ((void *)0xc0000000u)   /* nothing is mapped there */
#define TRAMPOLINE ((void *)0xffffe000u)  /* above the stack */
/* The step of the mmap and brk hogs: 4096 steps must run out of address
 * space. i386's 4 GiB take 16 MiB steps; x86-64's 128 TiB take 1 TiB ones,
 * mapped MAP_NORESERVE so that Linux's overcommit check lets each one by
 * (a 1 TiB brk step is refused at once there: also ENOMEM). */
#if UINTPTR_MAX > 0xffffffffu
#define HOG_STEP  (1ul << 40)
#define HOG_FLAGS MAP_NORESERVE
#else
#define HOG_STEP  (16ul << 20)
#define HOG_FLAGS 0
#endif

/* A system call by number through int 0x80, args as given: eax result. */
static long raw_syscall(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return ret;
}

/* Did the last call fail with errno e? */
static int failed_with(long rc, int e)
{
	return rc == -1 && errno == e;
}

/* A pipe whose read end has bytes waiting; the read end is returned. */
static int pipe_with_data(void)
{
	int fds[2];

	if (pipe(fds) != 0 || write(fds[1], "0123456789abcdef", 16) != 16)
		_exit(99);
	return fds[0];
}

/* ---- system calls given bad pointers and lengths: EFAULT, EINVAL ---- */

static int write_null(void) { return failed_with(syscall(SYS_write, 1, NULL, 5), EFAULT); }
static int write_unmapped(void) { return failed_with(write(1, UNMAPPED, 5), EFAULT); }
static int write_huge_length(void) { char b[4] = "abc"; return failed_with(syscall(SYS_write, 1, b, 0xffffffffu), EFAULT); }
static int read_into_text(void) { return failed_with(read(pipe_with_data(), (void *)&read_into_text, 8), EFAULT); }
static int read_wrapping(void) { return failed_with(read(pipe_with_data(), (void *)0xfffffff0u, 0x100), EFAULT); }
static int read_into_trampoline(void) { return failed_with(read(pipe_with_data(), TRAMPOLINE, 8), EFAULT); }
static int stat_null_path(void) { struct stat st; return failed_with(syscall(SYS_stat64, NULL, &st), EFAULT); }
static int stat_null_buf(void) { return failed_with(syscall(SYS_stat64, "/", NULL), EFAULT); }
static int open_unmapped_path(void) { return failed_with(syscall(SYS_open, UNMAPPED, O_RDONLY), EFAULT); }
static int execve_bad_argv(void) { return failed_with(syscall(SYS_execve, "/init", (void *)0x10, NULL), EFAULT); }
static int uname_null(void) { return failed_with(syscall(SYS_uname, NULL), EFAULT); }
static int gettimeofday_bad(void) { return raw_syscall(78 /* gettimeofday */, 1, 0, 0) == -EFAULT; }
static int pipe_unmapped(void) { return failed_with(syscall(SYS_pipe, UNMAPPED), EFAULT); }
static int sigaction_bad(void) { return failed_with(syscall(SYS_rt_sigaction, SIGUSR1, (void *)0x10, NULL, 8), EFAULT); }
static int clock_gettime_bad(void) { return raw_syscall(265 /* clock_gettime */, 1, (long)UNMAPPED, 0) == -EFAULT; }
static int getcwd_small(void) { char b[1]; return failed_with(syscall(SYS_getcwd, b, 1), ERANGE); }
static int mmap_zero_length(void) { return mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL; }
static int munmap_unaligned(void) { return failed_with(munmap((void *)0x10001, 4096), EINVAL); }
static int writev_bad_iov(void) { return failed_with(syscall(SYS_writev, 1, UNMAPPED, 2), EFAULT); }
static int dup2_bad_fd(void) { return failed_with(dup2(12345, 3), EBADF); }
/* Joining a process group nobody is in (Linux: EPERM); a group of one's own is fine. */
static int setpgid_no_such_group(void) { return failed_with(setpgid(0, 30000), EPERM) && setpgid(0, 0) == 0; }

/* ---- address-space edges and iovec arrays, as Linux checks them ---- */

#define TOP_PAGE_ADDR ((void *)(UINTPTR_MAX & ~(uintptr_t)4095)) /* past user space */

static int mmap_fixed_past_end(void)
{
	return mmap(TOP_PAGE_ADDR, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
		       MAP_FAILED && errno == ENOMEM;
}

static int mprotect_past_end(void) { return failed_with(mprotect(TOP_PAGE_ADDR, 8192, PROT_READ), ENOMEM); }
static int msync_past_end(void) { return failed_with(msync(TOP_PAGE_ADDR, 8192, MS_SYNC), ENOMEM); }
static int munmap_past_end(void) { return failed_with(munmap(TOP_PAGE_ADDR, 8192), EINVAL); }

/* An iovec length negative as the ABI's ssize_t: EINVAL, nothing read. */
static int readv_negative_length(void)
{
	char b[4];
	struct iovec iov[2] = { { b, sizeof(b) }, { b, (size_t)-1 } };
	int fd = pipe_with_data();

	return failed_with(readv(fd, iov, 2), EINVAL) && read(fd, b, 4) == 4 && b[0] == '0';
}

/* An iovec array running into an unmapped page: EFAULT before any
 * transfer (Linux copies the whole array first), the pipe stays empty. */
static int writev_array_into_unmapped(void)
{
	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct iovec *iov = (struct iovec *)(page + 4096) - 1; /* the second entry is past the page */
	int fds[2];
	char b;

	if (page == MAP_FAILED || munmap(page + 4096, 4096) != 0 || pipe(fds) != 0)
		return 0;
	iov->iov_base = "x";
	iov->iov_len = 1;
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	return failed_with(writev(fds[1], iov, 2), EFAULT) && read(fds[0], &b, 1) == -1 && errno == EAGAIN;
}

/* waitpid with a bad status pointer fails, and the child stays reapable. */
static int waitpid_bad_status(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(4);
	if (!failed_with(waitpid(pid, (int *)0x10, 0), EFAULT))
		return 0;
	return waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 4;
}

/* Numbers without a handler (451: cachestat, not implemented) or outside
 * the table, negative and huge: ENOSYS. */
static int unknown_numbers(void)
{
	static const long nrs[] = { 451, 999, 1001, 5000, 0x7fffffff, -1, -1000 };

	for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++)
		if (raw_syscall(nrs[i], 0, 0, 0) != -ENOSYS)
			return 0;
	return 1;
}

/* A snapshot label longer than 63 bytes is refused. */
static int long_snapshot_label(void)
{
	char label[200];

	memset(label, 'x', sizeof(label) - 1);
	label[sizeof(label) - 1] = '\0';
	return failed_with(syscall(CV_SYS_SNAPSHOT, label), EINVAL) ||
	       failed_with(syscall(CV_SYS_SNAPSHOT, label), ENOSYS);
}

/* ---- the CPU protects the kernel: the child dies with a signal ---- */

static int write_null_ptr(void) { *(volatile int *)0 = 1; return 0; }
static int write_text(void) { *(volatile char *)&write_text = 0; return 0; }
static int write_trampoline(void) { *(volatile char *)TRAMPOLINE = 0; return 0; }
/* After x87 code (which kvm-pvm has the kernel run through its FPU
 * trampoline page) the page at 0xffffe000 is still nothing to 32-bit code,
 * as on Linux, where it lies above TASK_SIZE: reading or calling it faults. */
static void use_x87(void) { volatile double d = 1.5; d = d * 3.0; (void)d; }
static int read_trampoline_after_x87(void) { use_x87(); return *(volatile char *)TRAMPOLINE; }
static int call_trampoline_after_x87(void) { use_x87(); ((void (*)(void))TRAMPOLINE)(); return 0; }
static int jump_to_zero(void) { ((void (*)(void))0)(); return 0; }
static int hlt_in_user(void) { __asm__ volatile("hlt"); return 0; }
static int cli_in_user(void) { __asm__ volatile("cli"); return 0; }
static int lgdt_in_user(void) { static char d[6]; __asm__ volatile("lgdt %0" :: "m"(d)); return 0; }
static int mov_cr3_in_user(void) { __asm__ volatile("mov %0, %%cr3" :: "r"((uintptr_t)0) : "memory"); return 0; }
/* (through a m16:32 far pointer: the one form both modes have) */
static int far_call_kernel(void) { static const struct { uint32_t off; uint16_t sel; } __attribute__((packed)) to = { 0, 0x10 }; __asm__ volatile("lcall *%0" :: "m"(to)); return 0; }
static int int3_in_user(void) { __asm__ volatile("int3"); return 0; }
static int int_0x41(void) { __asm__ volatile("int $0x41"); return 0; }
static int ud2_in_user(void) { __asm__ volatile("ud2"); return 0; }
static int divide_by_zero(void) { volatile int z = 0, one = 1; return one / z; }

/* Jump into a heap buffer holding "ret": data is not executable. */
static int execute_heap(void)
{
	unsigned char *code = malloc(64);

	code[0] = 0xc3;
	((void (*)(void))code)();
	return 0;
}

/* Recurse until the 8 MiB stack runs out (through a pointer the compiler
 * cannot see through). */
static int recurse(int depth);
static int (*volatile recurse_ptr)(int) = recurse;

static int recurse(int depth)
{
	volatile char pad[256];

	pad[0] = (char)depth;
	return recurse_ptr(depth + 1) + pad[0];
}

static int stack_overflow(void) { return recurse(0); }

/* ---- resources ---- */

/* mmap until it fails: ENOMEM, then everything unmapped. */
static int mmap_until_failure(void)
{
	static void *maps[4096];
	int n = 0;

	while (n < 4096) {
		void *p = mmap(NULL, HOG_STEP, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | HOG_FLAGS, -1, 0);
		if (p == MAP_FAILED)
			break;
		maps[n++] = p;
	}
	if (errno != ENOMEM || n == 4096)
		return 0;
	while (n)
		munmap(maps[--n], HOG_STEP);
	return 1;
}

/* brk until it fails: the heap end stops moving. */
static int brk_until_failure(void)
{
	for (int i = 0; i < 4096; i++)
		if (sbrk((intptr_t)HOG_STEP) == (void *)-1)
			return errno == ENOMEM;
	return 0;
}

/* Copy-on-write with no frame left: touch most of the free memory, fork,
 * and let the child write all of it. The kernel kills the child
 * (SIGKILL); the parent lives on. */
static int cow_without_memory(void)
{
	struct sysinfo si;
	size_t len;
	char *p;
	int status;
	pid_t pid;

	if (sysinfo(&si) != 0)
		return 0;
	len = (size_t)si.freeram * si.mem_unit / 10 * 7 & ~(size_t)4095;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 0;
	for (size_t i = 0; i < len; i += 4096)
		p[i] = 1;
	pid = fork();
	if (pid == 0) {
		for (size_t i = 0; i < len; i += 4096)
			p[i] = 2;
		_exit(0);
	}
	return waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

/* A chain of vfork children, each vforking the next. */
static int vfork_chain(int depth)
{
	int status;
	pid_t pid;

	if (depth == 0)
		return 1;
	pid = vfork();
	if (pid == 0)
		_exit(vfork_chain(depth - 1) ? 0 : 1);
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int deep_vfork_chain(void) { return vfork_chain(40); }

static const struct prog_case cases[] = {
	{ "write(NULL)", write_null, 0 },
	{ "write(unmapped)", write_unmapped, 0 },
	{ "write(huge length)", write_huge_length, 0 },
	{ "read(into text)", read_into_text, 0 },
	{ "read(wrapping past 4 GiB)", read_wrapping, 0 },
	{ "read(into the trampoline page)", read_into_trampoline, 0 },
	{ "stat64(NULL path)", stat_null_path, 0 },
	{ "stat64(NULL buffer)", stat_null_buf, 0 },
	{ "open(unmapped path)", open_unmapped_path, 0 },
	{ "execve(bad argv)", execve_bad_argv, 0 },
	{ "uname(NULL)", uname_null, 0 },
	{ "gettimeofday(bad)", gettimeofday_bad, 0 },
	{ "pipe(unmapped)", pipe_unmapped, 0 },
	{ "rt_sigaction(bad)", sigaction_bad, 0 },
	{ "clock_gettime(unmapped)", clock_gettime_bad, 0 },
	{ "getcwd(1 byte)", getcwd_small, 0 },
	{ "mmap(0 bytes)", mmap_zero_length, 0 },
	{ "munmap(unaligned)", munmap_unaligned, 0 },
	{ "writev(unmapped iovec)", writev_bad_iov, 0 },
	{ "dup2(bad fd)", dup2_bad_fd, 0 },
	{ "setpgid(a group that does not exist)", setpgid_no_such_group, 0 },
	{ "waitpid(bad status)", waitpid_bad_status, 0 },
	{ "mmap(MAP_FIXED past user space): ENOMEM", mmap_fixed_past_end, 0 },
	{ "mprotect(past user space): ENOMEM", mprotect_past_end, 0 },
	{ "msync(past user space): ENOMEM", msync_past_end, 0 },
	{ "munmap(past user space): EINVAL", munmap_past_end, 0 },
	{ "readv(a negative iov_len): EINVAL, nothing read", readv_negative_length, 0 },
	{ "writev(iovec array into an unmapped page): EFAULT, nothing written", writev_array_into_unmapped, 0 },
	{ "int 0x80 with unknown numbers", unknown_numbers, 0 },
	{ "cv_snapshot(long label)", long_snapshot_label, 0 },
	{ "write to address 0", write_null_ptr, SIGSEGV },
	{ "write to program text", write_text, SIGSEGV },
	{ "write to the trampoline page", write_trampoline, SIGSEGV },
	{ "read the trampoline page after x87 code", read_trampoline_after_x87, SIGSEGV },
	{ "call the trampoline page after x87 code", call_trampoline_after_x87, SIGSEGV },
	{ "jump to 0", jump_to_zero, SIGSEGV },
	{ "execute the heap", execute_heap, SIGSEGV },
	{ "hlt", hlt_in_user, SIGSEGV },
	{ "cli", cli_in_user, SIGSEGV },
	{ "lgdt", lgdt_in_user, SIGSEGV },
	{ "mov to cr3", mov_cr3_in_user, SIGSEGV },
	{ "far call to the kernel code segment", far_call_kernel, SIGSEGV },
	{ "int3", int3_in_user, SIGTRAP },
	{ "int 0x41", int_0x41, SIGSEGV },
	{ "ud2", ud2_in_user, SIGILL },
	{ "divide by zero", divide_by_zero, SIGFPE },
	{ "stack overflow", stack_overflow, SIGSEGV },
	{ "mmap until failure", mmap_until_failure, 0 },
	{ "brk until failure", brk_until_failure, 0 },
	{ "COW fault with no frame left: child killed", cow_without_memory, 0 },
	{ "40 nested vforks", deep_vfork_chain, 0 },
};

/* execve a corrupted file in a child: it must fail (ENOEXEC or EACCES). */
static int run_bad_exec(const char *path)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = { (char *)path, NULL };
		execve(path, argv, NULL);
		_exit(errno == ENOEXEC ? 0 : errno == EACCES ? 1 : 2);
	}
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("exec %s: ok (ENOEXEC)\n", path);
		return 1;
	}
	printf("exec %s: WRONG (status %#x)\n", path, status);
	return 0;
}

int main(int argc, char **argv)
{
	int good = 0, total = 0;

	/* stdio allocates its buffer on the first printf: before "start" */
	printf("hostile: %zu cases, %d corrupted executables\n", sizeof(cases) / sizeof(cases[0]), argc - 1);
	syscall(CV_SYS_SNAPSHOT, "start");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++, total++)
		good += case_run(&cases[i]);
	for (int i = 1; i < argc; i++, total++)
		good += run_bad_exec(argv[i]);
	syscall(CV_SYS_SNAPSHOT, "end");
	printf("hostile: %d of %d as expected\n", good, total);
	return good == total ? 0 : 1;
}
