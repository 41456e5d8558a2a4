/* rlimitenf: resource limits enforced as Linux enforces them.
 * RLIMIT_FSIZE: a write reaching the limit is cut short, one starting at
 * or past it fails with EFBIG and raises SIGXFSZ (whose default action
 * kills), growing truncate past it likewise; pipes are not limited.
 * RLIMIT_AS: mmap, mremap and brk may not grow the address space past it
 * (ENOMEM), a MAP_FIXED replacement counts only its growth.
 * RLIMIT_DATA: the same for private writable memory and the heap.
 * RLIMIT_STACK: an exec'd program's stack reaches that far, no further,
 * and its arguments may take a quarter of it.
 * RLIMIT_NPROC: fork fails with EAGAIN for a user at the limit, root is
 * exempt. RLIMIT_CPU: SIGXCPU at the soft limit (which then moves up a
 * second), SIGKILL at the hard one.
 * Prints one line per case and "rlimitenf: N of N as on Linux"; the same
 * on the host. Works in /tmp, or where it runs when there is none. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "locktest.h"

#define MIB (1ul << 20)
#define FSIZE_LIMIT 10000

static volatile sig_atomic_t xfsz, xcpu;

static void on_xfsz(int sig)
{
	(void)sig;
	xfsz++;
}

static void on_xcpu(int sig)
{
	(void)sig;
	xcpu++;
}

/* A call's result as the errno, 0 for success. */
static int err_of(long rc)
{
	return rc < 0 ? errno : 0;
}

/* Set resource's soft limit to soft (hard kept). */
static void set_soft(int resource, rlim_t soft)
{
	struct rlimit l;

	getrlimit(resource, &l);
	l.rlim_cur = soft;
	setrlimit(resource, &l);
}

/* The brk system call (musl's brk() always fails): the break after it,
 * the old one when the move was refused. */
static char *raw_brk(char *to)
{
	return (char *)syscall(SYS_brk, to);
}

/* An anonymous mapping of len with prot and flags (MAP_ANONYMOUS added):
 * its address, or MAP_FAILED. */
static void *map(size_t len, int prot, int flags)
{
	return mmap(NULL, len, prot, flags | MAP_ANONYMOUS, -1, 0);
}

/* Child: write past the limit with SIGXFSZ's default action. */
static int child_default_xfsz(int fd)
{
	signal(SIGXFSZ, SIG_DFL);
	pwrite(fd, "x", 1, FSIZE_LIMIT + 5);
	return 0;
}

static void fsize(int fd)
{
	char buf[8192];
	struct iovec iov[2] = { { buf, 2000 }, { buf, 5000 } };
	int p[2], st;
	pid_t pid;

	memset(buf, 'a', sizeof(buf));
	signal(SIGXFSZ, on_xfsz);
	set_soft(RLIMIT_FSIZE, FSIZE_LIMIT);
	check("FSIZE: a write below the limit", write(fd, buf, 8192) == 8192 && xfsz == 0);
	check("FSIZE: a write reaching it is cut short", write(fd, buf, 8192) == FSIZE_LIMIT - 8192 && xfsz == 0);
	check("FSIZE: a write at it: EFBIG and SIGXFSZ", err_of(write(fd, buf, 1)) == EFBIG && xfsz == 1);
	check("FSIZE: an empty write at it: 0, no signal", write(fd, buf, 0) == 0 && xfsz == 1);
	check("FSIZE: pwrite past it: EFBIG and SIGXFSZ", err_of(pwrite(fd, buf, 1, 20000)) == EFBIG && xfsz == 2);
	check("FSIZE: pwrite across it is cut short", pwrite(fd, buf, 10, FSIZE_LIMIT - 1) == 1);
	check("FSIZE: ftruncate to the limit", ftruncate(fd, FSIZE_LIMIT) == 0 && xfsz == 2);
	check("FSIZE: ftruncate past it: EFBIG and SIGXFSZ", err_of(ftruncate(fd, FSIZE_LIMIT + 1)) == EFBIG && xfsz == 3);
	check("FSIZE: ftruncate shrinking", ftruncate(fd, 8000) == 0);
	check("FSIZE: writev across it stops at it without a signal",
	      lseek(fd, 8000, SEEK_SET) == 8000 && writev(fd, iov, 2) == 2000 && xfsz == 3);
	check("FSIZE: truncate by path past it: EFBIG", err_of(truncate(path, 50000)) == EFBIG && xfsz == 4);
	check("FSIZE: O_APPEND at the limit: EFBIG",
	      fcntl(fd, F_SETFL, O_APPEND) == 0 && err_of(write(fd, buf, 1)) == EFBIG && xfsz == 5);
	fcntl(fd, F_SETFL, 0);
	check("FSIZE: a pipe is not limited",
	      pipe(p) == 0 && write(p[1], buf, 8192) == 8192 && write(p[1], buf, 8192) == 8192 && xfsz == 5);
	close(p[0]);
	close(p[1]);
	signal(SIGXFSZ, SIG_IGN);
	check("FSIZE: SIGXFSZ ignored: EFBIG alone", err_of(pwrite(fd, buf, 1, 20000)) == EFBIG && xfsz == 5);
	if ((pid = fork()) == 0)
		_exit(child_default_xfsz(fd));
	check("FSIZE: SIGXFSZ's default action kills",
	      waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGXFSZ);
	set_soft(RLIMIT_FSIZE, RLIM_INFINITY);
	check("FSIZE: no limit: a write past the old one", pwrite(fd, buf, 10, 20000) == 10);
}

