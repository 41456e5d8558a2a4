/* waitflags: wait4's and waitid's options as on Linux. WUNTRACED,
 * WCONTINUED and __WALL are accepted (these children never stop), unknown bits
 * are EINVAL; waitid fills the siginfo (CLD_EXITED, CLD_KILLED,
 * CLD_DUMPED when a core file was written: run with the argument "core"
 * under cowvisor --core-dir, else CLD_KILLED, as Linux without a core),
 * WNOWAIT leaves the zombie, WNOHANG reports nothing with a
 * zeroed si_pid; a clone child with exit signal 0 is seen only with
 * __WCLONE or __WALL; pipe fails with EMFILE when no descriptor is left.
 * One line per check; exit status 0 when all pass. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

#ifndef __WALL
#define __WALL  0x40000000
#endif
#ifndef __WCLONE
#define __WCLONE 0x80000000
#endif

/* Report one check. */
static int check(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAILED");
	return ok;
}

/* A child that exits with code (or, code < 0, kills itself with -code). */
static pid_t child(int code)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (code < 0) {
			signal(-code, SIG_DFL);
			kill(getpid(), -code);
		}
		_exit(code < 0 ? 99 : code);
	}
	return pid;
}

/* waitid on pid with options; the siginfo in *si, the result. */
static int wid(idtype_t type, id_t id, siginfo_t *si, int options)
{
	memset(si, 0xa5, sizeof(*si));
	return waitid(type, id, si, options);
}

/* wait4 and waitpid options. */
static int wait4_options(void)
{
	int ok = 1, status = 0;
	pid_t pid = child(5);

	ok &= check("waitpid WUNTRACED|WCONTINUED",
		    waitpid(pid, &status, WUNTRACED | WCONTINUED) == pid && WEXITSTATUS(status) == 5);
	pid = child(6);
	ok &= check("wait4 __WALL|__WNOTHREAD",
		    wait4(pid, &status, __WALL | 0x20000000, NULL) == pid && WEXITSTATUS(status) == 6);
	pid = child(7);
	errno = 0;
	ok &= check("waitpid unknown option bit: EINVAL",
		    waitpid(pid, &status, 0x100) == -1 && errno == EINVAL);
	ok &= check("the child is still there after EINVAL", waitpid(pid, &status, 0) == pid);
	return ok;
}

/* waitid's siginfo and its options; cores: a core-dumping signal writes a
 * core file (its child is CLD_DUMPED, else CLD_KILLED). */
static int waitid_info(int cores)
{
	siginfo_t si;
	int ok = 1, status;
	pid_t pid = child(7);

	ok &= check("waitid WEXITED|WNOWAIT: CLD_EXITED, status 7",
		    wid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0 && si.si_signo == SIGCHLD &&
		    si.si_pid == pid && si.si_code == CLD_EXITED && si.si_status == 7);
	ok &= check("WNOWAIT left the zombie: waitpid reaps it",
		    waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 7);
	pid = child(-SIGKILL);
	ok &= check("waitid killed: CLD_KILLED, status SIGKILL",
		    wid(P_ALL, 0, &si, WEXITED) == 0 && si.si_pid == pid &&
		    si.si_code == CLD_KILLED && si.si_status == SIGKILL);
	pid = child(-SIGABRT);
	ok &= check(cores ? "waitid core dump: CLD_DUMPED, status SIGABRT"
			  : "waitid SIGABRT without a core: CLD_KILLED, status SIGABRT",
		    wid(P_PGID, 0, &si, WEXITED) == 0 && si.si_pid == pid &&
		    si.si_code == (cores ? CLD_DUMPED : CLD_KILLED) && si.si_status == SIGABRT);
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	ok &= check("waitid WNOHANG, child running: 0, si_pid 0",
		    wid(P_PID, pid, &si, WEXITED | WNOHANG) == 0 && si.si_pid == 0 && si.si_signo == 0);
	kill(pid, SIGTERM);
	ok &= check("waitid after SIGTERM: CLD_KILLED",
		    wid(P_PID, pid, &si, WEXITED) == 0 && si.si_code == CLD_KILLED &&
		    si.si_status == SIGTERM);
	errno = 0;
	ok &= check("waitid without WEXITED/WSTOPPED/WCONTINUED: EINVAL",
		    wid(P_ALL, 0, &si, WNOHANG) == -1 && errno == EINVAL);
	errno = 0;
	ok &= check("waitid P_PID 0: EINVAL", wid(P_PID, 0, &si, WEXITED) == -1 && errno == EINVAL);
	errno = 0;
	ok &= check("waitid without children: ECHILD",
		    wid(P_ALL, 0, &si, WEXITED) == -1 && errno == ECHILD);
	return ok;
}

/* A child made by clone with exit signal 0 (no SIGCHLD). */
static int clone_children(void)
{
	int ok = 1, status = 0;
	pid_t pid = (pid_t)syscall(SYS_clone, 0, 0, 0, 0, 0);

	if (pid == 0)
		_exit(3);
	errno = 0;
	ok &= check("clone child (exit signal 0) invisible to plain waitpid: ECHILD",
		    waitpid(pid, &status, 0) == -1 && errno == ECHILD);
	ok &= check("... reaped with __WCLONE",
		    waitpid(pid, &status, __WCLONE) == pid && WEXITSTATUS(status) == 3);
	pid = (pid_t)syscall(SYS_clone, 0, 0, 0, 0, 0);
	if (pid == 0)
		_exit(4);
	ok &= check("... and with __WALL",
		    waitpid(-1, &status, __WALL) == pid && WEXITSTATUS(status) == 4);
	pid = child(8);
	errno = 0;
	ok &= check("a fork child is invisible to __WCLONE",
		    waitpid(pid, &status, __WCLONE) == -1 && errno == ECHILD);
	ok &= check("... but reaped without it", waitpid(pid, &status, 0) == pid);
	return ok;
}

/* pipe with no free descriptor: EMFILE. */
static int pipe_emfile(void)
{
	int fds[2], n = 0, err = 0;

	while (n < 100) {
		if (pipe(fds) != 0) {
			err = errno;
			break;
		}
		n++;
	}
	printf("pipe after %d pipes: %s\n", n, errname(err));
	return check("pipe without a free descriptor: EMFILE", err == EMFILE);
}

int main(int argc, char **argv)
{
	int ok = wait4_options();

	ok &= waitid_info(argc > 1 && strcmp(argv[1], "core") == 0);
	ok &= clone_children();
	ok &= pipe_emfile();
	return ok ? 0 : 1;
}
