/* bench_proc: process-operation benchmarks, the same binary on host Linux
 * (IA32 emulation for the i386 build) and in cowvisor's guest. It measures
 * a getpid round trip (int 0x80 as i386, the syscall instruction as
 * x86-64), clock_gettime(CLOCK_MONOTONIC) through the libc (the vDSO's
 * where there is one), a user-code loop (1000 iterations of 3 instructions), pipe
 * ping-pong, vfork+execve+exit+wait of a small program,
 * and, while a buffer of touched memory grows through the sizes given with
 * -s, the first touch of a page, fork+_exit+wait, vfork+_exit+wait and (at
 * the -c size) the first write to a copy-on-write page in a fork child;
 * also an x87 instruction pair in a loop and an SSE instruction between
 * instructions that stay in 32-bit mode (see below).
 *
 *   bench_proc [-t tsc|mono] [-s MiB,...] [-c MiB] [-b ms] [-x PROGRAM]
 *              [-T test,...]
 * -x PROGRAM is the exec target (run as "PROGRAM 0", must exit 0); -T picks
 * tests from getpid,clock,loop,x87,sse,pipe,exec,touch,fork,vfork,cow (default: all).
 *
 * Each figure is the median of repeated samples after a warm-up; a sample
 * times a batch of operations and divides (batches last >= 5 ms). Batch sizes and repetitions are
 * chosen from a pilot run so each figure takes about the -b budget (between
 * REPS_MIN and REPS_MAX samples). Output, one line each, on stdout:
 *   info KEY=VALUE ...
 *   result test=NAME size_mib=N n=SAMPLES batch=OPS median_ns=.. q1_ns=..
 *          q3_ns=.. min_ns=.. max_ns=..      (ns with three decimals)
 * Any failure prints "bench_proc: error: ..." on stderr and exits 1.
 *
 * Clocks: -t mono reads clock_gettime(CLOCK_MONOTONIC) (the host); -t tsc
 * reads rdtsc, calibrated against CLOCK_MONOTONIC at start (the guest, where
 * every system call is slow but rdtsc is one instruction).
 *
 * Integer arithmetic only: on kvm-pvm each x87/SSE instruction of a 32-bit
 * program traps to the guest kernel's trampoline (milliseconds each), so a
 * floating-point clock conversion would swamp what is measured. The x87
 * test measures exactly that cost. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE     4096L
#define PAGES_PER_TABLE 512L /* the pages one last-level page table maps */
#define MIB      (1L << 20)
#define REPS_MIN 3
#define REPS_MAX 21
#define MAX_SIZES 8
#define LOOP_UNIT 1000 /* iterations in one "loop" operation (the pilot's one is timeable) */

/* What one run measures, from the command line. */
struct config {
	int use_tsc;           /* -t tsc */
	long sizes[MAX_SIZES]; /* -s, MiB, ascending */
	int nsizes;
	long cow_size;         /* -c: the size at which the COW test runs */
	long budget_ns;        /* -b: time per figure */
	long min_batch_ns;     /* a batch lasts at least this long */
	const char *exec_path; /* -x */
	const char *tests;     /* which tests, comma separated */
};

static struct config cfg;
static uint64_t tsc_khz; /* rdtsc ticks per ms, for -t tsc */
static char *buf;        /* the touched buffer */
static long touched;     /* its pages touched so far */

