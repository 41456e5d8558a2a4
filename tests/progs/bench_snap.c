/* bench_snap: a guest with many processes for timing cowvisor's inspection.
 * bench_snap [-w] [MiB [PROCS [SNAPSHOTS]]]: touches MiB (default 64), forks
 * until PROCS processes (default 64, itself included) share it, then, while
 * all are alive, takes SNAPSHOTS snapshots (default 5, at most 21) with
 * cv_snapshot (system call 1000), timing each
 * with the TSC calibrated against CLOCK_MONOTONIC, and as many calls with
 * a label one byte too long (-EINVAL: the same system call without the
 * walk, the baseline). The vCPU is stopped while the VMM walks, the TSC is
 * not, so a call's time is the walk's plus the system call's. Prints
 *   result test=snapshot|snapshot_einval size_mib=N n=.. batch=1
 *          median_ns=.. q1_ns=.. q3_ns=.. min_ns=.. max_ns=..
 *   info procs=N snapshots=N touch_ms=.. fork_ms=..
 * Then it exits, leaving the children to the power-off, unless -w: then it
 * lets them exit and reaps them. Integer arithmetic only (see bench_proc.c:
 * floating point traps on kvm-pvm). Fails with exit 1 and a message when a step fails, including a
 * cv_snapshot that returns an error (run it with --stats-json). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../shared/syscall.h"

#define MAX_SNAPS 21

static uint64_t tsc_khz;

/* Print a message and exit 1. */
static void __attribute__((noreturn)) die(const char *what)
{
	fflush(stdout);
	fprintf(stderr, "bench_snap: error: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* The time-stamp counter. */
static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* CLOCK_MONOTONIC in ns. */
static uint64_t mono_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		die("clock_gettime");
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Find the TSC rate (kHz) over 200 ms of CLOCK_MONOTONIC. */
static void calibrate_tsc(void)
{
	struct timespec nap = { 0, 200000000 };
	uint64_t t0 = rdtsc(), n0 = mono_ns(), t1, n1;

	nanosleep(&nap, NULL);
	t1 = rdtsc();
	n1 = mono_ns();
	if (n1 <= n0 || t1 <= t0)
		die("TSC calibration");
	tsc_khz = (t1 - t0) * 1000000u / (n1 - n0);
}

/* TSC ticks as ps. */
static uint64_t ticks_ps(uint64_t d)
{
	return d / tsc_khz * 1000000000u + d % tsc_khz * 1000000000u / tsc_khz;
}

/* Insertion sort of n values. */
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

/* Print one result line from n samples in ps. */
static void report(const char *test, long mib, uint64_t *v, int n)
{
	uint64_t q[5];

	sort_u64(v, n);
	for (int k = 0; k < 5; k++)
		q[k] = quartile(v, n, k);
	printf("result test=%s size_mib=%ld n=%d batch=1 median_ns=%llu.%03u q1_ns=%llu.%03u "
	       "q3_ns=%llu.%03u min_ns=%llu.%03u max_ns=%llu.%03u\n", test, mib, n,
	       (unsigned long long)(q[2] / 1000), (unsigned)(q[2] % 1000),
	       (unsigned long long)(q[1] / 1000), (unsigned)(q[1] % 1000),
	       (unsigned long long)(q[3] / 1000), (unsigned)(q[3] % 1000),
	       (unsigned long long)(q[0] / 1000), (unsigned)(q[0] % 1000),
	       (unsigned long long)(q[4] / 1000), (unsigned)(q[4] % 1000));
}

/* Fork procs-1 children that wait on the go pipe; return when all have
 * said they are ready. */
static void fork_children(int procs, int ready[2], int go[2])
{
	char c;

	for (int i = 1; i < procs; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0) {
			close(go[1]);
			close(ready[0]);
			if (write(ready[1], "r", 1) != 1)
				_exit(1);
			_exit(read(go[0], &c, 1) == 0 ? 0 : 1); /* EOF: the parent closed go */
		}
	}
	for (int i = 1; i < procs; i++)
		if (read(ready[0], &c, 1) != 1)
			die("waiting for the children");
}

/* Time n cv_snapshot calls with label (expecting failure when bad) into v. */
static void time_snapshots(uint64_t *v, int n, const char *label, int bad)
{
	for (int i = 0; i < n; i++) {
		uint64_t t0 = rdtsc();
		long r = syscall(CV_SYS_SNAPSHOT, label);
		uint64_t t1 = rdtsc();

		if (bad ? (r != -1 || errno != EINVAL) : r < 0)
			die(bad ? "cv_snapshot with a long label did not fail with EINVAL"
				: "cv_snapshot (run under cowvisor with --stats-json)");
		v[i] = ticks_ps(t1 - t0);
	}
}

/* Entry point. */
int main(int argc, char **argv)
{
	int reap = argc > 1 && strcmp(argv[1], "-w") == 0;
	long mib = argc > 1 + reap ? atol(argv[1 + reap]) : 64;
	int procs = argc > 2 + reap ? atoi(argv[2 + reap]) : 64;
	int snaps = argc > 3 + reap ? atoi(argv[3 + reap]) : 5;
	char too_long[80];
	uint64_t v[MAX_SNAPS], t0, t1, t2;
	int ready[2], go[2], status;
	char *buf;

	if (mib <= 0 || procs < 1 || snaps < 1 || snaps > MAX_SNAPS) {
		fprintf(stderr, "usage: bench_snap [-w] [MiB [PROCS [SNAPSHOTS<=%d]]]\n", MAX_SNAPS);
		return 2;
	}
	memset(too_long, 'x', sizeof(too_long) - 1);
	too_long[sizeof(too_long) - 1] = '\0';
	calibrate_tsc();
	buf = mmap(NULL, (size_t)mib << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		die("mmap");
	if (pipe(ready) != 0 || pipe(go) != 0)
		die("pipe");
	t0 = rdtsc();
	for (long i = 0; i < (mib << 20); i += 4096)
		buf[i] = (char)i;
	t1 = rdtsc();
	fork_children(procs, ready, go);
	t2 = rdtsc();
	time_snapshots(v, snaps, "bench-all-alive", 0);
	report("snapshot", mib, v, snaps);
	time_snapshots(v, snaps, too_long, 1);
	report("snapshot_einval", mib, v, snaps);
	printf("info procs=%d snapshots=%d touch_ms=%llu fork_ms=%llu\n", procs, snaps,
	       (unsigned long long)(ticks_ps(t1 - t0) / 1000000000u),
	       (unsigned long long)(ticks_ps(t2 - t1) / 1000000000u));
	/* With -w the children are let go and reaped; by default init just
	 * exits and the guest powers off with them alive (on kvm-pvm tearing
	 * down 63 sharers of 64 MiB takes longer than the rest together). */
	if (reap) {
		close(go[1]);
		for (int i = 1; i < procs; i++)
			if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
				die("a child failed");
	}
	return 0;
}
