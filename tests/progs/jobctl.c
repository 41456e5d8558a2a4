/* jobctl: job control and process timing as on Linux, run as init. Each
 * case runs in a child of init (the "shell": init's session, whose
 * controlling terminal is the console on fd 0, in init's group) and forks
 * its jobs: stop and continue with the wait statuses and SIGCHLD codes,
 * the console's foreground group (tcgetpgrp/tcsetpgrp, SIGTTIN/SIGTTOU),
 * sessions and groups, orphaned groups, alarm and interval timers,
 * children's CPU times, the old i386 signal calls, nice and affinity.
 * Prints "jobctl: ok" when every case went as expected. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"

static const char *self_path = "/proc/self/exe"; /* to exec ourselves */

/* Fail the case with a message when cond is false. */
#define EXPECT(cond) do { if (!(cond)) { \
	printf("  %s:%d: expected %s (errno %d)\n", __FILE__, __LINE__, #cond, errno); \
	fflush(stdout); return 0; } } while (0)

/* A child that sleeps in pause() until a signal ends it (in its own
 * group when own_group). */
static pid_t pauser(int own_group)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (own_group)
			setpgid(0, 0);
		for (;;)
			pause();
	}
	if (own_group)
		setpgid(pid, pid); /* both sides, as shells do: no race */
	return pid;
}

/* waitpid that retries EINTR (handlers may interrupt it). */
static pid_t wait_for(pid_t pid, int *status, int options)
{
	pid_t r;

	while ((r = waitpid(pid, status, options)) < 0 && errno == EINTR)
		;
	return r;
}

/* SIGSTOP stops, WUNTRACED reports it once, SIGCONT continues and
 * WCONTINUED reports that once, SIGKILL ends a stopped child. */
static int stop_continue_wait(void)
{
	pid_t pid = pauser(0);
	int st;

	EXPECT(kill(pid, SIGSTOP) == 0);
	EXPECT(wait_for(pid, &st, WUNTRACED) == pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP && st == 0x137f);
	EXPECT(wait_for(pid, &st, WUNTRACED | WNOHANG) == 0); /* reported once */
	EXPECT(kill(pid, SIGCONT) == 0);
	EXPECT(wait_for(pid, &st, WCONTINUED) == pid);
	EXPECT(WIFCONTINUED(st) && st == 0xffff);
	EXPECT(wait_for(pid, &st, WCONTINUED | WUNTRACED | WNOHANG) == 0);
	EXPECT(kill(pid, SIGSTOP) == 0);
	EXPECT(wait_for(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st));
	EXPECT(kill(pid, SIGKILL) == 0); /* ends it although stopped */
	EXPECT(wait_for(pid, &st, 0) == pid);
	EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	return 1;
}

/* A stopped child's state is kept: it goes on where it stopped. */
static int stopped_state_kept(void)
{
	int st;
	pid_t pid;

	if ((pid = fork()) == 0) {
		volatile int x = 41;
		raise(SIGSTOP);
		_exit(x + 1);
	}
	EXPECT(wait_for(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st));
	EXPECT(kill(pid, SIGCONT) == 0);
	EXPECT(wait_for(pid, &st, 0) == pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 42);
	return 1;
}

static volatile sig_atomic_t chld_code[8], chld_status[8], nchld;

/* SIGCHLD handler: record si_code and si_status. */
static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	if (nchld < 8) {
		chld_code[nchld] = si->si_code;
		chld_status[nchld] = si->si_status;
		nchld++;
	}
}

/* Wait (blocked SIGCHLD, then sigsuspend) until n SIGCHLDs arrived. */
static void await_chld(int n, const sigset_t *unblocked)
{
	while (nchld < n)
		sigsuspend(unblocked);
}

/* SIGCHLD carries CLD_STOPPED, CLD_CONTINUED and CLD_KILLED with the
 * signal as si_status; SIGTSTP stops a job in its own group. */