/* Print a message and exit 1: a figure that cannot be taken is an error. */
static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("bench_proc: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* CLOCK_MONOTONIC in ns. */
static uint64_t mono_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		die("clock_gettime: %s", strerror(errno));
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The time-stamp counter. */
static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* Read CLOCK_MONOTONIC with the TSC bracketing it; the TSC value at the
 * middle of the call goes to *tsc. */
static uint64_t mono_with_tsc(uint64_t *tsc)
{
	uint64_t a = rdtsc();
	uint64_t ns = mono_ns();
	uint64_t b = rdtsc();

	*tsc = a + (b - a) / 2;
	return ns;
}

/* Find the TSC rate over a 200 ms window of CLOCK_MONOTONIC. */
static void calibrate_tsc(void)
{
	struct timespec nap = { 0, 200000000 };
	uint64_t t0, t1, n0, n1;

	n0 = mono_with_tsc(&t0);
	nanosleep(&nap, NULL);
	n1 = mono_with_tsc(&t1);
	if (n1 <= n0 || t1 <= t0)
		die("TSC calibration failed: monotonic %llu ns, tsc %llu ticks",
		    (unsigned long long)(n1 - n0), (unsigned long long)(t1 - t0));
	tsc_khz = (t1 - t0) * 1000000u / (n1 - n0);
	if (tsc_khz == 0)
		die("TSC calibration failed: rate 0");
}

/* The benchmark clock in its own units: ns, or TSC ticks with -t tsc. */
static uint64_t now(void)
{
	return cfg.use_tsc ? rdtsc() : mono_ns();
}

/* A difference of now() values in ps (ns * 1000), divided by count. */
static uint64_t per_op_ps(uint64_t delta, long count)
{
	if (cfg.use_tsc) /* delta * 1e9 / khz without overflow */
		delta = delta / tsc_khz * 1000000000u + delta % tsc_khz * 1000000000u / tsc_khz;
	else
		delta *= 1000u;
	return delta / (uint64_t)count;
}

/* getpid by the ABI's own instruction (int 0x80 as i386, syscall as
 * x86-64), whatever the libc would use. */
static inline long int80_getpid(void)
{
	long r;

#ifdef __x86_64__
	__asm__ volatile("syscall" : "=a"(r) : "a"((long)SYS_getpid) : "rcx", "r11", "memory");
#else
	__asm__ volatile("int $0x80" : "=a"(r) : "a"((long)SYS_getpid) : "memory");
#endif
	return r;
}

/* Wait for pid and check that it exited with status 0. */
static void reap(pid_t pid, const char *what)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		die("%s: waitpid: %s", what, strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("%s: child ended with status 0x%x", what, status);
}

/* One sample: do the operation count times and return ps per operation. */
typedef uint64_t (*sample_fn)(long count);

/* Sample: count int 0x80 getpid calls. */
static uint64_t sample_getpid(long count)
{
	long pid = int80_getpid();
	uint64_t t0 = now();

	for (long i = 0; i < count; i++)
		if (int80_getpid() != pid)
			die("getpid: wrong pid");
	return per_op_ps(now() - t0, count);
}

/* Sample: count clock_gettime(CLOCK_MONOTONIC) calls through the libc. */
static uint64_t sample_clock(long count)
{
	struct timespec ts;
	uint64_t t0 = now();

	for (long i = 0; i < count; i++)
		if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
			die("clock_gettime: %s", strerror(errno));
	return per_op_ps(now() - t0, count);
}

/* Sample: count runs of LOOP_UNIT iterations of a loop of three user
 * instructions (add, dec, jnz): the speed of plain user code, no system
 * call, no FPU; the result is per run of LOOP_UNIT iterations. */
static uint64_t sample_loop(long count)
{
	long n = count * LOOP_UNIT, acc = 0;
	uint64_t t0 = now();

	__asm__ volatile("1:\n\tadd $3, %1\n\tdec %0\n\tjnz 1b" : "+r"(n), "+r"(acc) :: "cc");
	if (acc != 3 * count * LOOP_UNIT)
		die("loop: %ld iterations counted %ld", count * LOOP_UNIT, acc / 3);
	return per_op_ps(now() - t0, count);
}

/* Sample: count x87 instruction pairs (fld1; fstp), which kvm-pvm cannot
 * run in 32-bit user mode and the guest kernel runs through a trampoline. */
static uint64_t sample_x87(long count)
{
	uint64_t t0 = now();

	for (long i = 0; i < count; i++)
		__asm__ volatile("fld1\n\tfstp %%st(0)" ::: "memory");
	return per_op_ps(now() - t0, count);
}

/* Sample: count SSE instructions that each need a trip of their own to the
 * trampoline on kvm-pvm: pxor, then push/pop, which cannot move to 64-bit
 * mode with it (so the kernel's run is that one instruction). */
static uint64_t sample_sse(long count)
{
	uint64_t t0 = now();

	for (long i = 0; i < count; i++)
#ifdef __i386__
		__asm__ volatile("pxor %%xmm0, %%xmm0\n\tpushl %%eax\n\tpopl %%eax" ::: "memory");
#else
		__asm__ volatile("pxor %%xmm0, %%xmm0" ::: "memory"); /* native in 64-bit mode */
#endif
	return per_op_ps(now() - t0, count);
}

/* Sample: count fork + _exit(0) + waitpid cycles. */
static uint64_t sample_fork(long count)
{
	uint64_t t0 = now();

	for (long i = 0; i < count; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork: %s", strerror(errno));
		if (pid == 0)
			_exit(0);
		reap(pid, "fork");
	}
	return per_op_ps(now() - t0, count);
}

/* Sample: count vfork + _exit(0) + waitpid cycles. */
static uint64_t sample_vfork(long count)
{
	uint64_t t0 = now();

	for (long i = 0; i < count; i++) {
		pid_t pid = vfork();

		if (pid < 0)
			die("vfork: %s", strerror(errno));
		if (pid == 0)
			_exit(0);
		reap(pid, "vfork");
	}
	return per_op_ps(now() - t0, count);
}

/* Sample: count vfork + execve(exec_path, "0") + exit + waitpid cycles. */
static uint64_t sample_exec(long count)
{
	char *args[] = { (char *)cfg.exec_path, "0", NULL };
	char *envp[] = { NULL };
	uint64_t t0 = now();

	for (long i = 0; i < count; i++) {
		pid_t pid = vfork();

		if (pid < 0)
			die("vfork: %s", strerror(errno));
		if (pid == 0) {
			execve(cfg.exec_path, args, envp);
			_exit(127);
		}
		reap(pid, "vfork+execve");
	}
	return per_op_ps(now() - t0, count);
}

/* Sample: fork once; the child writes the first byte of count touched pages,
 * at least a page table's worth (copy-on-write faults, or plain writes with
 * cow=off), times that itself and sends the ps per page through a pipe. */
static uint64_t sample_cow(long count)
{
	uint64_t per;
	int fd[2];
	pid_t pid;

	if (count < PAGES_PER_TABLE) /* a whole table's: its copy is shared by its pages */
		count = PAGES_PER_TABLE;
	if (count > touched)
		count = touched;
	if (pipe(fd) != 0)
		die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		uint64_t t0 = now(); /* also takes this stack's COW fault first */

		t0 = now();
		for (long i = 0; i < count; i++)
			buf[i * PAGE] = (char)(i + 1);
		per = per_op_ps(now() - t0, count);
		_exit(write(fd[1], &per, sizeof(per)) == sizeof(per) ? 0 : 1);
	}
	if (read(fd[0], &per, sizeof(per)) != sizeof(per))
		die("cow: no result from the child");
	close(fd[0]);
	close(fd[1]);
	reap(pid, "cow");
	return per;
}

