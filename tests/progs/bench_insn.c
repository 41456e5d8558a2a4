/* bench_insn: the process operations of make bench, each run n times
 * between segment markers (tests/progs/bench_marker.h) so that a QEMU TCG
 * plugin (tools/bench/insncount.c) counts the instructions they execute,
 * kernel and user, on cowvisor's kernel and on Linux's alike. Every
 * operation runs in ROUNDS rounds, each its own segment with the same id
 * (the reader keeps the smallest: a timer interrupt inflates a round).
 *
 *   bench_insn [-x PROGRAM] [-s MiB,...]
 * -x: the exec target (run as "PROGRAM 0", must exit 0; default
 * /bin/exit_code); -s: the parent sizes for fork (default 1,16,64,256,
 * at most 4). Prints, per operation, "insnop id=ID test=NAME size_mib=S
 * n=N rounds=R", then "insn done". As PID 1 (booted as /init) it powers
 * the machine off at the end where the kernel lets it (Linux).
 * Any failure prints "bench_insn: error: ..." on stderr and exits 1. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_marker.h"

#define PAGE   4096L
#define MIB    (1L << 20)
#define ROUNDS 3
#define MAX_SIZES 4

/* Segment ids: one per operation (fork: one per size slot). */
enum { ID_GETPID = 1, ID_TOUCH, ID_COW, ID_VFORK, ID_EXEC, ID_PIPE, ID_GETPID_LIBC, ID_FORK0 };

/* Operations per round. */
enum { N_GETPID = 100, N_TOUCH = 64, N_COW = 64, N_FORK = 4, N_VFORK = 8, N_EXEC = 4, N_PIPE = 32 };

static const char *exec_path = "/bin/exit_code";
static long sizes[MAX_SIZES] = { 1, 16, 64, 256 };
static int nsizes = 4;

/* Print a message and exit 1. */
static void __attribute__((noreturn)) die(const char *what)
{
	fflush(stdout);
	fprintf(stderr, "bench_insn: error: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Say which segment id holds which operation. */
static void announce(int id, const char *test, long size, int n)
{
	printf("insnop id=%d test=%s size_mib=%ld n=%d rounds=%d\n", id, test, size, n, ROUNDS);
	fflush(stdout);
}

/* Wait for pid and check that it exited with status 0. */
static void reap(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		errno = 0;
		die("child did not exit with status 0");
	}
}

/* getpid by the ABI's own trap instruction, n times: int 0x80 (i386) or
 * syscall (x86-64; SYS_getpid is the x86-64 number there). */
static void op_getpid(int n)
{
	long r;

	BENCH_MARK(ID_GETPID);
	for (int i = 0; i < n; i++)
#ifdef __x86_64__
		__asm__ volatile("syscall" : "=a"(r) : "a"((long)SYS_getpid) : "rcx", "r11", "memory");
#else
		__asm__ volatile("int $0x80" : "=a"(r) : "a"((long)SYS_getpid) : "memory");
#endif
	BENCH_MARK(BENCH_MARK_END);
}

/* getpid through the libc, n times: glibc's i386 system calls go through
 * AT_SYSINFO (the vDSO's __kernel_vsyscall) where the kernel passes it. */
static void op_getpid_libc(int n)
{
	BENCH_MARK(ID_GETPID_LIBC);
	for (int i = 0; i < n; i++)
		syscall(SYS_getpid);
	BENCH_MARK(BENCH_MARK_END);
}

/* First writes to n fresh pages: demand-zero faults. */
static void op_touch(int n)
{
	char *p = mmap(NULL, (size_t)n * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap");
	BENCH_MARK(ID_TOUCH);
	for (int i = 0; i < n; i++)
		((volatile char *)p)[i * PAGE] = 1;
	BENCH_MARK(BENCH_MARK_END);
	munmap(p, (size_t)n * PAGE);
}

/* In a fork child, first writes to n pages the parent touched: COW faults. */
static void op_cow(char *buf, int n)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		BENCH_MARK(ID_COW);
		for (int i = 0; i < n; i++)
			((volatile char *)buf)[i * PAGE] = 2;
		BENCH_MARK(BENCH_MARK_END);
		_exit(0);
	}
	reap(pid);
}

/* fork + _exit(0) + waitpid, n times, as segment id. */
static void op_fork(int id, int n)
{
	/* the id must be a constant in the marker: one marker per size slot */
	switch (id - ID_FORK0) {
	case 0: BENCH_MARK(ID_FORK0); break;
	case 1: BENCH_MARK(ID_FORK0 + 1); break;
	case 2: BENCH_MARK(ID_FORK0 + 2); break;
	default: BENCH_MARK(ID_FORK0 + 3); break;
	}
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0)
			_exit(0);
		reap(pid);
	}
	BENCH_MARK(BENCH_MARK_END);
}