static int sigchld_codes(void)
{
	struct sigaction sa = { .sa_sigaction = on_chld, .sa_flags = SA_SIGINFO };
	sigset_t block, old;
	pid_t pid;
	int st;

	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigaction(SIGCHLD, &sa, 0);
	pid = pauser(1);
	EXPECT(kill(pid, SIGTSTP) == 0);
	await_chld(1, &old);
	EXPECT(chld_code[0] == CLD_STOPPED && chld_status[0] == SIGTSTP);
	EXPECT(kill(pid, SIGCONT) == 0);
	await_chld(2, &old);
	EXPECT(chld_code[1] == CLD_CONTINUED && chld_status[1] == SIGCONT);
	EXPECT(kill(pid, SIGTERM) == 0);
	await_chld(3, &old);
	EXPECT(chld_code[2] == CLD_KILLED && chld_status[2] == SIGTERM);
	EXPECT(wait_for(pid, &st, 0) == pid && WIFSIGNALED(st));
	return 1;
}

/* SA_NOCLDSTOP: no SIGCHLD for stops and continues, wait still sees them. */
static int nocldstop(void)
{
	struct sigaction sa = { .sa_sigaction = on_chld, .sa_flags = SA_SIGINFO | SA_NOCLDSTOP };
	pid_t pid;
	int st;

	sigaction(SIGCHLD, &sa, 0);
	pid = pauser(0);
	EXPECT(kill(pid, SIGSTOP) == 0);
	EXPECT(wait_for(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st));
	EXPECT(kill(pid, SIGCONT) == 0);
	EXPECT(wait_for(pid, &st, WCONTINUED) == pid && WIFCONTINUED(st));
	EXPECT(nchld == 0);
	kill(pid, SIGKILL);
	EXPECT(wait_for(pid, &st, 0) == pid);
	EXPECT(nchld == 1 && chld_code[0] == CLD_KILLED);
	return 1;
}

/* waitid WSTOPPED/WCONTINUED: CLD_STOPPED and CLD_CONTINUED, WNOWAIT
 * leaves the report for the next call. */
static int waitid_stopped(void)
{
	pid_t pid = pauser(0);
	siginfo_t si;
	int st;

	EXPECT(kill(pid, SIGSTOP) == 0);
	memset(&si, 0, sizeof(si));
	EXPECT(waitid(P_PID, pid, &si, WSTOPPED | WNOWAIT) == 0);
	EXPECT(si.si_pid == pid && si.si_code == CLD_STOPPED && si.si_status == SIGSTOP);
	memset(&si, 0, sizeof(si));
	EXPECT(waitid(P_PID, pid, &si, WSTOPPED) == 0);
	EXPECT(si.si_code == CLD_STOPPED && si.si_signo == SIGCHLD);
	memset(&si, 0, sizeof(si));
	EXPECT(waitid(P_PID, pid, &si, WSTOPPED | WNOHANG) == 0 && si.si_pid == 0);
	EXPECT(kill(pid, SIGCONT) == 0);
	memset(&si, 0, sizeof(si));
	EXPECT(waitid(P_PID, pid, &si, WCONTINUED) == 0);
	EXPECT(si.si_code == CLD_CONTINUED && si.si_status == SIGCONT);
	kill(pid, SIGKILL);
	EXPECT(wait_for(pid, &st, 0) == pid);
	return 1;
}

/* SIGCONT discards a pending stop signal; a stop discards a pending SIGCONT. */
static int cont_discards_stop(void)
{
	sigset_t set;
	pid_t pid;
	int up[2], down[2], st;
	char c = 0;

	EXPECT(pipe(up) == 0 && pipe(down) == 0);
	if ((pid = fork()) == 0) {
		sigemptyset(&set);
		sigaddset(&set, SIGTSTP);
		sigaddset(&set, SIGCONT);
		sigprocmask(SIG_BLOCK, &set, 0);
		setpgid(0, 0);
		write(up[1], "r", 1);
		read(down[0], &c, 1); /* the parent has sent TSTP then CONT */
		sigpending(&set);
		_exit(sigismember(&set, SIGTSTP) ? 1 : sigismember(&set, SIGCONT) ? 2 : 3);
	}
	EXPECT(read(up[0], &c, 1) == 1);
	kill(pid, SIGTSTP);
	kill(pid, SIGCONT);
	write(down[1], "g", 1);
	EXPECT(wait_for(pid, &st, WUNTRACED) == pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 2); /* SIGCONT left, SIGTSTP gone */
	return 1;
}

