/* sigwait: rt_sigtimedwait (sigtimedwait, sigwaitinfo) as Linux defines
 * it: a pending signal of the set is taken at once with its siginfo (the
 * sender's pid, SI_USER; a child's exit status for SIGCHLD, which its
 * default action would ignore, kept while blocked, dropped unblocked), one
 * sent while waiting ends the wait, a
 * timeout gives EAGAIN after its time (at once for zero), a handled signal
 * outside the set EINTR, and bad arguments EINVAL. Prints one line per
 * case and "sigwait: N of M cases as expected". */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"

#define CASE_LIMIT 120 /* seconds: a wait that never ends fails its case */

/* A set of one signal, blocked. */
static sigset_t blocked_set(int sig)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_BLOCK, &set, NULL);
	return set;
}

/* Nanoseconds of CLOCK_MONOTONIC. */
static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* A pending blocked signal is taken at once, with its siginfo, and is no
 * longer pending. */
static int pending_is_taken(void)
{
	sigset_t set = blocked_set(SIGUSR1), pending;
	struct timespec ts = { 5, 0 };
	siginfo_t si;

	kill(getpid(), SIGUSR1);
	memset(&si, 0, sizeof(si));
	if (sigtimedwait(&set, &si, &ts) != SIGUSR1)
		return 0;
	sigpending(&pending);
	return si.si_signo == SIGUSR1 && si.si_code == SI_USER && si.si_pid == getpid() &&
	       !sigismember(&pending, SIGUSR1);
}

/* Nothing pending: EAGAIN after the timeout, and at once for a zero one. */
static int timeout_is_eagain(void)
{
	sigset_t set = blocked_set(SIGUSR2);
	struct timespec ts = { 0, 30 * 1000 * 1000 }, zero = { 0, 0 };
	long long t0 = now_ns();

	if (sigtimedwait(&set, NULL, &ts) != -1 || errno != EAGAIN || now_ns() - t0 < 30000000LL)
		return 0;
	return sigtimedwait(&set, NULL, &zero) == -1 && errno == EAGAIN;
}

/* A signal sent by another process while waiting ends the wait: its
 * number, the sender's pid. */
static int sent_while_waiting(void)
{
	sigset_t set = blocked_set(SIGUSR1);
	struct timespec ts = { CASE_LIMIT, 0 };
	siginfo_t si;
	pid_t child;

	alarm(CASE_LIMIT);
	child = fork();
	if (child == 0) {
		usleep(20000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	if (sigtimedwait(&set, &si, &ts) != SIGUSR1)
		return 0;
	waitpid(child, NULL, 0);
	return si.si_pid == child && si.si_code == SI_USER;
}

/* SIGCHLD, ignored by default, is kept while waited for: sigwaitinfo
 * gives the child's pid and exit status. */
static int sigchld_with_status(void)
{
	sigset_t set = blocked_set(SIGCHLD);
	siginfo_t si;
	pid_t child;

	alarm(CASE_LIMIT);
	child = fork();
	if (child == 0)
		_exit(7);
	if (sigwaitinfo(&set, &si) != SIGCHLD)
		return 0;
	waitpid(child, NULL, 0);
	return si.si_pid == child && si.si_code == CLD_EXITED && si.si_status == 7;
}

/* SIGCHLD unblocked, its default action ignoring it: waiting for it does
 * not keep it (Linux drops a signal ignored and not blocked when it
 * arrives), so a wait across the child's exit times out and nothing is
 * left pending. */
static int unblocked_sigchld_is_dropped(void)
{
	struct timespec ts = { 1, 0 };
	sigset_t set, pending;
	pid_t child;
	int status;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	alarm(CASE_LIMIT);
	child = fork();
	if (child == 0)
		_exit(case_proc_sleeping(getppid()) ? 9 : 1); /* once the parent waits */
	if (sigtimedwait(&set, NULL, &ts) != -1 || errno != EAGAIN)
		return 0;
	sigpending(&pending);
	return waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 9 &&
	       !sigismember(&pending, SIGCHLD);
}

/* The handler of the interrupting signal. */
static void on_alarm(int sig)
{
	(void)sig;
}

/* A handled signal outside the set ends the wait with EINTR (the system
 * call itself: musl's sigwaitinfo tries again on EINTR). */
static int other_signal_eintr(void)
{
	sigset_t set = blocked_set(SIGUSR2);
	struct sigaction sa = { .sa_handler = on_alarm }; /* SA_RESTART would change nothing */
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };

	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	return syscall(SYS_rt_sigtimedwait, &set, NULL, NULL, 8) == -1 && errno == EINTR;
}

/* A sigsetsize other than 8 and a bad timespec: EINVAL. */
static int bad_arguments(void)
{
	sigset_t set = blocked_set(SIGUSR2);
	struct timespec bad = { 0, 1000000000L };

	return syscall(SYS_rt_sigtimedwait, &set, NULL, NULL, 4) == -1 && errno == EINVAL &&
	       sigtimedwait(&set, NULL, &bad) == -1 && errno == EINVAL;
}

static const struct prog_case cases[] = {
	{ "a pending signal is taken", pending_is_taken, 0 },
	{ "timeouts give EAGAIN", timeout_is_eagain, 0 },
	{ "a signal sent while waiting", sent_while_waiting, 0 },
	{ "SIGCHLD with the child's status", sigchld_with_status, 0 },
	{ "an unblocked SIGCHLD is dropped", unblocked_sigchld_is_dropped, 0 },
	{ "EINTR for a handled signal", other_signal_eintr, 0 },
	{ "bad arguments", bad_arguments, 0 },
};

int main(void)
{
	int n = sizeof(cases) / sizeof(cases[0]), good = 0;

	for (int i = 0; i < n; i++)
		good += case_run(&cases[i]);
	printf("sigwait: %d of %d cases as expected\n", good, n);
	return good == n ? 0 : 1;
}