/* vfork + _exit(0) + waitpid, n times. */
static void op_vfork(int n)
{
	BENCH_MARK(ID_VFORK);
	for (int i = 0; i < n; i++) {
		pid_t pid = vfork();

		if (pid < 0)
			die("vfork");
		if (pid == 0)
			_exit(0);
		reap(pid);
	}
	BENCH_MARK(BENCH_MARK_END);
}

/* vfork + execve(exec_path, "0") + exit + waitpid, n times. */
static void op_exec(int n)
{
	char *args[] = { (char *)exec_path, "0", NULL };
	char *envp[] = { NULL };

	BENCH_MARK(ID_EXEC);
	for (int i = 0; i < n; i++) {
		pid_t pid = vfork();

		if (pid < 0)
			die("vfork");
		if (pid == 0) {
			execve(exec_path, args, envp);
			_exit(127);
		}
		reap(pid);
	}
	BENCH_MARK(BENCH_MARK_END);
}

/* n one-byte round trips to a child through two pipes. */
static void op_pipe(int n)
{
	int to[2], from[2];
	char c = 'x';
	pid_t pid;

	if (pipe(to) != 0 || pipe(from) != 0)
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(to[1]);
		close(from[0]);
		while (read(to[0], &c, 1) == 1)
			if (write(from[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	close(to[0]);
	close(from[1]);
	BENCH_MARK(ID_PIPE);
	for (int i = 0; i < n; i++)
		if (write(to[1], &c, 1) != 1 || read(from[0], &c, 1) != 1)
			die("pipe round trip");
	BENCH_MARK(BENCH_MARK_END);
	close(to[1]);
	close(from[0]);
	reap(pid);
}

/* Parse "1,16,64" into sizes (ascending, at most MAX_SIZES). */
static void parse_sizes(const char *s)
{
	char *end;

	for (nsizes = 0; *s; s = *end == ',' ? end + 1 : end) {
		if (nsizes == MAX_SIZES)
			die("too many sizes");
		sizes[nsizes] = strtol(s, &end, 10);
		if (end == s || sizes[nsizes] <= 0 || (nsizes && sizes[nsizes] <= sizes[nsizes - 1])) {
			errno = EINVAL;
			die("bad size list");
		}
		nsizes++;
	}
}

/* The operations on a parent whose buffer grows through the sizes. */
static void sized_ops(void)
{
	long max = sizes[nsizes - 1], touched = 0;
	char *buf = mmap(NULL, (size_t)(max * MIB), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (buf == MAP_FAILED)
		die("mmap of the parent's buffer");
	for (int s = 0; s < nsizes; s++) {
		for (; touched < sizes[s] * MIB / PAGE; touched++)
			buf[touched * PAGE] = 1;
		announce(ID_FORK0 + s, "fork", sizes[s], N_FORK);
		for (int r = 0; r < ROUNDS; r++)
			op_fork(ID_FORK0 + s, N_FORK);
		if (s == 0) { /* COW faults in the smallest parent */
			announce(ID_COW, "cow", sizes[s], N_COW);
			for (int r = 0; r < ROUNDS; r++)
				op_cow(buf, N_COW);
		}
	}
}

/* Entry point. */
int main(int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "x:s:")) != -1) {
		if (c == 'x')
			exec_path = optarg;
		else if (c == 's')
			parse_sizes(optarg);
		else {
			errno = EINVAL;
			die("usage: bench_insn [-x PROGRAM] [-s MiB,...]");
		}
	}
	announce(ID_GETPID, "getpid", 0, N_GETPID);
	announce(ID_GETPID_LIBC, "getpid_libc", 0, N_GETPID);
	announce(ID_TOUCH, "touch", 0, N_TOUCH);
	announce(ID_VFORK, "vfork", 0, N_VFORK);
	announce(ID_EXEC, "exec", 0, N_EXEC);
	announce(ID_PIPE, "pipe", 0, N_PIPE);
	for (int r = 0; r < ROUNDS; r++) {
		op_getpid(N_GETPID);
		op_getpid_libc(N_GETPID);
		op_touch(N_TOUCH);
		op_vfork(N_VFORK);
		op_exec(N_EXEC);
		op_pipe(N_PIPE);
	}
	sized_ops();
	printf("insn done\n");
	fflush(stdout);
	if (getpid() == 1) /* Linux: power off rather than panic */
		reboot(RB_POWER_OFF);
	return 0;
}