/* In an orphaned group (init's: its members' parents are init or in it),
 * SIGTSTP does not stop; the interrupted read goes on. */
static int orphaned_tstp_ignored(void)
{
	int p[2], st;
	char c;
	pid_t pid;

	EXPECT(pipe(p) == 0);
	if ((pid = fork()) == 0) {
		ssize_t n = read(p[0], &c, 1);
		_exit(n == 1 ? 7 : 8);
	}
	/* The case process is init's child in init's group: that group has
	 * no parent outside it in the session, so it is orphaned. */
	usleep(20000);
	EXPECT(kill(pid, SIGTSTP) == 0);
	EXPECT(write(p[1], "x", 1) == 1);
	EXPECT(wait_for(pid, &st, WUNTRACED) == pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 7);
	return 1;
}

/* The console is init's session's terminal with init's group in front;
 * a job in another group that reads it stops with SIGTTIN, reads once in
 * front, and gets EIO when it ignores SIGTTIN. */
static int background_read(void)
{
	int st;
	pid_t pid;

	EXPECT(isatty(0));
	EXPECT(tcgetpgrp(0) == getpgrp() && getpgrp() == 1);
	EXPECT(tcgetsid(0) == 1 && getsid(0) == 1);
	signal(SIGTTOU, SIG_IGN); /* the shell changes the foreground as it likes */
	if ((pid = fork()) == 0) {
		char c;
		setpgid(0, 0);
		_exit(read(0, &c, 1) >= 0 ? 10 : 11); /* stops first, then reads in front */
	}
	setpgid(pid, pid);
	EXPECT(wait_for(pid, &st, WUNTRACED) == pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN);
	EXPECT(tcsetpgrp(0, pid) == 0 && tcgetpgrp(0) == pid);
	EXPECT(kill(pid, SIGCONT) == 0);
	EXPECT(wait_for(pid, &st, WUNTRACED) == pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 10);
	EXPECT(tcsetpgrp(0, getpgrp()) == 0 && tcgetpgrp(0) == 1);
	if ((pid = fork()) == 0) {
		char c;
		setpgid(0, 0);
		signal(SIGTTIN, SIG_IGN);
		_exit(read(0, &c, 1) < 0 && errno == EIO ? 12 : 13);
	}
	EXPECT(wait_for(pid, &st, WUNTRACED) == pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 12);
	return 1;
}

/* A background job that sets the foreground group stops with SIGTTOU,
 * unless it ignores SIGTTOU. */
static int background_tcsetpgrp(void)
{
	int st;
	pid_t pid;

	if ((pid = fork()) == 0) {
		setpgid(0, 0);
		_exit(tcsetpgrp(0, getpgrp()) == 0 ? 20 : 21);
	}
	setpgid(pid, pid);
	EXPECT(wait_for(pid, &st, WUNTRACED) == pid);
	EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTOU);
	kill(pid, SIGKILL);
	EXPECT(wait_for(pid, &st, 0) == pid);
	EXPECT(tcgetpgrp(0) == 1);
	if ((pid = fork()) == 0) {
		setpgid(0, 0);
		signal(SIGTTOU, SIG_IGN);
		_exit(tcsetpgrp(0, getpgrp()) == 0 && tcgetpgrp(0) == getpid() ? 22 : 23);
	}
	EXPECT(wait_for(pid, &st, WUNTRACED) == pid);
	EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 22);
	signal(SIGTTOU, SIG_IGN);
	EXPECT(tcsetpgrp(0, 1) == 0);
	return 1;
}

/* tcsetpgrp's errors: no such group ESRCH, another session's EPERM; a
 * process of another session has no controlling terminal: ENOTTY; so
 * has a pipe. */
