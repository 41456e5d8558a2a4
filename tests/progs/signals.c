/* Signals as fork users need them, with glibc's own sigaction (restorer
 * frames, rt_sigreturn): handlers, blocking masks kept across fork,
 * SA_SIGINFO, EINTR, SIGCHLD, SIGPIPE/EPIPE, and pipes reaching EOF. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t usr1, chld, info_signo, alarm_hits;

static void on_usr1(int sig) { usr1 += sig == SIGUSR1; }
static void on_chld(int sig) { (void)sig; chld++; }
static void on_alarm(int sig) { (void)sig; alarm_hits++; }
static void on_info(int sig, siginfo_t *si, void *uc) { (void)sig; (void)uc; info_signo = si->si_signo; }

/* Install handler h for sig (flags as given). */
static void handle(int sig, void (*h)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = h;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

/* Report one check. */
static int check(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAILED");
	return ok;
}

int main(void)
{
	struct sigaction sa;
	sigset_t set, old;
	int fds[2], status, ok = 1;
	char c;
	pid_t pid;

	handle(SIGUSR1, on_usr1, 0);
	kill(getpid(), SIGUSR1);
	ok &= check("handler runs", usr1 == 1);

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	kill(getpid(), SIGUSR1);
	ok &= check("blocked signal waits", usr1 == 1);
	pid = fork();
	if (pid == 0) {
		sigset_t now;
		sigprocmask(SIG_SETMASK, NULL, &now);
		_exit(sigismember(&now, SIGUSR1) ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	ok &= check("mask kept across fork", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	ok &= check("unblocked signal arrives", usr1 == 2);

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR2);
	ok &= check("SA_SIGINFO handler gets siginfo", info_signo == SIGUSR2);

	handle(SIGCHLD, on_chld, 0);
	pid = fork();
	if (pid == 0)
		_exit(3);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	ok &= check("SIGCHLD on child exit", chld >= 1 && WEXITSTATUS(status) == 3);

	handle(SIGALRM, on_alarm, 0); /* no SA_RESTART: read fails with EINTR */
	pipe(fds);
	pid = fork();
	if (pid == 0) {
		usleep(30000);
		kill(getppid(), SIGALRM);
		usleep(30000);
		_exit(0);
	}
	errno = 0;
	ok &= check("blocking read interrupted: EINTR", read(fds[0], &c, 1) == -1 && errno == EINTR &&
		    alarm_hits == 1);
	close(fds[1]);
	waitpid(pid, &status, 0);
	ok &= check("read at EOF after the last writer closed", read(fds[0], &c, 1) == 0);
	close(fds[0]);

	pipe(fds);
	close(fds[0]);
	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	ok &= check("write without reader: EPIPE", write(fds[1], "x", 1) == -1 && errno == EPIPE);
	signal(SIGPIPE, SIG_DFL);
	pid = fork();
	if (pid == 0) {
		write(fds[1], "x", 1);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	ok &= check("write without reader: killed by SIGPIPE",
		    WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE);
	return ok ? 0 : 1;
}
