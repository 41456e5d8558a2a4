/* futex: FUTEX_WAIT / FUTEX_WAKE and their _BITSET and _PRIVATE forms
 * between single-threaded processes over a MAP_SHARED page, as Linux
 * defines them: EAGAIN when the word differs, timeouts (relative, and
 * absolute on either clock), how many a wake wakes, first come first
 * woken, keys (a private wake or another process's private page wakes
 * nobody), bitsets, EINTR on a handled signal, and the errors. A waiter
 * is known to sleep when /proc/PID/stat says "S". Prints one line per
 * case and "futex: N of M cases as expected". */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../shared/linux_futex.h"
#include "cases.h"

#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)

#define WAITED_OK 42 /* a waiter's exit status when its wait returned 0 */
#define CASE_LIMIT 120 /* seconds: a wake that never comes fails its case (SIGALRM) */

static uint32_t *shared_word; /* in a MAP_SHARED page, the same word after fork */

/* futex(2) with this C library's struct timespec (musl's i386 one has
 * 64-bit seconds: futex_time64 then): -1 with errno on failure. */
static long futex(uint32_t *word, int op, uint32_t val, const struct timespec *ts, uint32_t val3)
{
#ifdef SYS_futex_time64
	if (sizeof(ts->tv_sec) == 8)
		return syscall(SYS_futex_time64, word, op, val, ts, NULL, val3);
#endif
	return syscall(SYS_futex, word, op, val, ts, NULL, val3);
}

/* Does the call fail with this errno? */
static int fails(long rc, int err)
{
	return rc == -1 && errno == err;
}

/* Wait until process pid sleeps; the case waits for children from here
 * on, at most CASE_LIMIT seconds. */
static int sleeping(pid_t pid)
{
	alarm(CASE_LIMIT);
	return case_proc_sleeping(pid);
}

/* A child that waits on word for val with op (its bitset val3) and exits
 * WAITED_OK when the wait returned 0, else errno. */
static pid_t waiter(uint32_t *word, int op, uint32_t val, uint32_t val3)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(futex(word, op, val, NULL, val3) == 0 ? WAITED_OK : errno);
	return pid;
}

/* The child (pid, or any: -1) that exited with status want, or 0. */
static pid_t exited_with(pid_t pid, int want)
{
	int status;
	pid_t got = waitpid(pid, &status, 0);

	return got > 0 && WIFEXITED(status) && WEXITSTATUS(status) == want ? got : 0;
}

/* Kill and reap a child that should have been woken but was not. */
static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* A word that differs: EAGAIN at once, for every wait form. */
static int value_differs(void)
{
	*shared_word = 5;
	return fails(futex(shared_word, FUTEX_WAIT, 4, NULL, 0), EAGAIN) &&
	       fails(futex(shared_word, FUTEX_WAIT_PRIVATE, 4, NULL, 0), EAGAIN) &&
	       fails(futex(shared_word, FUTEX_WAIT_BITSET, 4, NULL, 1), EAGAIN);
}

/* Timeouts: a relative one for FUTEX_WAIT, an absolute one on
 * CLOCK_MONOTONIC and CLOCK_REALTIME for FUTEX_WAIT_BITSET, one already
 * past; each ends in ETIMEDOUT after its time. */
static int timeouts(void)
{
	struct timespec rel = { 0, 20 * 1000 * 1000 }, mono, real, t0, t1;
	int ok;

	*shared_word = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ok = fails(futex(shared_word, FUTEX_WAIT, 0, &rel, 0), ETIMEDOUT);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ok = ok && (t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec) >= 20000000L;
	clock_gettime(CLOCK_MONOTONIC, &mono);
	mono.tv_nsec += 20 * 1000 * 1000;
	mono.tv_sec += mono.tv_nsec / 1000000000L;
	mono.tv_nsec %= 1000000000L;
	ok = ok && fails(futex(shared_word, FUTEX_WAIT_BITSET, 0, &mono, ~0u), ETIMEDOUT);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ok = ok && (t1.tv_sec > mono.tv_sec || (t1.tv_sec == mono.tv_sec && t1.tv_nsec >= mono.tv_nsec));
	clock_gettime(CLOCK_REALTIME, &real);
	real.tv_sec -= 1; /* past */
	ok = ok && fails(futex(shared_word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &real, ~0u),
			 ETIMEDOUT);
	rel.tv_nsec = 0; /* a zero relative timeout: at once */
	return ok && fails(futex(shared_word, FUTEX_WAIT_PRIVATE, 0, &rel, 0), ETIMEDOUT);
}

/* Two processes waiting on the shared word: a wake of 1 wakes one, the
 * first to wait; a wake of INT_MAX the other; then none is left. */
static int wake_counts_and_order(void)
{
	pid_t first, second;
	int ok;

	*shared_word = 0;
	first = waiter(shared_word, FUTEX_WAIT, 0, 0);
	if (!sleeping(first))
		return 0;
	second = waiter(shared_word, FUTEX_WAIT, 0, 0);
	if (!sleeping(second))
		return 0;
	ok = futex(shared_word, FUTEX_WAKE, 1, NULL, 0) == 1 && exited_with(-1, WAITED_OK) == first;
	ok = ok && futex(shared_word, FUTEX_WAKE, INT_MAX, NULL, 0) == 1 &&
	     exited_with(second, WAITED_OK);
	return ok && futex(shared_word, FUTEX_WAKE, INT_MAX, NULL, 0) == 0;
}