static int tcsetpgrp_errors(void)
{
	int p[2], st, pg;
	char c = 0;
	pid_t pid;

	signal(SIGTTOU, SIG_IGN);
	EXPECT(tcsetpgrp(0, 30000) < 0 && errno == ESRCH);
	EXPECT(pipe(p) == 0);
	EXPECT(ioctl(p[0], TIOCGPGRP, &pg) < 0 && errno == ENOTTY);
	if ((pid = fork()) == 0) {
		int ok = setsid() == getpid() && getsid(0) == getpid() && getpgrp() == getpid();
		ok = ok && tcgetpgrp(0) < 0 && errno == ENOTTY;
		ok = ok && tcsetpgrp(0, getpid()) < 0 && errno == ENOTTY;
		write(p[1], ok ? "y" : "n", 1);
		for (;;)
			pause();
	}
	EXPECT(read(p[0], &c, 1) == 1 && c == 'y');
	EXPECT(tcsetpgrp(0, pid) < 0 && errno == EPERM); /* another session's group */
	kill(pid, SIGUSR1);
	EXPECT(wait_for(pid, &st, 0) == pid && WIFSIGNALED(st));
	return 1;
}

/* TCGETS/TCSETS, the window size, TIOCSCTTY and TIOCNOTTY. */
static int terminal_ioctls(void)
{
	struct termios t, t2;
	struct winsize ws;
	int st, fd;
	pid_t pid;

	EXPECT(tcgetattr(0, &t) == 0);
	EXPECT(t.c_lflag & ICANON);
	t.c_lflag &= ~(ICANON | ECHO);
	EXPECT(tcsetattr(0, TCSANOW, &t) == 0);
	EXPECT(tcgetattr(0, &t2) == 0 && !(t2.c_lflag & (ICANON | ECHO)));
	t.c_lflag |= ICANON | ECHO;
	EXPECT(tcsetattr(0, TCSADRAIN, &t) == 0 && tcdrain(1) == 0);
	EXPECT(tcflush(0, TCIFLUSH) == 0 && tcflush(0, 7) < 0 && errno == EINVAL);
	EXPECT(ioctl(0, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0);
	EXPECT((fd = open("/dev/tty", O_RDWR)) >= 0 && isatty(fd) && close(fd) == 0); /* init's terminal */
	if ((pid = fork()) == 0) {
		int ok = ioctl(0, TIOCSCTTY, 0) < 0 && errno == EPERM; /* not a session leader */
		ok = ok && setsid() > 0 && tcgetpgrp(0) < 0;
		ok = ok && ioctl(0, TIOCSCTTY, 0) < 0 && errno == EPERM; /* init's session has it */
		ok = ok && ioctl(0, TIOCNOTTY) < 0 && errno == ENOTTY;
		ok = ok && open("/dev/tty", O_RDWR) < 0 && errno == ENXIO; /* a new session has none */
		_exit(ok ? 40 : 41);
	}
	EXPECT(wait_for(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 40);
	EXPECT(tcgetpgrp(0) == 1);
	return 1;
}

/* setsid and setpgid as Linux allows them. */
static int sessions_and_groups(void)
{
	int st;
	pid_t pid, other;

	EXPECT(getpgid(0) == 1 && getsid(0) == 1 && getsid(1) == 1);
	EXPECT(setpgid(0, 0) == 0 && getpgrp() == getpid());
	EXPECT(setsid() < 0 && errno == EPERM); /* a group leader cannot */
	EXPECT(setpgid(0, 1) == 0 && getpgrp() == 1);
	EXPECT(setpgid(0, 30000) < 0 && errno == EPERM); /* no such group */
	EXPECT(setpgid(1, 1) < 0 && errno == ESRCH);     /* not a child */
	EXPECT(setpgid(0, -1) < 0 && errno == EINVAL);
	EXPECT(getsid(30000) < 0 && errno == ESRCH);
	if ((pid = fork()) == 0) {
		execl(self_path, self_path, "pause", (char *)0);
		_exit(127);
	}
	/* Once the child has exec'd, its group is its own affair: EACCES. */
	for (int i = 0; i < 1000 && setpgid(pid, pid) == 0; i++)
		usleep(10000);
	EXPECT(setpgid(pid, pid) < 0 && errno == EACCES);
	if ((other = fork()) == 0) {
		setsid();
		pause();
		_exit(0);
	}
	usleep(20000);
	EXPECT(setpgid(other, 0) < 0 && errno == EPERM);   /* a session leader */
	EXPECT(setpgid(0, other) < 0 && errno == EPERM);   /* another session's group */
	kill(pid, SIGKILL);
	kill(other, SIGKILL);
	EXPECT(wait_for(pid, &st, 0) == pid && wait_for(other, &st, 0) == other);
	EXPECT(setsid() == getpid() && getsid(0) == getpid()); /* not a leader: may */
	return 1;
}

static int hup_pipe = -1;

/* SIGHUP handler of the orphan test: say so and end. */
static void on_hup(int sig)
{
	(void)sig;
	write(hup_pipe, "H", 1);
	_exit(0);
}

/* A stopped job whose group becomes orphaned (its parent, the only link
 * outside, exits) gets SIGHUP and SIGCONT. */
static int orphaned_group_hangup(void)
{
	int p[2], st;
	char c = 0;
	pid_t mid;

	EXPECT(pipe(p) == 0);
	if ((mid = fork()) == 0) {
		pid_t job = fork();
		if (job == 0) {
			hup_pipe = p[1];
			signal(SIGHUP, on_hup);
			setpgid(0, 0);
			raise(SIGSTOP);
			_exit(3); /* continued without SIGHUP */
		}
		setpgid(job, job);
		if (wait_for(job, &st, WUNTRACED) != job || !WIFSTOPPED(st))
			_exit(1);
		_exit(0); /* the job's group is orphaned now */
	}
	EXPECT(wait_for(mid, &st, 0) == mid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(p[1]);
	EXPECT(read(p[0], &c, 1) == 1 && c == 'H');
	return 1;
}

static volatile sig_atomic_t alarms;

/* SIGALRM, SIGVTALRM, SIGPROF handler: count. */
static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* alarm interrupts pause; alarm returns the seconds left of the old one. */
static int alarm_pause(void)
{
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_RESTART };

	sigaction(SIGALRM, &sa, 0);
	EXPECT(alarm(100) == 0);
	EXPECT(alarm(0) >= 99);
	EXPECT(alarm(0) == 0);
	alarm(1);
	EXPECT(pause() == -1 && errno == EINTR && alarms == 1); /* SA_RESTART or not */
	return 1;
}

/* Without a handler SIGALRM ends the process. */
static int alarm_kills(void)
{
	alarm(1);
	for (;;)
		pause();
	return 0;
}

/* A periodic ITIMER_REAL sends SIGALRM again and again; getitimer shows it. */
static int itimer_real_periodic(void)
{
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } }, cur;
	sigset_t block, old;

	signal(SIGALRM, on_alarm);
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	sigprocmask(SIG_BLOCK, &block, &old);
	EXPECT(setitimer(ITIMER_REAL, &it, 0) == 0);
	EXPECT(getitimer(ITIMER_REAL, &cur) == 0);
	EXPECT(cur.it_interval.tv_usec == 20000 && cur.it_value.tv_sec == 0 && cur.it_value.tv_usec <= 20000);
	while (alarms < 5)
		sigsuspend(&old);
	it.it_value.tv_usec = 0;
	EXPECT(setitimer(ITIMER_REAL, &it, &cur) == 0 && cur.it_interval.tv_usec == 20000);
	EXPECT(getitimer(ITIMER_REAL, &cur) == 0 && cur.it_value.tv_usec == 0 && cur.it_interval.tv_usec == 0);
	it.it_value.tv_usec = 1000000;
	EXPECT(setitimer(ITIMER_REAL, &it, 0) < 0 && errno == EINVAL);
	EXPECT(setitimer(7, &it, 0) < 0 && errno == EINVAL);
	return 1;
}

