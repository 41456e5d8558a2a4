/* fairness MODE [SLEEPS]: a child keeps the CPU busy in the kernel (MODE
 * syscall: getpid in a loop; fault: a handled SIGSEGV in a loop; pipe: a
 * 4 KiB pipe write/read loop; getrandom: 8 MiB getrandom calls) while the
 * parent sleeps 10 ms SLEEPS times (default 30). The parent prints how
 * long the sleeps took on CLOCK_MONOTONIC and how many of the child's
 * rounds ran meanwhile, and exits 0 when the mean sleep stayed under five
 * times the requested 10 ms. */
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NAP_NS     10000000L
#define MAX_RATIO  5
#define BIG        (8u << 20)

static volatile unsigned *rounds; /* shared with the parent: child's progress */
static sigjmp_buf fault_env;

/* Nanoseconds on CLOCK_MONOTONIC. */
static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Leave the faulting instruction behind. */
static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(fault_env, 1);
}

/* Fault on a PROT_NONE page forever, each fault handled. */
static void fault_loop(void)
{
	volatile char *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_segv;
	sigaction(SIGSEGV, &sa, NULL);
	sigsetjmp(fault_env, 1);
	(*rounds)++;
	*bad = 1;
}

/* Write and read back 4 KiB through a pipe forever. */
static void pipe_loop(void)
{
	static char buf[4096];
	int fds[2];

	if (pipe(fds) != 0)
		_exit(2);
	for (;; (*rounds)++)
		if (write(fds[1], buf, sizeof(buf)) != sizeof(buf) ||
		    read(fds[0], buf, sizeof(buf)) != sizeof(buf))
			_exit(3);
}

/* Fill 8 MiB with getrandom forever. */
static void getrandom_loop(void)
{
	char *buf = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (buf == MAP_FAILED)
		_exit(2);
	for (;;) {
		(*rounds)++; /* counted as it starts: a call takes seconds */
		getrandom(buf, BIG, 0);
	}
}

/* The child's busy loop for mode. */
static void busy(const char *mode)
{
	if (strcmp(mode, "syscall") == 0)
		for (;; (*rounds)++)
			syscall(SYS_getpid);
	if (strcmp(mode, "fault") == 0)
		fault_loop();
	if (strcmp(mode, "pipe") == 0)
		pipe_loop();
	if (strcmp(mode, "getrandom") == 0)
		getrandom_loop();
	_exit(4);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "syscall";
	int sleeps = argc > 2 ? atoi(argv[2]) : 30, status;
	struct timespec nap = { 0, NAP_NS };
	long long t0, took, mean;
	unsigned before;
	pid_t pid;

	rounds = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (rounds == MAP_FAILED || sleeps <= 0)
		return 2;
	*rounds = 0; /* present before fork, so both see the same page */
	pid = fork();
	if (pid == 0)
		busy(mode);
	while (*rounds == 0)
		sched_yield(); /* the child is busy before we measure */
	before = *rounds;
	t0 = now_ns();
	for (int i = 0; i < sleeps; i++)
		nanosleep(&nap, NULL);
	took = now_ns() - t0;
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	mean = took / sleeps;
	printf("fairness %s: %d sleeps of 10 ms took %lld ms, mean %lld.%01lld ms, ratio %lld.%01lld; "
	       "child rounds meanwhile %u\n", mode, sleeps, took / 1000000, mean / 1000000,
	       mean / 100000 % 10, mean / NAP_NS, mean * 10 / NAP_NS % 10, *rounds - before);
	printf("fairness %s: %s\n", mode, mean < MAX_RATIO * NAP_NS ? "ok" : "STARVED");
	return !(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) || mean >= MAX_RATIO * NAP_NS;
}
