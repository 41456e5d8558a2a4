/* jobctl_notty: with the console not a terminal (no tty=on), fd 0 to 2
 * answer as a pipe does: isatty false, tcgetattr, tcgetpgrp and
 * TIOCSCTTY fail with ENOTTY, /dev/tty with ENXIO (no controlling
 * terminal), and a job in another group reads without
 * SIGTTIN; process groups, sessions and stops work all the same. Prints
 * "jobctl_notty: ok" when all checks pass. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/* Report one check. */
static int check(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAILED");
	return ok;
}

int main(void)
{
	struct termios t;
	int ok = 1, st = 0;
	pid_t pid;

	ok &= check("isatty(0) and isatty(1) are false", !isatty(0) && !isatty(1) && errno == ENOTTY);
	ok &= check("tcgetattr: ENOTTY", tcgetattr(0, &t) < 0 && errno == ENOTTY);
	ok &= check("tcgetpgrp: ENOTTY", tcgetpgrp(0) < 0 && errno == ENOTTY);
	ok &= check("TIOCSCTTY: ENOTTY", ioctl(0, TIOCSCTTY, 0) < 0 && errno == ENOTTY);
	/* no terminal, so none controls the process (zsh's setopt monitor asks) */
	ok &= check("open /dev/tty: ENXIO", open("/dev/tty", O_RDWR | O_NOCTTY) < 0 && errno == ENXIO);
	if ((pid = fork()) == 0) {
		char c;
		setpgid(0, 0);
		_exit(read(0, &c, 1) == 0 ? 5 : 6); /* no terminal: no SIGTTIN, end of input */
	}
	ok &= check("a background read sees its input", waitpid(pid, &st, WUNTRACED) == pid &&
		    WIFEXITED(st) && WEXITSTATUS(st) == 5);
	if ((pid = fork()) == 0) {
		for (;;)
			pause();
	}
	kill(pid, SIGSTOP);
	ok &= check("SIGSTOP stops", waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st));
	kill(pid, SIGKILL);
	ok &= check("SIGKILL ends it", waitpid(pid, &st, 0) == pid && WIFSIGNALED(st));
	printf("jobctl_notty: %s\n", ok ? "ok" : "FAILED");
	return 0;
}