/* Sample: count one-byte round trips to a child through two pipes. */
static uint64_t sample_pipe(long count)
{
	int to[2], from[2];
	uint64_t t0, per;
	char c = 'x';
	pid_t pid;

	if (pipe(to) != 0 || pipe(from) != 0)
		die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
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
	t0 = now();
	for (long i = 0; i < count; i++)
		if (write(to[1], &c, 1) != 1 || read(from[0], &c, 1) != 1)
			die("pipe ping-pong: short transfer at round trip %ld", i);
	per = per_op_ps(now() - t0, count);
	close(to[1]);
	close(from[0]);
	reap(pid, "pipe");
	return per;
}

/* Sort n values in place (insertion sort: n is small, and qsort's
 * comparisons would be library code we do not control). */
static void sort_u64(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++) {
		uint64_t x = v[i];
		int j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* The quarters-th quartile (0..4) of n sorted values, interpolated. */
static uint64_t quartile(const uint64_t *v, int n, int quarters)
{
	int pos4 = quarters * (n - 1), i = pos4 / 4, frac = pos4 % 4;

	if (i >= n - 1)
		return v[n - 1];
	return v[i] + (v[i + 1] - v[i]) * (uint64_t)frac / 4;
}

/* Print " NAME=ps" as ns with three decimals. */
static void put_ns(const char *name, uint64_t ps)
{
	printf(" %s=%llu.%03u", name, (unsigned long long)(ps / 1000u), (unsigned)(ps % 1000u));
}

/* Print one result line from n samples in ps (sorted here). */
static void report(const char *test, long size, int n, long batch, uint64_t *v)
{
	sort_u64(v, n);
	printf("result test=%s size_mib=%ld n=%d batch=%ld", test, size, n, batch);
	put_ns("median_ns", quartile(v, n, 2));
	put_ns("q1_ns", quartile(v, n, 1));
	put_ns("q3_ns", quartile(v, n, 3));
	put_ns("min_ns", v[0]);
	put_ns("max_ns", v[n - 1]);
	printf("\n");
	fflush(stdout);
}

/* Warm up, choose batch and repetitions from a pilot, take the samples and
 * report them; max_batch bounds the batch (the COW test's pages). */
static void measure(const char *test, long size, sample_fn fn, long max_batch)
{
	uint64_t v[REPS_MAX], pilot = fn(1); /* warm-up and pilot */
	long batch = 1, reps;

	if (pilot < 1)
		pilot = 1;
	if (pilot < (uint64_t)cfg.min_batch_ns * 1000u && max_batch > 1) {
		batch = (long)((uint64_t)cfg.min_batch_ns * 1000u / pilot) + 1;
		if (batch > max_batch)
			batch = max_batch;
		pilot = fn(batch); /* a second warm-up at full batch size */
		if (pilot < 1)
			pilot = 1;
	}
	reps = (long)((uint64_t)cfg.budget_ns * 1000u / (pilot * (uint64_t)batch));
	reps = reps < REPS_MIN ? REPS_MIN : reps > REPS_MAX ? REPS_MAX : reps;
	for (long i = 0; i < reps; i++)
		v[i] = fn(batch);
	report(test, size, (int)reps, batch, v);
}

/* Touch pages up to mib MiB, timing them in chunks (demand-zero faults). */
static void grow(long mib, int timed)
{
	long want = mib * MIB / PAGE, chunk = (want - touched) / 9;
	uint64_t v[REPS_MAX];
	int n = 0;

	if (chunk < 1)
		chunk = 1;
	while (touched < want) {
		long end = touched + chunk < want ? touched + chunk : want;
		uint64_t t0 = now();

		for (long i = touched; i < end; i++)
			buf[i * PAGE] = (char)i;
		if (n < REPS_MAX)
			v[n++] = per_op_ps(now() - t0, end - touched);
		touched = end;
	}
	if (timed && n > 0)
		report("touch", mib, n, chunk, v);
}

/* Is test named in the -T list? */
static int wanted(const char *test)
{
	size_t len = strlen(test);

	for (const char *p = cfg.tests; (p = strstr(p, test)) != NULL; p += len)
		if ((p == cfg.tests || p[-1] == ',') && (p[len] == ',' || p[len] == '\0'))
			return 1;
	return 0;
}

/* Parse "1,16,64" into cfg.sizes. */
static void parse_sizes(const char *s)
{
	char *end;

	cfg.nsizes = 0;
	while (*s) {
		if (cfg.nsizes == MAX_SIZES)
			die("too many sizes");
		cfg.sizes[cfg.nsizes] = strtol(s, &end, 10);
		if (end == s || cfg.sizes[cfg.nsizes] <= 0 ||
		    (cfg.nsizes && cfg.sizes[cfg.nsizes] <= cfg.sizes[cfg.nsizes - 1]))
			die("bad size list (ascending MiB, comma separated)");
		cfg.nsizes++;
		s = *end == ',' ? end + 1 : end;
	}
}

/* Read the options into cfg. */
static void parse_args(int argc, char **argv)
{
	int c;

	cfg = (struct config){ .cow_size = 16, .budget_ns = 2000000000L, .min_batch_ns = 5000000L,
			       .tests = "getpid,clock,loop,x87,sse,pipe,exec,touch,fork,vfork,cow" };
	parse_sizes("1,16,64,256");
	while ((c = getopt(argc, argv, "t:s:c:b:x:T:")) != -1) {
		switch (c) {
		case 't': cfg.use_tsc = strcmp(optarg, "tsc") == 0; break;
		case 's': parse_sizes(optarg); break;
		case 'c': cfg.cow_size = atol(optarg); break;
		case 'b': cfg.budget_ns = atol(optarg) * 1000000L; break;
		case 'x': cfg.exec_path = optarg; break;
		case 'T': cfg.tests = optarg; break;
		default:
			die("usage: bench_proc [-t tsc|mono] [-s MiB,..] [-c MiB] [-b ms] [-x PROGRAM] [-T tests]");
		}
	}
	if (wanted("exec") && cfg.exec_path == NULL)
		die("the exec test needs -x PROGRAM");
	if (cfg.budget_ns <= 0)
		die("bad -b");
}

/* Entry point. */
int main(int argc, char **argv)
{
	long max = 0;

	parse_args(argc, argv);
	if (cfg.use_tsc)
		calibrate_tsc();
#ifdef __GLIBC__
	printf("info libc=glibc");
#else
	printf("info libc=other");
#endif
	printf(" clock=%s tsc_khz=%llu budget_ms=%ld\n", cfg.use_tsc ? "tsc" : "mono",
	       (unsigned long long)tsc_khz, cfg.budget_ns / 1000000L);
	if (wanted("getpid"))
		measure("getpid", 0, sample_getpid, 1000000);
	if (wanted("clock"))
		measure("clock", 0, sample_clock, 1000000);
	if (wanted("loop"))
		measure("loop", 0, sample_loop, 1000000);
	if (wanted("x87"))
		measure("x87", 0, sample_x87, 1000000);
	if (wanted("sse"))
		measure("sse", 0, sample_sse, 1000000);
	if (wanted("pipe"))
		measure("pipe", 0, sample_pipe, 1000000);
	if (wanted("exec"))
		measure("exec", 0, sample_exec, 100000);
	max = cfg.sizes[cfg.nsizes - 1];
	buf = mmap(NULL, (size_t)(max * MIB), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		die("mmap of %ld MiB: %s", max, strerror(errno));
	for (int i = 0; i < cfg.nsizes; i++) {
		long size = cfg.sizes[i];

		grow(size, wanted("touch"));
		if (wanted("fork"))
			measure("fork", size, sample_fork, 100000);
		if (wanted("vfork"))
			measure("vfork", size, sample_vfork, 100000);
		if (wanted("cow") && size == cfg.cow_size)
			measure("cow", size, sample_cow, touched);
	}
	printf("info done\n");
	return 0;
}
