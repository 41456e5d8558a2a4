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

/* Wait until process pid sleeps (its /proc/PID/stat state is S), polling
 * for a few seconds: 1, or 0 when it ended or never did. */
static inline int case_proc_sleeping(pid_t pid)
{
	char path[64], text[512], *paren;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (int tries = 0; tries < 5000; tries++) {
		FILE *f = fopen(path, "r");
		if (f == NULL)
			return 0;
		text[fread(text, 1, sizeof(text) - 1, f)] = '\0';
		fclose(f);
		if ((paren = strrchr(text, ')')) != NULL && paren[2] == 'S')
			return 1;
		usleep(1000);
	}
	return 0;
}

#endif
