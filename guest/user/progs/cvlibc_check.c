/* cvlibc_check: checks cvlibc's own functions and the system calls behind
 * them; prints one line per failed check and a closing summary line, and
 * exits 0 when every check passed. */
#include <cvlibc.h>

static int passed, failed;

/* Records one check; prints it when it failed. */
static void check(int ok, const char *what, int line)
{
	if (ok) {
		passed++;
	} else {
		failed++;
		printf("FAIL line %d: %s (errno %d)\n", line, what, errno);
	}
}

#define CHECK(cond) check((cond), #cond, __LINE__)

/* True when snprintf(FMT, ...) gives exactly WANT. */
static int fmt_is(const char *want, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* snprintf through vsnprintf, compared with WANT. */
static int fmt_is(const char *want, const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n != (int)strlen(want) || strcmp(buf, want) != 0) {
		printf("  got \"%s\" want \"%s\"\n", buf, want);
		return 0;
	}
	return 1;
}

/* printf conversions, flags, widths and precision. */
static void check_printf(void)
{
	char small[6];
	const char *volatile null = NULL;

	CHECK(fmt_is("42 -7 +5", "%d %i %+d", 42, -7, 5));
	CHECK(fmt_is("4294967295 ffffffff FFFFFFFF", "%u %x %X", -1u, -1u, -1u));
	CHECK(fmt_is("-2147483648", "%d", (int)0x80000000));
	CHECK(fmt_is("18446744073709551615", "%llu", ~0ULL));
	CHECK(fmt_is("-9223372036854775808", "%lld", (long long)(1ULL << 63)));
	CHECK(fmt_is("123456789abcdef0", "%llx", 0x123456789abcdef0ULL));
	CHECK(fmt_is("-5 7 ff", "%ld %lu %lx", -5L, 7UL, 255UL));
	CHECK(fmt_is("12", "%zu", sizeof(int) * 3));
	CHECK(fmt_is("0x1000", "%p", (void *)0x1000));
	CHECK(fmt_is("[   ab][ab   ][00042][-0042]", "[%5s][%-5s][%05d][%05d]",
		     "ab", "ab", 42, -42));
	CHECK(fmt_is("[abc][ abc][(null)]", "[%.3s][%4.3s][%s]", "abcdef", "abcdef",
		     null));
	CHECK(fmt_is("xc%%", "x%c%%%%", 'c'));
	CHECK(fmt_is("[  7][7  ][0x1f][017]", "[%*d][%-*d][%#x][%#o]", 3, 7, 3, 7, 31, 15));
	CHECK(snprintf(small, sizeof(small), "%s", "truncated") == 9);
	CHECK(strcmp(small, "trunc") == 0);
}

/* String functions and number parsing. */
static void check_strings(void)
{
	char buf[16], *end;

	CHECK(strlen("") == 0 && strlen("abc") == 3);
	CHECK(strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0 && strcmp("x", "x") == 0);
	CHECK(strncmp("abcx", "abcy", 3) == 0 && strncmp("ab", "abc", 3) < 0);
	CHECK(strcmp(strcpy(buf, "copy"), "copy") == 0);
	CHECK(strchr("hello", 'l') - "hello" >= 0 && *strchr("hello", 'l') == 'l');
	CHECK(strchr("hello", 'z') == NULL && strchr("hi", '\0') != NULL);
	CHECK(strrchr("a/b/c", '/') != NULL && strcmp(strrchr("a/b/c", '/'), "/c") == 0);
	CHECK(strstr("haystack", "st") != NULL && strcmp(strstr("haystack", "st"), "stack") == 0);
	CHECK(strstr("abc", "") != NULL && strstr("abc", "d") == NULL);
	memset(buf, 'x', sizeof(buf));
	memcpy(buf, "0123456789", 10);
	memmove(buf + 2, buf, 8);
	CHECK(memcmp(buf, "0101234567", 10) == 0);
	memmove(buf, buf + 2, 8);
	CHECK(memcmp(buf, "0123456767", 10) == 0);
	CHECK(atoi("  -123xyz") == -123 && atoi("+7") == 7);
	CHECK(strtol("0x1F", &end, 0) == 31 && *end == '\0');
	CHECK(strtol("017", NULL, 0) == 15 && strtol("z", &end, 36) == 35);
	errno = 0;
	CHECK(strtol("99999999999", NULL, 10) == LONG_MAX && errno == ERANGE);
	errno = 0;
	CHECK(strtol("-2147483648", NULL, 10) == LONG_MIN && errno == 0);
	CHECK(strtol("abc", &end, 10) == 0);
}

