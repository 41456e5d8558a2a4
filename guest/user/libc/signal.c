/* cvlibc: signal actions and masks through rt_sigaction and rt_sigprocmask. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include "internal.h"

/* syscall.S: where handlers return to; sigreturn (119) for the old frame
 * Linux builds without SA_SIGINFO, rt_sigreturn (173) for the rt frame. */
void __cv_restore(void);
void __cv_restore_rt(void);

/* The i386 kernel's struct sigaction for rt_sigaction. */
struct k_sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	sigset_t mask;
};

/* sigaction(2): installs handlers with SA_RESTORER and the cvlibc
 * trampoline that matches the frame, unless the caller brought its own. */
int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	struct k_sigaction k, ko;
	long r;

	if (act) {
		k.handler = (void *)act->sa_handler;
		k.flags = (unsigned long)act->sa_flags;
		k.mask = act->sa_mask;
		if (act->sa_flags & SA_RESTORER) {
			k.restorer = act->sa_restorer;
		} else {
			k.flags |= SA_RESTORER;
			k.restorer = act->sa_flags & SA_SIGINFO ?
				     __cv_restore_rt : __cv_restore;
		}
	}
	r = SYSCALL4(SYS_rt_sigaction, sig, act ? &k : NULL, old ? &ko : NULL,
		     sizeof(sigset_t));
	if (r == 0 && old) {
		memset(old, 0, sizeof(*old));
		old->sa_handler = (sighandler_t)ko.handler;
		old->sa_flags = (int)ko.flags;
		old->sa_restorer = ko.restorer;
		old->sa_mask = ko.mask;
	}
	return (int)r;
}

/* sigprocmask(2) through rt_sigprocmask. */
int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	return SYSCALL4(SYS_rt_sigprocmask, how, set, old, sizeof(sigset_t));
}

/* signal(3): BSD semantics (SA_RESTART); returns the old handler. */
sighandler_t signal(int sig, sighandler_t handler)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	if (sigaction(sig, &sa, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

/* True when SIG is a valid signal number, else sets EINVAL. */
static int valid(int sig)
{
	if (sig < 1 || sig >= NSIG) {
		errno = EINVAL;
		return 0;
	}
	return 1;
}

/* sigemptyset(3). */
int sigemptyset(sigset_t *set)
{
	*set = 0;
	return 0;
}

/* sigfillset(3). */
int sigfillset(sigset_t *set)
{
	*set = ~0ULL;
	return 0;
}

/* sigaddset(3). */
int sigaddset(sigset_t *set, int sig)
{
	if (!valid(sig))
		return -1;
	*set |= 1ULL << (sig - 1);
	return 0;
}

/* sigdelset(3). */
int sigdelset(sigset_t *set, int sig)
{
	if (!valid(sig))
		return -1;
	*set &= ~(1ULL << (sig - 1));
	return 0;
}

/* sigismember(3). */
int sigismember(const sigset_t *set, int sig)
{
	if (!valid(sig))
		return -1;
	return (int)((*set >> (sig - 1)) & 1);
}
