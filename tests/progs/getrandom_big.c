/* getrandom_big MODE: large getrandom calls.
 *   speed:  one 8 MiB call; prints its count, its time, and whether the
 *           bytes look random (a page uses most byte values; pages differ).
 *   cap:    a 40 MiB request returns Linux's per-call maximum, 33554431.
 *   signal: a child fills 8 MiB again and again; SIGUSR1 (handled, without
 *           SA_RESTART) ends the call it interrupts early with a partial
 *           count, as on Linux. Prints what the interrupted call returned. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BIG    (8L << 20)
#define HUGE   (40L << 20)
#define GR_MAX 33554431L
#define TRIES  5

/* What the child reports to the parent through a shared page. */
struct report {
	volatile int calls;       /* getrandom calls started */
	volatile long interrupted; /* the return of the call a signal hit */
	volatile int err;
};

static volatile sig_atomic_t hit;

static void on_usr1(int sig) { (void)sig; hit = 1; }

/* Milliseconds on CLOCK_MONOTONIC. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Sleep for ms milliseconds. */
static void nap(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* How many of the 256 byte values occur in the n bytes at p. */
static int distinct(const unsigned char *p, size_t n)
{
	char seen[256] = { 0 };
	int count = 0;

	for (size_t i = 0; i < n; i++)
		if (!seen[p[i]]++)
			count++;
	return count;
}

/* One 8 MiB call: its count, time and a look at the bytes. */
static int speed(void)
{
	unsigned char *buf = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long long t0 = now_ms();
	long n = getrandom(buf, BIG, 0);
	long long took = now_ms() - t0;
	int values = distinct(buf + BIG - 4096, 4096);
	int differ = memcmp(buf, buf + 4096, 4096) != 0 && memcmp(buf, buf + BIG - 4096, 4096) != 0;

	printf("getrandom 8 MiB: returned %ld in %lld ms\n", n, took);
	printf("getrandom 8 MiB: bytes look random: %s\n", values > 200 && differ ? "yes" : "no");
	return n == BIG && values > 200 && differ ? 0 : 1;
}

/* A request beyond the maximum is cut to it. */
static int cap(void)
{
	char *buf = mmap(NULL, HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long n = getrandom(buf, HUGE, 0);

	printf("getrandom 40 MiB: returned %ld\n", n);
	return n == GR_MAX ? 0 : 1;
}

/* The child: fill 8 MiB forever; report the first call a signal hit. */
static void child_loop(struct report *r)
{
	char *buf = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	for (;;) {
		long n;
		hit = 0;
		r->calls++;
		n = getrandom(buf, BIG, 0);
		if (hit) {
			r->err = n < 0 ? errno : 0;
			r->interrupted = n;
		}
	}
}

/* Interrupt the child's calls until one comes back early (a signal that
 * lands between two calls interrupts none: then try again). */
static int signal_ends_call(void)
{
	struct report *r = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	long got = 0;
	int status;
	pid_t pid;

	r->calls = 0; /* present before fork: shared */
	pid = fork();
	if (pid == 0)
		child_loop(r);
	for (int i = 0; i < TRIES && (got == 0 || got == BIG); i++) {
		int calls;
		while (r->calls == 0)
			nap(10);
		nap(50);
		r->interrupted = 0;
		calls = r->calls;
		kill(pid, SIGUSR1);
		for (int w = 0; w < 3000 && r->interrupted == 0 && r->err == 0; w++)
			nap(10);
		got = r->interrupted;
		printf("getrandom interrupted: call %d returned %ld (%s)\n", calls, got,
		       got > 0 && got < BIG ? "partial" : got == BIG ? "complete" : strerror(r->err));
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	printf("getrandom interrupted: %s\n", got > 0 && got < BIG && got % 4096 == 0
	       ? "partial count, whole pages" : "NOT PARTIAL");
	return got > 0 && got < BIG && got % 4096 == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "speed";

	if (strcmp(mode, "speed") == 0)
		return speed();
	if (strcmp(mode, "cap") == 0)
		return cap();
	if (strcmp(mode, "signal") == 0)
		return signal_ends_call();
	fprintf(stderr, "usage: getrandom_big speed|cap|signal\n");
	return 2;
}
