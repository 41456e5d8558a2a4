/* Test programs made of cases: each case runs in a child process and the
 * parent prints one line per case,
 *   NAME: ok (what was expected)     or     NAME: WRONG (what happened)
 * and counts those that went as expected. Header only: each program is a
 * single file. */
#ifndef TESTS_PROGS_CASES_H
#define TESTS_PROGS_CASES_H

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct prog_case {
	const char *name;
	int (*fn)(void);
	int signal;   /* 0: the function must return 1; else the child dies of it */
};

/* Run one case in a child; print and return whether it went as expected. */
static inline int case_run(const struct prog_case *c)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(c->fn() == 1 ? 0 : 1);
	if (waitpid(pid, &status, 0) != pid) {
		printf("%s: WRONG (wait failed)\n", c->name);
		return 0;
	}
	if (c->signal == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("%s: ok (as expected)\n", c->name);
		return 1;
	}
	if (c->signal && WIFSIGNALED(status) && WTERMSIG(status) == c->signal) {
		printf("%s: ok (%s)\n", c->name, strsignal(c->signal));
		return 1;
	}
	if (WIFSIGNALED(status))
		printf("%s: WRONG (killed by %s)\n", c->name, strsignal(WTERMSIG(status)));
	else
		printf("%s: WRONG (exit status %d)\n", c->name, WEXITSTATUS(status));
	return 0;
}

#endif