static void address_space(void)
{
	void *a, *b;
	char *cur;

	set_soft(RLIMIT_AS, 64 * MIB);
	a = map(32 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	check("AS: 32 MiB of 64", a != MAP_FAILED);
	check("AS: 48 MiB more: ENOMEM", map(48 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE) == MAP_FAILED &&
	      errno == ENOMEM);
	check("AS: PROT_NONE counts too", map(48 * MIB, PROT_NONE, MAP_PRIVATE) == MAP_FAILED && errno == ENOMEM);
	check("AS: MAP_NORESERVE counts too",
	      map(48 * MIB, PROT_READ, MAP_PRIVATE | MAP_NORESERVE) == MAP_FAILED && errno == ENOMEM);
	check("AS: MAP_FIXED over itself: no growth",
	      mmap(a, 32 * MIB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == a);
	check("AS: mremap growing past it: ENOMEM",
	      mremap(a, 32 * MIB, 96 * MIB, MREMAP_MAYMOVE) == MAP_FAILED && errno == ENOMEM);
	check("AS: mremap shrinking", mremap(a, 32 * MIB, 16 * MIB, 0) == a);
	cur = raw_brk(0);
	check("AS: brk past it fails, the break stays", raw_brk(cur + 64 * MIB) == cur && raw_brk(0) == cur);
	munmap(a, 16 * MIB);
	b = map(48 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	check("AS: 48 MiB after the unmap", b != MAP_FAILED);
	munmap(b, 48 * MIB);
	set_soft(RLIMIT_AS, RLIM_INFINITY);
}

static void data(void)
{
	void *a;
	char *cur;

	set_soft(RLIMIT_DATA, 16 * MIB);
	check("DATA: 32 MiB private writable: ENOMEM",
	      map(32 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE) == MAP_FAILED && errno == ENOMEM);
	a = map(32 * MIB, PROT_READ, MAP_PRIVATE);
	check("DATA: 32 MiB read-only: not data", a != MAP_FAILED);
	munmap(a, 32 * MIB);
	a = map(32 * MIB, PROT_READ | PROT_WRITE, MAP_SHARED);
	check("DATA: 32 MiB shared writable: not data", a != MAP_FAILED);
	munmap(a, 32 * MIB);
	cur = raw_brk(0);
	check("DATA: brk 32 MiB up: refused", raw_brk(cur + 32 * MIB) == cur);
	check("DATA: brk 1 MiB up", raw_brk(cur + MIB) == cur + MIB);
	raw_brk(cur);
	set_soft(RLIMIT_DATA, RLIM_INFINITY);
}

/* Child: with RLIMIT_NPROC 1, as user uid (0: stay root), fork once:
 * 0 when fork failed with EAGAIN, 1 when it worked, 2 otherwise. */
static int child_nproc(int uid)
{
	struct rlimit one = { 1, 1 };
	pid_t pid;

	if (setrlimit(RLIMIT_NPROC, &one) || (uid && setresuid(uid, uid, uid)))
		return 3;
	if ((pid = fork()) == 0)
		_exit(0);
	if (pid > 0)
		return waitpid(pid, NULL, 0) == pid ? 1 : 2;
	return errno == EAGAIN ? 0 : 2;
}

/* Child: burn CPU time under RLIMIT_CPU soft 1 s, hard hard; with a
 * SIGXCPU handler: 0 once one came, and the soft limit moved to 2 s. */
static int child_cpu(int hard)
{
	struct rlimit l = { 1, hard ? (rlim_t)hard : RLIM_INFINITY };
	volatile unsigned long spin = 0;
	time_t give_up = time(NULL) + 30; /* a kernel that never signals: a failure, not a hang */

	signal(SIGXCPU, on_xcpu);
	if (setrlimit(RLIMIT_CPU, &l))
		return 3;
	while (!xcpu)
		if (++spin % 65536 == 0 && time(NULL) > give_up)
			return 5;
	getrlimit(RLIMIT_CPU, &l);
	return l.rlim_cur == 2 ? 0 : 4;
}

/* Exec'd as "rlimitenf --stack KIB": write a byte KIB KiB below the stack
 * pointer (a stack that reaches there takes it; else SIGSEGV). */
static int touch_below(long kib)
{
	volatile char here = 0, *far = &here - kib * 1024;

	*far = 1;
	return *far == 1 ? 0 : 1;
}

#define EXEC_E2BIG 7 /* exec_with_stack's status when execve said E2BIG */

/* Child: run this program again under RLIMIT_STACK soft kib KiB, to touch
 * touch KiB below its stack pointer, with args more arguments of 100 KiB:
 * the new program's status, or EXEC_E2BIG. */
static int exec_with_stack(long kib, long touch, int args)
{
	static char big[100 * 1024];
	char num[24], *argv[8] = { "rlimitenf", "--stack", num, NULL };

	set_soft(RLIMIT_STACK, (rlim_t)kib * 1024);
	snprintf(num, sizeof(num), "%ld", touch);
	memset(big, 'a', sizeof(big) - 1);
	for (int i = 0; i < args; i++)
		argv[3 + i] = big, argv[4 + i] = NULL;
	execv("/proc/self/exe", argv);
	return errno == E2BIG ? EXEC_E2BIG : 1;
}

/* The exit status of a child running exec_with_stack: its exit code, or
 * 128 + the signal that killed it. */
static int stack_status(long kib, long touch, int args)
{
	int st;
	pid_t pid = fork();

	if (pid == 0)
		_exit(exec_with_stack(kib, touch, args));
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

static void stack(void)
{
	check("STACK: 32 MiB: a write 20 MiB below the stack pointer", stack_status(32 << 10, 20 << 10, 0) == 0);
	check("STACK: 1 MiB: a write 2 MiB below it: SIGSEGV", stack_status(1 << 10, 2 << 10, 0) == 128 + SIGSEGV);
	check("STACK: 1 MiB: 200 KiB of arguments fit", stack_status(1 << 10, 1, 2) == 0);
	check("STACK: 1 MiB: 300 KiB of arguments: E2BIG (a quarter of it)", stack_status(1 << 10, 1, 3) == EXEC_E2BIG);
	check("STACK: 2 MiB: 300 KiB of arguments fit", stack_status(2 << 10, 1, 3) == 0);
}

static void processes_and_cpu(void)
{
	int st;
	pid_t pid;

	check("NPROC: a user at the limit: fork EAGAIN", in_child(child_nproc, 4321) == 0);
	check("NPROC: root is exempt", in_child(child_nproc, 0) == 1);
	check("CPU: SIGXCPU at the soft limit, which moves a second up", in_child(child_cpu, 0) == 0);
	if ((pid = fork()) == 0)
		_exit(child_cpu(1));
	check("CPU: at the hard limit: SIGKILL",
	      waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
}

int main(int argc, char **argv)
{
	int fd;

	if (argc > 2 && strcmp(argv[1], "--stack") == 0)
		return touch_below(atol(argv[2]));
	setvbuf(stdout, NULL, _IOLBF, 0); /* each case as it ends */
	if ((fd = lt_create("rlimitenf", argc, argv)) < 0)
		return 2;
	fsize(fd);
	close(fd);
	address_space();
	data();
	stack();
	processes_and_cpu();
	return lt_finish();
}
