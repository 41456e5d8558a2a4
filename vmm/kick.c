/* Timer signals that interrupt KVM_RUN. */
#include "kick.h"

#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#define KICK_SIGNAL SIGALRM

static struct kvm_run *kicked_run;
static volatile sig_atomic_t pending;
static timer_t timers[2];
static bool timer_made[2];

/* Signal handler: remember which timer fired and make KVM_RUN return. */
static void on_kick(int sig, siginfo_t *info, void *ctx)
{
	(void)sig;
	(void)ctx;
	pending |= info->si_value.sival_int;
	if (kicked_run)
		kicked_run->immediate_exit = 1;
}

int kick_init(struct kvm_run *run)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_kick;
	sa.sa_flags = SA_SIGINFO; /* no SA_RESTART: KVM_RUN must return EINTR */
	sigemptyset(&sa.sa_mask);
	kicked_run = run;
	return sigaction(KICK_SIGNAL, &sa, NULL);
}

/* Create timer number idx (0 timeout, 1 sample) and arm it. */
static int arm(int idx, unsigned which, uint64_t first_ms, uint64_t period_ms)
{
	struct sigevent ev;
	struct itimerspec its = {
		.it_value = { (time_t)(first_ms / 1000), (long)(first_ms % 1000) * 1000000L },
		.it_interval = { (time_t)(period_ms / 1000), (long)(period_ms % 1000) * 1000000L },
	};

	if (!timer_made[idx]) {
		memset(&ev, 0, sizeof(ev));
		ev.sigev_notify = SIGEV_SIGNAL;
		ev.sigev_signo = KICK_SIGNAL;
		ev.sigev_value.sival_int = (int)which;
		if (timer_create(CLOCK_MONOTONIC, &ev, &timers[idx]) != 0)
			return -1;
		timer_made[idx] = true;
	}
	return timer_settime(timers[idx], 0, &its, NULL);
}

int kick_arm_timeout(uint64_t ms)
{
	return arm(0, KICK_TIMEOUT, ms, 0);
}

int kick_arm_periodic(unsigned ms)
{
	return arm(1, KICK_SAMPLE, ms, ms);
}

unsigned kick_take(void)
{
	unsigned fired;
	sigset_t set, old;

	sigemptyset(&set);
	sigaddset(&set, KICK_SIGNAL);
	sigprocmask(SIG_BLOCK, &set, &old);
	fired = (unsigned)pending;
	pending = 0;
	if (kicked_run)
		kicked_run->immediate_exit = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return fired;
}

void kick_disarm(void)
{
	for (int i = 0; i < 2; i++) {
		if (timer_made[i])
			timer_delete(timers[i]);
		timer_made[i] = false;
	}
	kicked_run = NULL;
}