/* The process's CPU time in ns. */
static long long cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

/* Spin until the process has used ms more of CPU time. */
static void burn(int ms)
{
	long long end = cpu_ns() + ms * 1000000ll;
	volatile unsigned x = 0;

	while (cpu_ns() < end)
		for (int i = 0; i < 1000; i++)
			x += i;
}

static volatile sig_atomic_t got_vtalrm, got_prof;

/* SIGVTALRM and SIGPROF handler: note which (flags, not a count: one
 * handler may interrupt the other). */
static void on_cpu_timer(int sig)
{
	if (sig == SIGVTALRM)
		got_vtalrm = 1;
	else
		got_prof = 1;
}

/* ITIMER_VIRTUAL and ITIMER_PROF count the process's CPU time. */
static int itimer_cpu(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 30000 } }, left;

	signal(SIGVTALRM, on_cpu_timer);
	signal(SIGPROF, on_cpu_timer);
	EXPECT(setitimer(ITIMER_VIRTUAL, &it, 0) == 0);
	EXPECT(setitimer(ITIMER_PROF, &it, 0) == 0);
	EXPECT(getitimer(ITIMER_PROF, &left) == 0 && left.it_value.tv_usec > 0);
	while (!got_vtalrm || !got_prof)
		burn(5);
	EXPECT(getitimer(ITIMER_VIRTUAL, &left) == 0 && left.it_value.tv_usec == 0);
	return 1;
}