/* Keys: a process waiting with FUTEX_WAIT on the shared page is not
 * woken by a FUTEX_WAKE_PRIVATE of another process (its own address
 * space's key); one waiting on a private page after fork is not woken by
 * the parent's wake of the same address; FUTEX_WAIT_PRIVATE waiters in a
 * shared page are woken only by their own process. */
static int keys(void)
{
	static uint32_t private_word; /* copy-on-write after fork */
	pid_t pid;
	int ok;

	*shared_word = 0;
	pid = waiter(shared_word, FUTEX_WAIT, 0, 0);
	ok = sleeping(pid) && futex(shared_word, FUTEX_WAKE_PRIVATE, 1, NULL, 0) == 0 &&
	     futex(shared_word, FUTEX_WAKE, 1, NULL, 0) == 1 && exited_with(pid, WAITED_OK);
	pid = waiter(&private_word, FUTEX_WAIT, 0, 0);
	ok = ok && sleeping(pid) && futex(&private_word, FUTEX_WAKE, 1, NULL, 0) == 0;
	reap(pid);
	pid = waiter(shared_word, FUTEX_WAIT_PRIVATE, 0, 0);
	ok = ok && sleeping(pid) && futex(shared_word, FUTEX_WAKE, 1, NULL, 0) == 0 &&
	     futex(shared_word, FUTEX_WAKE_PRIVATE, 1, NULL, 0) == 0;
	reap(pid);
	return ok;
}

/* Bitsets: a waiter on bit 0 is not woken by a wake of bit 1, is by bit
 * 0; a zero bitset is EINVAL for both. */
static int bitsets(void)
{
	pid_t pid;
	int ok;

	*shared_word = 0;
	pid = waiter(shared_word, FUTEX_WAIT_BITSET, 0, 1);
	ok = sleeping(pid) && futex(shared_word, FUTEX_WAKE_BITSET, 1, NULL, 2) == 0 &&
	     futex(shared_word, FUTEX_WAKE_BITSET, 1, NULL, 1) == 1 && exited_with(pid, WAITED_OK);
	return ok && fails(futex(shared_word, FUTEX_WAIT_BITSET, 0, NULL, 0), EINVAL) &&
	       fails(futex(shared_word, FUTEX_WAKE_BITSET, 1, NULL, 0), EINVAL);
}

/* The handler of eintr's signal. */
static void on_usr1(int sig)
{
	(void)sig;
}

/* A handled signal (no SA_RESTART) ends a wait with EINTR. */
static int eintr(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	pid_t pid;

	*shared_word = 0;
	sigaction(SIGUSR1, &sa, NULL); /* inherited by the waiter */
	pid = waiter(shared_word, FUTEX_WAIT, 0, 0);
	if (!sleeping(pid))
		return 0;
	kill(pid, SIGUSR1);
	return exited_with(pid, EINTR) != 0;
}

/* Errors: a misaligned word EINVAL, an unmapped one EFAULT, an unknown
 * operation and FUTEX_CLOCK_REALTIME with a wake ENOSYS, a bad timespec
 * EINVAL. */
static int errors(void)
{
	struct timespec bad = { 0, 1000000000L };
	uint32_t *nowhere = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	munmap(nowhere, 4096);
	*shared_word = 0;
	return fails(futex((uint32_t *)((char *)shared_word + 1), FUTEX_WAKE, 1, NULL, 0), EINVAL) &&
	       fails(futex(nowhere, FUTEX_WAIT, 0, NULL, 0), EFAULT) &&
	       fails(futex(nowhere, FUTEX_WAKE, 1, NULL, 0), EFAULT) &&
	       fails(futex(shared_word, 99, 0, NULL, 0), ENOSYS) &&
	       fails(futex(shared_word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, 0), ENOSYS) &&
	       fails(futex(shared_word, FUTEX_WAIT, 0, &bad, 0), EINVAL);
}

/* i386's futex_time64: a 64-bit timespec (the x86-64 futex has one). */
static int time64_form(void)
{
#ifdef SYS_futex_time64
	int64_t rel[2] = { 0, 10 * 1000 * 1000 }, bad[2] = { -1, 0 };

	*shared_word = 0;
	return syscall(SYS_futex_time64, shared_word, FUTEX_WAIT, 0, rel, NULL, 0) == -1 &&
	       errno == ETIMEDOUT &&
	       syscall(SYS_futex_time64, shared_word, FUTEX_WAIT, 0, bad, NULL, 0) == -1 &&
	       errno == EINVAL;
#else
	return 1;
#endif
}

static const struct prog_case cases[] = {
	{ "EAGAIN when the word differs", value_differs, 0 },
	{ "timeouts", timeouts, 0 },
	{ "wake counts and order", wake_counts_and_order, 0 },
	{ "keys: shared, private", keys, 0 },
	{ "bitsets", bitsets, 0 },
	{ "EINTR on a handled signal", eintr, 0 },
	{ "errors", errors, 0 },
	{ "futex_time64 (i386)", time64_form, 0 },
};

int main(void)
{
	int n = sizeof(cases) / sizeof(cases[0]), good = 0;

	shared_word = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared_word == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (int i = 0; i < n; i++)
		good += case_run(&cases[i]);
	printf("futex: %d of %d cases as expected\n", good, n);
	return good == n ? 0 : 1;
}
