/* Timer and termination signals that interrupt KVM_RUN. */
#include "timers.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#define KICK_SIGNAL SIGALRM
#define REKICK_MS   100 /* after the deadline: kick again this often */

static const int term_signals[] = { SIGTERM, SIGINT, SIGHUP };

static struct kvm_run *kicked_run;
static volatile sig_atomic_t pending, stopping, term_signal;
enum { T_TIMEOUT, T_SAMPLE, T_REKICK, NTIMERS };
static timer_t timers[NTIMERS];
static bool timer_made[NTIMERS];

/* A second termination signal while the first is handled: die of it. */
static void die_of(int sig)
{
	struct sigaction dfl;

	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(sig, &dfl, NULL);
	raise(sig); /* delivered when the handler returns */
}

/* Signal handler: remember which kick came and make KVM_RUN return. */
static void on_kick(int sig, siginfo_t *info, void *ctx)
{
	unsigned what;

	(void)ctx;
	if (sig == KICK_SIGNAL) {
		if (info->si_code != SI_TIMER)
			return; /* a stray kill -ALRM: not one of our timers */
		what = (unsigned)info->si_value.sival_int & (KICK_TIMEOUT | KICK_SAMPLE);
	} else {
		static const struct itimerspec rekick = {
			{ 0, REKICK_MS * 1000000L }, { 0, REKICK_MS * 1000000L } };

		if (term_signal)
			die_of(sig);
		term_signal = sig;
		what = KICK_TERM;
		if (timer_made[T_REKICK]) /* as past a deadline: no write of ours blocks for good */
			timer_settime(timers[T_REKICK], 0, &rekick, NULL);
	}
	pending |= (sig_atomic_t)what;
	if (what & (KICK_TIMEOUT | KICK_TERM))
		stopping = 1;
	if (kicked_run)
		kicked_run->immediate_exit = 1;
}

static int arm(int idx, unsigned which, uint64_t first_ms, uint64_t period_ms);

/* The set of every signal on_kick handles. */
static void kick_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, KICK_SIGNAL);
	for (size_t i = 0; i < sizeof(term_signals) / sizeof(*term_signals); i++)
		sigaddset(set, term_signals[i]);
}

int kick_init(struct kvm_run *run)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_kick;
	sa.sa_flags = SA_SIGINFO; /* no SA_RESTART: KVM_RUN must return EINTR */
	kick_signals(&sa.sa_mask);
	kicked_run = run;
	if (run && pending)
		run->immediate_exit = 1; /* a kick that came before run existed */
	if (!timer_made[T_REKICK] && arm(T_REKICK, 0, 0, 0) != 0) /* started by a termination signal */
		return -1;
	if (sigaction(KICK_SIGNAL, &sa, NULL) != 0)
		return -1;
	for (size_t i = 0; i < sizeof(term_signals) / sizeof(*term_signals); i++)
		if (sigaction(term_signals[i], &sa, NULL) != 0)
			return -1;
	return 0;
}

/* Create timer idx (once) and set it: first_ms 0 leaves it disarmed; its
 * kicks say which. */
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
	/* kicks repeated past the deadline: any write blocked then (stdio's too) gets EINTR */
	return arm(T_TIMEOUT, KICK_TIMEOUT, ms, REKICK_MS);
}

int kick_arm_periodic(unsigned ms)
{
	return arm(T_SAMPLE, KICK_SAMPLE, ms, ms);
}

unsigned kick_take(void)
{
	unsigned fired;
	sigset_t set, old;

	kick_signals(&set);
	sigprocmask(SIG_BLOCK, &set, &old);
	fired = (unsigned)pending;
	pending = 0;
	if (kicked_run)
		kicked_run->immediate_exit = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return fired;
}

int kick_term_signal(void)
{
	return term_signal;
}

int kick_stopping(void)
{
	return stopping;
}

int kick_wait_writable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	sigset_t set, old;
	int rc;

	kick_signals(&set);
	sigprocmask(SIG_BLOCK, &set, &old);
	for (;;) {
		if (stopping) {
			rc = 0;
			break;
		}
		/* the kick signals are blocked but while ppoll waits: none slips between check and wait */
		rc = ppoll(&p, 1, NULL, &old);
		if (rc > 0) {
			rc = 1;
			break;
		}
		if (rc < 0 && errno != EINTR)
			break;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

void kick_disarm(void)
{
	for (int i = 0; i < NTIMERS; i++) {
		if (timer_made[i])
			timer_delete(timers[i]);
		timer_made[i] = false;
	}
	kicked_run = NULL;
}