/* ns of a timeval. */
static long long tv_ns(struct timeval tv)
{
	return tv.tv_sec * 1000000000ll + tv.tv_usec * 1000ll;
}

/* A busy child's CPU time shows in the parent's getrusage(RUSAGE_CHILDREN),
 * times() and wait4's rusage once it is reaped, not before. */
static int children_times(void)
{
	struct rusage ru, ru4;
	struct tms t;
	int st;
	pid_t pid;

	EXPECT(getrusage(RUSAGE_CHILDREN, &ru) == 0 && tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime) == 0);
	if ((pid = fork()) == 0) {
		burn(60);
		_exit(0);
	}
	EXPECT(wait4(pid, &st, 0, &ru4) == pid);
	EXPECT(tv_ns(ru4.ru_utime) + tv_ns(ru4.ru_stime) >= 60000000ll);
	EXPECT(getrusage(RUSAGE_CHILDREN, &ru) == 0);
	EXPECT(tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime) >= 60000000ll);
	EXPECT(times(&t) != (clock_t)-1 && t.tms_cutime + t.tms_cstime >= 4); /* each truncated */
	EXPECT(getrusage(RUSAGE_SELF, &ru) == 0);
	EXPECT(getrusage(7, &ru) < 0 && errno == EINVAL);
	return 1;
}

/* The process's CPU clock grows while it runs, not while it sleeps. */
static int cputime_clock(void)
{
	long long a = cpu_ns(), b;
	struct timespec ts = { 0, 100000000 };

	burn(20);
	b = cpu_ns();
	EXPECT(b - a >= 20000000ll);
	nanosleep(&ts, 0);
	EXPECT(cpu_ns() - b < 100000000ll);
	EXPECT(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0);
	return 1;
}

#if defined(__i386__) /* calls x86-64 does not have */
/* The old i386 sigreturn trampoline for SA_RESTORER handlers. */
void old_restorer(void);
#define STR_(x) #x
#define STR(x) STR_(x) /* a number macro as a string, expanded first */
__asm__(".text\n.globl old_restorer\nold_restorer:\n\tpopl %eax\n\tmovl $" STR(SYS_sigreturn)
	", %eax\n\tint $0x80\n");

/* struct old_sigaction of the i386 sigaction call. */
struct old_sa {
	uintptr_t handler;
	uint32_t mask, flags;
	uintptr_t restorer;
};

static volatile sig_atomic_t usr1;

/* SIGUSR1 handler: count. */
static void on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

/* sigaction (67), sigprocmask (126), sgetmask/ssetmask, sigpending (73)
 * and sigsuspend (72) with one-word sets, as the klibc mksh uses them. */