/* The heap: many blocks, reuse after free, calloc, realloc. */
static void check_malloc(void)
{
	enum { N = 512 };
	unsigned char *blocks[N], *p, *q;
	int i, j, ok = 1;

	for (i = 0; i < N; i++) {
		blocks[i] = malloc((size_t)(i % 37) * 100 + 1);
		if (!blocks[i] || ((uintptr_t)blocks[i] & 15)) {
			ok = 0;
			break;
		}
		memset(blocks[i], i & 0xff, (size_t)(i % 37) * 100 + 1);
	}
	CHECK(ok);
	for (i = 0; ok && i < N; i++)
		for (j = 0; j < (i % 37) * 100 + 1; j++)
			if (blocks[i][j] != (i & 0xff))
				ok = 0;
	CHECK(ok);
	for (i = 0; i < N; i += 2)
		free(blocks[i]);
	for (i = 1; i < N; i += 2)
		free(blocks[i]);
	p = malloc(1 << 20);
	CHECK(p != NULL);
	p[0] = 1;
	p[(1 << 20) - 1] = 2;
	q = realloc(p, 3 << 20);
	CHECK(q != NULL && q[0] == 1 && q[(1 << 20) - 1] == 2);
	free(q);
	p = calloc(1000, 4);
	ok = p != NULL;
	for (i = 0; ok && i < 4000; i++)
		if (p[i])
			ok = 0;
	CHECK(ok);
	free(p);
	CHECK(malloc(0x80000000u) == NULL && errno == ENOMEM);
	CHECK(calloc(0x10000, 0x10000) == NULL);
}

/* mmap, mprotect and munmap of anonymous memory. */
static void check_mmap(void)
{
	size_t len = 1 << 20, i;
	unsigned char *p;
	int ok = 1;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 7);
	for (i = 0; i < len; i++)
		if (p[i] != (unsigned char)(i * 7))
			ok = 0;
	CHECK(ok);
	CHECK(mprotect(p, 4096, PROT_READ) == 0);
	CHECK(munmap(p, len) == 0);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 5) == MAP_FAILED &&
	      errno == EINVAL);
}

/* Files: open, write, lseek, read, fstat, stat, unlink; a directory read. */
static void check_files(void)
{
	const char *path = "/tmp/cvlibc_check.tmp";
	struct stat st;
	char buf[64], dents[1024];
	int fd, n;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		printf("skip files: cannot create %s\n", path);
		return;
	}
	CHECK(write(fd, "hello file\n", 11) == 11);
	CHECK(lseek(fd, 6, SEEK_SET) == 6);
	CHECK(read(fd, buf, sizeof(buf)) == 5 && memcmp(buf, "file\n", 5) == 0);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 11 && S_ISREG(st.st_mode));
	CHECK(stat(path, &st) == 0 && st.st_size == 11);
	CHECK(close(fd) == 0);
	CHECK(unlink(path) == 0);
	CHECK(stat(path, &st) < 0 && errno == ENOENT);
	CHECK(close(fd) < 0 && errno == EBADF);
	fd = open("/", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0);
	n = getdents64(fd, dents, sizeof(dents));
	CHECK(n > 0 && ((struct linux_dirent64 *)dents)->d_reclen > 0);
	close(fd);
	CHECK(getcwd(buf, sizeof(buf)) != NULL && buf[0] == '/');
}

static volatile int got_signal;

/* SIGUSR1 handler for check_signals. */
static void on_usr1(int sig)
{
	got_signal = sig;
}

static volatile int got_info_signo;

