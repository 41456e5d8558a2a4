/* runstat: run a command and report its wall time and peak RSS.
 *
 *   runstat OUTFILE COMMAND [ARGS...]
 *
 * Runs COMMAND (its streams are runstat's), waits for it with wait4 and
 * appends one line to OUTFILE:
 *   wall_ns=N maxrss_kib=N status=S
 * where wall_ns runs from just before fork to the child's reaping
 * (CLOCK_MONOTONIC), maxrss_kib is the child's ru_maxrss, and S is its exit
 * status, or 128+N when signal N killed it. runstat exits with S too, or
 * 125 when it could not run the command at all. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* CLOCK_MONOTONIC in ns. */
static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Entry point. */
int main(int argc, char **argv)
{
	struct rusage ru;
	uint64_t t0, t1;
	int status, code;
	FILE *out;
	pid_t pid;

	if (argc < 3) {
		fprintf(stderr, "usage: runstat OUTFILE COMMAND [ARGS...]\n");
		return 125;
	}
	t0 = mono_ns();
	pid = fork();
	if (pid < 0) {
		perror("runstat: fork");
		return 125;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "runstat: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid) {
		perror("runstat: wait4");
		return 125;
	}
	t1 = mono_ns();
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	out = fopen(argv[1], "a");
	if (out == NULL) {
		fprintf(stderr, "runstat: %s: %s\n", argv[1], strerror(errno));
		return 125;
	}
	fprintf(out, "wall_ns=%llu maxrss_kib=%ld status=%d\n", (unsigned long long)(t1 - t0),
		ru.ru_maxrss, code);
	if (fclose(out) != 0) {
		fprintf(stderr, "runstat: %s: %s\n", argv[1], strerror(errno));
		return 125;
	}
	return code;
}