static int old_signal_calls(void)
{
	struct old_sa sa = { (uintptr_t)on_usr1, 1u << (SIGUSR2 - 1), 0x04000000 /* SA_RESTORER */,
			     (uintptr_t)old_restorer }, old;
	struct sigaction rt;
	uint32_t set = 1u << (SIGUSR1 - 1), oset = 0, pend = 0;

	EXPECT(syscall(SYS_sigaction, SIGUSR1, &sa, 0) == 0);
	EXPECT(syscall(SYS_sigaction, SIGUSR1, 0, &old) == 0);
	EXPECT(old.handler == sa.handler && old.mask == sa.mask && old.flags == sa.flags &&
	       old.restorer == sa.restorer);
	EXPECT(sigaction(SIGUSR1, 0, &rt) == 0 && rt.sa_handler == on_usr1 &&
	       sigismember(&rt.sa_mask, SIGUSR2));
	EXPECT(syscall(SYS_sigaction, SIGKILL, &sa, 0) < 0 && errno == EINVAL);
	EXPECT(syscall(SYS_sigprocmask, SIG_BLOCK, &set, &oset) == 0 && !(oset & set));
	EXPECT(syscall(SYS_sigprocmask, SIG_BLOCK, 0, &oset) == 0 && (oset & set));
	EXPECT((uint32_t)syscall(SYS_sgetmask) == oset);
	EXPECT(syscall(SYS_sigprocmask, 9, &set, 0) < 0 && errno == EINVAL);
	kill(getpid(), SIGUSR1);
	EXPECT(usr1 == 0);
	EXPECT(syscall(SYS_sigpending, &pend) == 0 && (pend & set));
	/* sigsuspend(unused, unused, mask): wait with SIGUSR1 unblocked */
	EXPECT(syscall(SYS_sigsuspend, 0, 0, 0) < 0 && errno == EINTR && usr1 == 1);
	EXPECT((uint32_t)syscall(SYS_sgetmask) == oset); /* the mask is back */
	EXPECT((uint32_t)syscall(SYS_ssetmask, 0) == oset && syscall(SYS_sgetmask) == 0);
	kill(getpid(), SIGUSR1); /* unblocked now: at once */
	EXPECT(usr1 == 2);
	EXPECT(syscall(SYS_signal, SIGUSR2, SIG_IGN) == (long)SIG_DFL);
	EXPECT(syscall(SYS_signal, SIGUSR2, SIG_DFL) == (long)SIG_IGN);
	return 1;
}
#endif

static volatile sig_atomic_t got_sig;

/* Record a signal. */
static void on_sig(int sig)
{
	got_sig = sig;
}

/* Monotonic ns. */
static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

/* A sleep that a stop interrupts goes on to its end after SIGCONT; one a
 * handler interrupts fails with EINTR and the time left, SA_RESTART or not. */
static int sleep_interrupted(void)
{
	struct sigaction sa = { .sa_handler = on_sig, .sa_flags = SA_RESTART };
	int st, p[2];
	char c;
	pid_t pid;

	EXPECT(pipe(p) == 0);
	if ((pid = fork()) == 0) {
		struct timespec ts = { 0, 300000000 }, rem = { 0, 0 };
		long long t0 = mono_ns();
		int r;
		sigaction(SIGUSR1, &sa, 0);
		write(p[1], "r", 1);
		r = nanosleep(&ts, &rem);
		if (r != 0 || mono_ns() - t0 < 300000000ll)
			_exit(1); /* the stop did not let it end in full */
		write(p[1], "s", 1);
		ts.tv_sec = 5;
		r = nanosleep(&ts, &rem);
		_exit(r < 0 && errno == EINTR && got_sig == SIGUSR1 && rem.tv_sec > 0 ? 50 : 2);
	}
	EXPECT(read(p[0], &c, 1) == 1);
	usleep(50000);
	EXPECT(kill(pid, SIGSTOP) == 0);
	EXPECT(wait_for(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st));
	EXPECT(kill(pid, SIGCONT) == 0);
	EXPECT(read(p[0], &c, 1) == 1 && c == 's');
	usleep(50000);
	EXPECT(kill(pid, SIGUSR1) == 0);
	EXPECT(wait_for(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 50);
	return 1;
}

/* A read on a pipe that a stop interrupts goes on after SIGCONT. */
static int read_restarts_after_stop(void)
{
	int p[2], st;
	char c;
	pid_t pid;

	EXPECT(pipe(p) == 0);
	if ((pid = fork()) == 0) {
		ssize_t n = read(p[0], &c, 1);
		_exit(n == 1 && c == 'z' ? 60 : 61);
	}
	usleep(50000);
	EXPECT(kill(pid, SIGSTOP) == 0);
	EXPECT(wait_for(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st));
	EXPECT(kill(pid, SIGCONT) == 0);
	EXPECT(write(p[1], "z", 1) == 1);
	EXPECT(wait_for(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 60);
	return 1;
}

/* nice, getpriority, setpriority, affinity and the scheduling policy. */
static int priorities(void)
{
	cpu_set_t set;
	struct sched_param sp = { 0 };

	errno = 0;
	EXPECT(getpriority(PRIO_PROCESS, 0) == 0 && errno == 0);
	EXPECT(syscall(SYS_getpriority, PRIO_PROCESS, 0) == 20); /* the kernel's 20 - nice */
	EXPECT(setpriority(PRIO_PROCESS, 0, 5) == 0 && getpriority(PRIO_PROCESS, 0) == 5);
	EXPECT(nice(2) == 7 && getpriority(PRIO_PGRP, 0) <= 7);
	EXPECT(nice(100) == 19);
	EXPECT(setpriority(PRIO_PROCESS, 0, -30) == 0 && getpriority(PRIO_PROCESS, 0) == -20);
	EXPECT(setpriority(PRIO_PROCESS, 30000, 1) < 0 && errno == ESRCH);
	EXPECT(getpriority(9, 0) == -1 && errno == EINVAL);
	CPU_ZERO(&set);
	EXPECT(sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) == 1 && CPU_ISSET(0, &set));
	EXPECT(sched_setaffinity(0, sizeof(set), &set) == 0);
	CPU_ZERO(&set);
	CPU_SET(1, &set);
	EXPECT(sched_setaffinity(0, sizeof(set), &set) < 0 && errno == EINVAL);
	/* musl's wrappers of these say ENOSYS themselves: the calls directly */
	EXPECT(syscall(SYS_sched_getscheduler, 0) == SCHED_OTHER);
	EXPECT(syscall(SYS_sched_getparam, 0, &sp) == 0 && sp.sched_priority == 0);
	EXPECT(sched_get_priority_max(SCHED_FIFO) == 99 && sched_get_priority_min(SCHED_OTHER) == 0);
	EXPECT(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp) == 0);
	return 1;
}

