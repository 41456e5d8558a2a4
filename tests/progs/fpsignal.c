/* Signals that arrive while x87 code runs: the handler computes with the
 * FPU too, and the interrupted computation must come out exact. (Where the
 * kernel runs 32-bit FPU instructions through a shared trampoline, a
 * handler started while an instruction waits there must not replace it.)
 * Prints "fpsignal: sum ok after N signals" and exits 0, or says what
 * went wrong and exits 1. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS   150
#define SIGNALS  25
#define MAX_PASSES 1000

static volatile double handler_acc = 1.0;
static volatile int handled;

/* x87 work of the handler's own, on values of its own. */
static void on_usr1(int sig)
{
	handler_acc = handler_acc * 3.0 + (double)sig;
	handled++;
}

/* Send SIGUSR1 to the parent SIGNALS times, a few ms apart. */
static void pester(pid_t parent)
{
	struct timespec gap = { 0, 20 * 1000 * 1000 };

	for (int i = 0; i < SIGNALS; i++) {
		kill(parent, SIGUSR1);
		nanosleep(&gap, NULL);
	}
	_exit(0);
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	volatile double sum = 0.0;
	double per_pass = (double)ROUNDS * (ROUNDS - 1);
	int passes = 0, status;
	pid_t child;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	if ((child = fork()) == 0)
		pester(getppid());
	/* Whole passes over 0..ROUNDS-1 until the child is through. */
	for (int done = 0; !done && passes < MAX_PASSES;) {
		for (int i = 0; i < ROUNDS; i++) {
			volatile double x = (double)i;
			sum = sum + x * 2.0; /* small integers: exact in a double */
		}
		passes++;
		done = waitpid(child, &status, WNOHANG) == child;
	}
	if (handled == 0 || sum != per_pass * passes) {
		printf("fpsignal: WRONG sum %.1f, expected %.1f, after %d signals\n",
		       sum, per_pass * passes, handled);
		return 1;
	}
	printf("fpsignal: sum ok after %d signals\n", handled);
	return 0;
}
