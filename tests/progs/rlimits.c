/* rlimits: resource limits as Linux keeps them, printed one fact a line so
 * the run under cowvisor is compared with the host's: setrlimit and
 * prlimit64 change them (getrlimit reads them back), a soft limit above
 * the hard one is EINVAL, RLIMIT_NOFILE's soft limit bounds open (EMFILE),
 * dup2 (EBADF), F_DUPFD and poll (EINVAL), /proc/self/limits shows them,
 * and a child inherits them and keeps them across exec. Only limits this
 * program set are printed (the host's own differ). Prints "rlimits: ok"
 * at the end when all held. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

#define FEW_FDS 8 /* the RLIMIT_NOFILE soft limit set */

static int failures;

/* Print a fact; count it when it does not hold. */
static void fact(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "yes" : "NO");
	failures += !ok;
}

/* Print a call's result: 0, or -1 and the errno's name. */
static void show(const char *what, long rc)
{
	printf("%s: %s\n", what, rc < 0 ? errname(errno) : "0");
}

/* The soft RLIMIT_NOFILE, as getrlimit reads it. */
static long nofile(void)
{
	struct rlimit l;

	return getrlimit(RLIMIT_NOFILE, &l) == 0 ? (long)l.rlim_cur : -1;
}

/* The highest descriptor open gives before it says EMFILE (all closed again). */
static int fill_fds(int *err)
{
	int fds[64], n = 0, top = -1;

	while (n < 64 && (fds[n] = open("/dev/null", O_RDONLY)) >= 0)
		top = fds[n++];
	*err = errno;
	while (n > 0)
		close(fds[--n]);
	return top;
}

/* Setting and reading back, and the checks setrlimit makes. */
static void set_and_get(void)
{
	struct rlimit l, got, old;

	getrlimit(RLIMIT_NOFILE, &l);
	l.rlim_cur = FEW_FDS;
	show("setrlimit NOFILE soft", setrlimit(RLIMIT_NOFILE, &l));
	printf("getrlimit NOFILE soft: %ld\n", nofile());
	got = (struct rlimit){ l.rlim_max, l.rlim_max - 1 };
	show("setrlimit soft above hard", setrlimit(RLIMIT_NOFILE, &got));
	show("setrlimit bad resource", setrlimit(99, &l));
	getrlimit(RLIMIT_CORE, &l);
	show("prlimit CORE to 0", prlimit(0, RLIMIT_CORE, &(struct rlimit){ 0, l.rlim_max }, &old));
	fact("prlimit gave the old CORE limits", old.rlim_cur == l.rlim_cur && old.rlim_max == l.rlim_max);
	getrlimit(RLIMIT_CORE, &got);
	printf("getrlimit CORE: %ld\n", (long)got.rlim_cur);
	getrlimit(RLIMIT_STACK, &l);
	show("setrlimit STACK 1 MiB soft", setrlimit(RLIMIT_STACK, &(struct rlimit){ 1 << 20, l.rlim_max }));
	getrlimit(RLIMIT_STACK, &got);
	printf("getrlimit STACK soft: %ld\n", (long)got.rlim_cur);
	show("prlimit of no process", prlimit(99999, RLIMIT_CORE, NULL, &old));
#ifdef SYS_getrlimit
#if defined(__i386__)
	/* i386's old getrlimit (76): unlimited reads as 2^31-1 */
	uint32_t raw[2] = { 0, 0 }; /* its struct: two 32-bit values (musl's rlim_t is 64-bit) */
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, RLIM_INFINITY });
	syscall(SYS_getrlimit, RLIMIT_CORE, raw);
	printf("old getrlimit CORE: %#x %#x\n", raw[0], raw[1]);
#endif
#endif
}

/* RLIMIT_NOFILE's soft limit bounds the descriptors. */
static void nofile_bounds(void)
{
	struct pollfd p[FEW_FDS + 1];
	int err, top = fill_fds(&err);

	printf("highest fd: %d, then %s\n", top, errname(err));
	show("dup2 to the limit", dup2(0, FEW_FDS));
	show("dup2 below it", dup2(0, FEW_FDS - 1) < 0 ? -1 : 0);
	close(FEW_FDS - 1);
	show("F_DUPFD from the limit", fcntl(0, F_DUPFD, FEW_FDS));
	memset(p, 0, sizeof(p));
	for (int i = 0; i <= FEW_FDS; i++)
		p[i].fd = -1;
	show("poll over the limit", poll(p, FEW_FDS + 1, 0));
	show("poll at the limit", poll(p, FEW_FDS, 0));
}

/* /proc/self/limits as the host writes it: the header and the soft limits
 * this program set (name and soft-limit columns; the hard limits differ). */
static void proc_limits(void)
{
	char line[160];
	FILE *f = fopen("/proc/self/limits", "r");

	if (f == NULL) {
		printf("/proc/self/limits: %s\n", errname(errno));
		return;
	}
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "Limit ", 6) == 0 || strncmp(line, "Max open files ", 15) == 0 ||
		    strncmp(line, "Max core file size ", 19) == 0)
			printf("limits: %.47s|\n", line);
	fclose(f);
}

/* A child inherits the limits and an exec keeps them. */
static void inherited(void)
{
	int st = 0;
	pid_t pid = fork();

	if (pid == 0) {
		if (nofile() != FEW_FDS)
			_exit(3);
		execl("/proc/self/exe", "rlimits", "--child", (char *)NULL);
		_exit(4);
	}
	fact("the child and its exec keep the limit", waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	     WEXITSTATUS(st) == 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--child") == 0)
		return nofile() == FEW_FDS ? 0 : 5;
	set_and_get();
	nofile_bounds();
	proc_limits();
	inherited();
	printf("rlimits: %s\n", failures ? "FAILED" : "ok");
	return 0;
}