static const struct prog_case cases[] = {
	{ "stop_continue_wait", stop_continue_wait, 0 },
	{ "stopped_state_kept", stopped_state_kept, 0 },
	{ "sigchld_codes", sigchld_codes, 0 },
	{ "nocldstop", nocldstop, 0 },
	{ "waitid_stopped", waitid_stopped, 0 },
	{ "cont_discards_stop", cont_discards_stop, 0 },
	{ "orphaned_tstp_ignored", orphaned_tstp_ignored, 0 },
	{ "background_read", background_read, 0 },
	{ "background_tcsetpgrp", background_tcsetpgrp, 0 },
	{ "tcsetpgrp_errors", tcsetpgrp_errors, 0 },
	{ "terminal_ioctls", terminal_ioctls, 0 },
	{ "sessions_and_groups", sessions_and_groups, 0 },
	{ "orphaned_group_hangup", orphaned_group_hangup, 0 },
	{ "alarm_pause", alarm_pause, 0 },
	{ "alarm_kills", alarm_kills, SIGALRM },
	{ "itimer_real_periodic", itimer_real_periodic, 0 },
	{ "itimer_cpu", itimer_cpu, 0 },
	{ "children_times", children_times, 0 },
	{ "cputime_clock", cputime_clock, 0 },
#if defined(__i386__)
	{ "old_signal_calls", old_signal_calls, 0 },
#endif
	{ "sleep_interrupted", sleep_interrupted, 0 },
	{ "read_restarts_after_stop", read_restarts_after_stop, 0 },
	{ "priorities", priorities, 0 },
};

int main(int argc, char **argv)
{
	int n = sizeof(cases) / sizeof(cases[0]), good = 0;

	/* jobctl [CASE...]: the cases named, or all */
	if (argc > 1 && strcmp(argv[1], "pause") == 0) {
		for (;;)
			pause();
	}
	if (argc > 1)
		n = 0; /* only the cases named */
	for (int i = 0; i < (int)(sizeof(cases) / sizeof(cases[0])); i++)
		for (int a = 1; a < argc; a++)
			if (strcmp(argv[a], cases[i].name) == 0)
				n++;
	for (int i = 0; i < (int)(sizeof(cases) / sizeof(cases[0])); i++) {
		int chosen = argc < 2;
		for (int a = 1; a < argc; a++)
			chosen |= strcmp(argv[a], cases[i].name) == 0;
		if (chosen)
			good += case_run(&cases[i]);
	}
	printf("jobctl: %s (%d of %d cases as expected)\n", good == n ? "ok" : "FAILED", good, n);
	return 0;
}