/* SIGUSR2 handler with SA_SIGINFO for check_signals. */
static void on_usr2(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	got_signal = sig;
	got_info_signo = info->si_signo;
}

/* sigaction with cvlibc's restorers, and blocking through sigprocmask. */
static void check_signals(void)
{
	struct sigaction sa, old;
	sigset_t set, prev;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	CHECK(sigaction(SIGUSR1, &sa, &old) == 0);
	CHECK(raise(SIGUSR1) == 0 && got_signal == SIGUSR1);
	got_signal = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigismember(&set, SIGUSR1) == 1 && sigismember(&set, SIGUSR2) == 0);
	CHECK(sigprocmask(SIG_BLOCK, &set, &prev) == 0);
	raise(SIGUSR1);
	CHECK(got_signal == 0);
	CHECK(sigprocmask(SIG_SETMASK, &prev, NULL) == 0);
	CHECK(got_signal == SIGUSR1);
	CHECK(sigaction(SIGUSR1, &old, NULL) == 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr2;
	sa.sa_flags = SA_SIGINFO;
	got_signal = 0;
	CHECK(sigaction(SIGUSR2, &sa, NULL) == 0);
	CHECK(raise(SIGUSR2) == 0 && got_signal == SIGUSR2 && got_info_signo == SIGUSR2);
	CHECK(sigaction(SIGUSR2, NULL, &old) == 0 && old.sa_sigaction == on_usr2 &&
	      (old.sa_flags & SA_SIGINFO));
	CHECK(signal(SIGUSR2, SIG_DFL) != SIG_ERR);
	CHECK(sigaction(SIGKILL, &sa, NULL) < 0 && errno == EINVAL);
}

/* fork, vfork, pipe, wait and exit statuses. */
static void check_processes(void)
{
	int fds[2], status = 0;
	char c = 0;
	pid_t pid;

	CHECK(pipe(fds) == 0);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		write(fds[1], "k", 1);
		_exit(getppid() > 0 ? 7 : 8);
	}
	CHECK(pid > 0);
	close(fds[1]);
	CHECK(read(fds[0], &c, 1) == 1 && c == 'k');
	close(fds[0]);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 7);
	pid = vfork();
	if (pid == 0)
		_exit(9);
	CHECK(pid > 0 && wait(&status) == pid && WEXITSTATUS(status) == 9);
	pid = fork();
	if (pid == 0) {
		kill(getpid(), SIGTERM);
		_exit(0);
	}
	CHECK(wait4(pid, &status, 0, NULL) == pid && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGTERM);
	CHECK(wait(&status) < 0 && errno == ECHILD);
}

/* Clocks, uname, sched_yield, brk, the generic syscall() and cv_snapshot. */
static void check_misc(void)
{
	struct timespec a, b, nap = { 0, 1000000 };
	struct timeval tv;
	struct utsname u;
	char *br;

	CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0 && clock_gettime(CLOCK_MONOTONIC, &b) == 0);
	CHECK(b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));
	CHECK(gettimeofday(&tv, NULL) == 0 && tv.tv_sec > 0);
	CHECK(nanosleep(&nap, NULL) == 0);
	CHECK(uname(&u) == 0 && u.sysname[0] != '\0');
	CHECK(sched_yield() == 0);
	br = sbrk(0);
	CHECK(br != (void *)-1 && sbrk(8192) == br && sbrk(0) == br + 8192);
	CHECK(brk(br) == 0 && sbrk(0) == br);
	CHECK(syscall(SYS_getpid) == getpid());
	CHECK(syscall(9999) == -1 && errno == ENOSYS);
	CHECK(getenv("CVLIBC_NO_SUCH_VARIABLE") == NULL);
	/* Outside cowvisor (or without statistics) the call is unknown. */
	CHECK(cv_snapshot("cvlibc_check") >= 0 || errno == ENOSYS);
}

/* Entry point. */
int main(void)
{
	check_printf();
	check_strings();
	check_malloc();
	check_mmap();
	check_files();
	check_signals();
	check_processes();
	check_misc();
	printf("cvlibc_check: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
