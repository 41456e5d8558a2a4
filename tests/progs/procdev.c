/* procdev: /dev and /proc as Linux defines them, each case checked against
 * what the process knows of itself (its pid, its memory, its descriptors),
 * never against fixed numbers. Prints one line per case and
 *   procdev: N of M cases as expected
 * exiting 0 when all are. Under --stats-json it takes snapshots "start" and
 * "end" around the cases. "procdev --exec-child" (run through
 * /proc/self/exe) exits 42 when its name (comm) is "exe", as Linux names it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../shared/syscall.h"
#include "cases.h"

#define EXEC_CHILD_STATUS 42
#define STAT_FIELDS 52

static char text_buf[65536];

/* The whole of a (/proc) file as a string in text_buf; NULL on an error. */
static char *slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	size_t len = 0;
	ssize_t n;

	if (fd < 0)
		return NULL;
	while ((n = read(fd, text_buf + len, sizeof(text_buf) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	if (n < 0)
		return NULL;
	text_buf[len] = '\0';
	return text_buf;
}

/* Plain string helpers: glibc's own (SSE) string functions cost a trap
 * each per SSE instruction on kvm-pvm, which made this program crawl. */

/* Do a and b hold the same string? */
static int eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* Does text start with prefix? */
static int starts(const char *text, const char *prefix)
{
	while (*prefix && *text == *prefix)
		text++, prefix++;
	return *prefix == '\0';
}

/* The first place needle occurs in text, or NULL. */
static const char *find(const char *text, const char *needle)
{
	for (; *text; text++)
		if (starts(text, needle))
			return text;
	return NULL;
}

/* The number (base 10 or 16) at *p after spaces; *p moves past it. */
static unsigned long num(const char **p, int base)
{
	unsigned long v = 0;

	while (**p == ' ' || **p == '\t')
		(*p)++;
	for (;; (*p)++) {
		int c = **p, d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 99;
		if (d >= base)
			return v;
		v = v * (unsigned long)base + (unsigned long)d;
	}
}

/* Is st a character device with this major and minor? */
static int is_chr(const struct stat *st, unsigned maj, unsigned min)
{
	return S_ISCHR(st->st_mode) && major(st->st_rdev) == maj && minor(st->st_rdev) == min;
}

/* /dev/null: reads end at once, writes all go; stat and fstat say 1,3. */
static int dev_null(void)
{
	char buf[16] = "x";
	struct stat st, fst;
	int fd = open("/dev/null", O_RDWR);

	return fd >= 0 && read(fd, buf, sizeof(buf)) == 0 && buf[0] == 'x' &&
	       write(fd, buf, sizeof(buf)) == sizeof(buf) && stat("/dev/null", &st) == 0 &&
	       fstat(fd, &fst) == 0 && is_chr(&st, 1, 3) && is_chr(&fst, 1, 3) &&
	       (st.st_mode & 0777) == 0666;
}

/* /dev/zero: reads give zeros over what was there; 1,5. */
static int dev_zero(void)
{
	char buf[10000];
	struct stat st;
	int fd = open("/dev/zero", O_RDONLY);

	memset(buf, 0xff, sizeof(buf));
	if (fd < 0 || read(fd, buf, sizeof(buf)) != sizeof(buf) || fstat(fd, &st) || !is_chr(&st, 1, 5))
		return 0;
	for (size_t i = 0; i < sizeof(buf); i++)
		if (buf[i])
			return 0;
	return 1;
}

/* mmap of /dev/zero: private is anonymous memory, shared is seen by a child's writes. */
static int dev_zero_mmap(void)
{
	int fd = open("/dev/zero", O_RDWR), status;
	char *priv, *shared;
	pid_t pid;

	if (fd < 0)
		return 0;
	priv = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	shared = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (priv == MAP_FAILED || shared == MAP_FAILED || priv[100] || shared[5000])
		return 0;
	priv[100] = 1;
	if ((pid = fork()) == 0) {
		shared[5000] = 7;
		priv[100] = 9;
		_exit(0);
	}
	return waitpid(pid, &status, 0) == pid && shared[5000] == 7 && priv[100] == 1;
}

/* /dev/full: writes fail with ENOSPC, reads give zeros; 1,7. */
static int dev_full(void)
{
	char buf[8] = "abcdefg";
	struct stat st;
	int fd = open("/dev/full", O_RDWR);

	return fd >= 0 && write(fd, buf, sizeof(buf)) == -1 && errno == ENOSPC &&
	       read(fd, buf, sizeof(buf)) == sizeof(buf) && buf[0] == 0 && buf[7] == 0 &&
	       fstat(fd, &st) == 0 && is_chr(&st, 1, 7);
}

/* /dev/urandom and /dev/random: two reads differ; 1,9 and 1,8. */
static int dev_random(void)
{
	unsigned char a[32], b[32];
	struct stat su, sr;
	int fd = open("/dev/urandom", O_RDONLY), fr = open("/dev/random", O_RDONLY);

	return fd >= 0 && fr >= 0 && read(fd, a, sizeof(a)) == sizeof(a) &&
	       read(fr, b, sizeof(b)) == sizeof(b) && memcmp(a, b, sizeof(a)) != 0 &&
	       fstat(fd, &su) == 0 && fstat(fr, &sr) == 0 && is_chr(&su, 1, 9) && is_chr(&sr, 1, 8);
}

/* /dev/console (5,1) opens and takes writes; /dev/tty (5,0) is there but
 * says ENXIO: the console is no terminal here (no tty=on), so it controls
 * no one. */
static int dev_tty(void)
{
	struct stat st, sc;
	int fc = open("/dev/console", O_WRONLY);

	return open("/dev/tty", O_WRONLY) < 0 && errno == ENXIO && fc >= 0 && write(fc, "", 0) == 0 &&
	       fstat(fc, &sc) == 0 && is_chr(&sc, 5, 1) && stat("/dev/tty", &st) == 0 && is_chr(&st, 5, 0);
}

/* A pipe read through /dev/fd/N and /proc/self/fd/N: a new descriptor on
 * the same pipe; readlink says pipe:[inode] with fstat's inode. */
static int dev_fd_pipe(void)
{
	char path[64], link[64], want[64], buf[16] = { 0 };
	struct stat st;
	int p[2], fd, wfd;

	if (pipe(p) || write(p[1], "hello", 5) != 5 || fstat(p[0], &st))
		return 0;
	snprintf(path, sizeof(path), "/dev/fd/%d", p[0]);
	if ((fd = open(path, O_RDONLY)) < 0 || fd == p[0] || read(fd, buf, 5) != 5 || strcmp(buf, "hello"))
		return 0;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[1]);
	if ((wfd = open(path, O_WRONLY)) < 0 || write(wfd, "again", 5) != 5 ||
	    read(p[0], buf, 5) != 5 || memcmp(buf, "again", 5))
		return 0;
	snprintf(want, sizeof(want), "pipe:[%lu]", (unsigned long)st.st_ino);
	memset(link, 0, sizeof(link));
	if (readlink(path, link, sizeof(link) - 1) < 0 || strcmp(link, want))
		return 0;
	close(p[1]);
	close(wfd);
	return read(fd, buf, 1) == 0; /* every write end closed: EOF */
}

/* /dev/stdin, /dev/stdout, /dev/stderr lead to fds 0, 1, 2. */
static int dev_std_links(void)
{
	char link[64] = { 0 };
	struct stat a, b;

	return readlink("/dev/stdout", link, sizeof(link) - 1) > 0 && strcmp(link, "/proc/self/fd/1") == 0 &&
	       stat("/dev/stderr", &a) == 0 && fstat(2, &b) == 0 && a.st_ino == b.st_ino &&
	       a.st_mode == b.st_mode;
}

/* /proc/self/exe: a link to the program, which can be stat'ed and run
 * (the new program's name is then "exe"). */
static int proc_self_exe(void)
{
	char exe[4096] = { 0 };
	struct stat a, b;
	int status;
	pid_t pid;

	if (readlink("/proc/self/exe", exe, sizeof(exe) - 1) <= 0 || exe[0] != '/' ||
	    stat(exe, &a) || stat("/proc/self/exe", &b) || a.st_ino != b.st_ino)
		return 0;
	if ((pid = fork()) == 0) {
		execl("/proc/self/exe", "procdev", "--exec-child", (char *)NULL);
		_exit(1);
	}
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == EXEC_CHILD_STATUS;
}

/* The basename of the program (what comm starts as), cut to 15 bytes. */
static void exe_comm(char comm[16])
{
	char exe[4096] = { 0 };
	const char *base;

	readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	base = strrchr(exe, '/') ? strrchr(exe, '/') + 1 : exe;
	snprintf(comm, 16, "%s", base);
}

/* /proc/self/stat: 52 fields; pid, comm, state, ppid, pgrp, vsize, rss
 * and the argument area as the process knows them. */
static int proc_stat(void)
{
	char comm[16], want[64], *s = slurp("/proc/self/stat");
	unsigned long f[STAT_FIELDS + 1] = { 0 };
	const char *p;
	int n = 3; /* pid, comm and state read; ppid comes next */

	exe_comm(comm);
	snprintf(want, sizeof(want), "%d (%s) R ", getpid(), comm);
	if (s == NULL || !starts(s, want))
		return 0;
	for (p = s + strlen(want); *p && *p != '\n'; n++) {
		unsigned long v = num(&p, 10);
		if (*p != ' ' && *p != '\n')
			return 0;
		if (n + 1 <= STAT_FIELDS)
			f[n + 1] = v;
		p += *p == ' ';
	}
	return n == STAT_FIELDS && (pid_t)f[4] == getppid() && (pid_t)f[5] == getpgrp() &&
	       f[23] > 0 && f[24] > 0 && f[28] > (unsigned long)&n && f[28] - (unsigned long)&n < (8ul << 20) &&
	       f[48] < f[49] && f[49] <= f[50];
}

/* The number after "name:" in text, or -1. */
static long field(const char *text, const char *name)
{
	const char *at = find(text, name);

	if (at == NULL)
		return -1;
	at += strlen(name);
	return (long)num(&at, 10);
}

/* /proc/self/status: Name, State, Pid, PPid, VmRSS below VmSize. */
static int proc_status(void)
{
	char comm[16], want[64], *s = slurp("/proc/self/status");

	exe_comm(comm);
	snprintf(want, sizeof(want), "Name:\t%s\n", comm);
	return s && starts(s, want) && find(s, "\nState:\tR (running)\n") &&
	       field(s, "\nPid:") == getpid() && field(s, "\nPPid:") == getppid() &&
	       field(s, "\nVmRSS:") > 0 && field(s, "\nVmRSS:") < field(s, "\nVmSize:") &&
	       field(s, "\nThreads:") == 1;
}

/* /proc/self/statm's seven numbers into v; 1 when there are exactly seven. */
static int read_statm(unsigned long v[7])
{
	const char *p = slurp("/proc/self/statm");
	int n = 0;

	for (; p && *p && *p != '\n' && n < 7; n++) {
		v[n] = num(&p, 10);
		if (*p != ' ' && *p != '\n')
			return 0;
		p += *p == ' ';
	}
	return p && n == 7 && eq(p, "\n");
}

/* A status line's kB as pages. */
static long status_pages(const char *s, const char *name)
{
	long kb = field(s, name);

	return kb < 0 ? -1 : kb / 4;
}

/* statm v agrees with status s: size = VmSize, resident = VmRSS, shared =
 * RssFile + RssShmem, data = VmData + VmStk, lib and dt 0, text within size. */
static int statm_matches_status(const unsigned long v[7], const char *s)
{
	return (long)v[0] == status_pages(s, "\nVmSize:") && (long)v[1] == status_pages(s, "\nVmRSS:") &&
	       (long)v[2] == status_pages(s, "\nRssFile:") + status_pages(s, "\nRssShmem:") &&
	       (long)v[5] == status_pages(s, "\nVmData:") + status_pages(s, "\nVmStk:") &&
	       v[3] > 0 && v[3] < v[0] && v[4] == 0 && v[6] == 0 && v[1] > 0 && v[1] < v[0];
}

/* /proc/self/statm: Linux's seven numbers in pages, the same sums as
 * status's (read between two reads of status: its buffer is touched
 * already); 16 pages mapped and written add 16 to size and data, at
 * least 16 to resident. */
static int proc_statm(void)
{
	unsigned long before[7], after[7];
	char *mem;

	if (slurp("/proc/self/status") == NULL || !read_statm(before) ||
	    !statm_matches_status(before, slurp("/proc/self/status")))
		return 0;
	mem = mmap(NULL, 16 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return 0;
	memset(mem, 1, 16 * 4096);
	if (!read_statm(after) || !statm_matches_status(after, slurp("/proc/self/status")))
		return 0;
	return after[0] == before[0] + 16 && after[1] >= before[1] + 16 && /* memset's code may come in */
	       after[5] == before[5] + 16 && after[3] == before[3];
}

/* /proc/self/cmdline: the arguments, NUL-separated. */
static char **saved_argv;
static int proc_cmdline(void)
{
	char *s = slurp("/proc/self/cmdline"), *at = s;

	if (s == NULL)
		return 0;
	for (char **a = saved_argv; *a; a++) {
		if (!eq(at, *a))
			return 0;
		at += strlen(*a) + 1;
	}
	return *at == '\0';
}

/* Listing /proc: self, meminfo, this process and its parent. */
static int proc_list(void)
{
	char me[16], parent[16];
	int seen = 0;
	struct dirent *d;
	DIR *dir = opendir("/proc");

	snprintf(me, sizeof(me), "%d", getpid());
	snprintf(parent, sizeof(parent), "%d", getppid());
	if (dir == NULL)
		return 0;
	while ((d = readdir(dir)) != NULL) {
		seen |= eq(d->d_name, "self") ? 1 : 0;
		seen |= eq(d->d_name, "meminfo") ? 2 : 0;
		seen |= eq(d->d_name, me) && d->d_type == DT_DIR ? 4 : 0;
		seen |= eq(d->d_name, parent) ? 8 : 0;
	}
	closedir(dir);
	return seen == 15;
}

/* Listing /proc/self/fd: an entry for an fd opened for it, none for a closed one. */
static int proc_fd_list(void)
{
	char name[16];
	int fd = open("/dev/null", O_RDONLY), seen = 0;
	struct dirent *d;
	DIR *dir;

	snprintf(name, sizeof(name), "%d", fd);
	close(fd + 1);
	if (fd < 0 || (dir = opendir("/proc/self/fd")) == NULL)
		return 0;
	while ((d = readdir(dir)) != NULL) {
		char other[16];
		snprintf(other, sizeof(other), "%d", fd + 1);
		seen |= strcmp(d->d_name, name) == 0 && d->d_type == DT_LNK ? 1 : 0;
		seen |= strcmp(d->d_name, other) == 0 ? 2 : 0;
	}
	closedir(dir);
	return seen == 1 || seen == 3; /* fd + 1 is the directory's own descriptor, if open */
}

/* lstat of /proc entries as Linux gives it: an fd link's size is 64, the
 * fd directory's the number of open descriptors (Linux 6.2 on), and the
 * times are when the entry was made (now), not 1970. */
static int proc_fd_stat(void)
{
	struct stat l, d, s;
	int fd = open("/dev/null", O_RDONLY), n = 0;
	char path[32];

	for (int i = 0; i < 1024; i++)
		n += fcntl(i, F_GETFD) >= 0;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return fd >= 0 && lstat(path, &l) == 0 && l.st_size == 64 && stat("/proc/self/fd", &d) == 0 &&
	       d.st_size == n && stat("/proc/self/stat", &s) == 0 && s.st_mtime > time(NULL) - 86400 &&
	       close(fd) == 0;
}

/* The maps line holding address a: its permissions and name. */
static int maps_line(const char *maps, uintptr_t a, char perms[5], char name[256])
{
	for (const char *p = maps; *p;) {
		unsigned long lo = num(&p, 16), hi;
		size_t n = 0;
		if (*p++ != '-')
			return 0;
		hi = num(&p, 16);
		memcpy(perms, p + 1, 4);
		perms[4] = '\0';
		p += 5;
		num(&p, 16); /* offset */
		num(&p, 16); /* device major */
		if (*p++ != ':')
			return 0;
		num(&p, 16); /* minor */
		num(&p, 10); /* inode */
		while (*p == ' ')
			p++;
		while (*p && *p != '\n' && n < 255)
			name[n++] = *p++;
		name[n] = '\0';
		while (*p && *p++ != '\n')
			;
		if (a >= lo && a < hi)
			return 1;
	}
	return 0;
}

/* /proc/self/maps: the code of this function in the program's r-x
 * mapping, the heap grown by brk in [heap], a local in [stack]. */
static int proc_maps(void)
{
	char exe[4096] = { 0 }, perms[5], name[256], *maps;
	uintptr_t brk0 = (uintptr_t)syscall(SYS_brk, 0);
	int local = 0;

	if (syscall(SYS_brk, brk0 + 8192) != (long)(brk0 + 8192))
		return 0;
	*(volatile char *)brk0 = 1;
	readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if ((maps = slurp("/proc/self/maps")) == NULL)
		return 0;
	if (!maps_line(maps, (uintptr_t)proc_maps, perms, name) || !eq(perms, "r-xp") || !eq(name, exe))
		return 0;
	if (!maps_line(maps, brk0, perms, name) || !eq(perms, "rw-p") || !eq(name, "[heap]"))
		return 0;
	return maps_line(maps, (uintptr_t)&local, perms, name) && eq(perms, "rw-p") && eq(name, "[stack]");
}

/* prctl: PR_SET_NAME keeps 15 bytes, seen by PR_GET_NAME, comm and stat;
 * PR_SET_PDEATHSIG round trip; an unknown option is EINVAL. */
static int prctl_names(void)
{
	char name[16] = { 0 }, *s;
	int sig = 0;

	if (prctl(PR_SET_NAME, "procdev-renamed-longer", 0, 0, 0) || prctl(PR_GET_NAME, name, 0, 0, 0) ||
	    strcmp(name, "procdev-renamed"))
		return 0;
	if ((s = slurp("/proc/self/comm")) == NULL || !eq(s, "procdev-renamed\n"))
		return 0;
	if ((s = slurp("/proc/self/stat")) == NULL || !find(s, " (procdev-renamed) "))
		return 0;
	if (prctl(PR_SET_PDEATHSIG, SIGUSR1, 0, 0, 0) || prctl(PR_GET_PDEATHSIG, &sig, 0, 0, 0) ||
	    sig != SIGUSR1)
		return 0;
	return prctl(0x7fff, 0, 0, 0, 0) == -1 && errno == EINVAL;
}

/* A child asked for SIGUSR1 at its parent's death gets it when the parent
 * exits: the grandchild's end of the "alive" pipe closes with its death. */
static int pdeathsig(void)
{
	int ready[2], alive[2], status;
	char c = 0;
	pid_t mid;

	if (pipe(ready) || pipe(alive) || (mid = fork()) < 0)
		return 0;
	if (mid == 0) {
		if (fork() == 0) {
			signal(SIGUSR1, SIG_DFL);
			prctl(PR_SET_PDEATHSIG, SIGUSR1, 0, 0, 0);
			write(ready[1], "r", 1);
			pause(); /* ends by SIGUSR1 when mid has gone */
			_exit(0);
		}
		close(ready[1]);
		read(ready[0], &c, 1); /* the grandchild has set its signal */
		_exit(0);
	}
	close(ready[0]);
	close(ready[1]);
	close(alive[1]);
	while (read(alive[0], &c, 1) > 0) /* EOF: the grandchild has ended */
		;
	return waitpid(mid, &status, 0) == mid;
}

/* /proc/meminfo agrees with sysinfo; /proc/uptime lies between two of its uptimes. */
static int proc_meminfo_uptime(void)
{
	struct sysinfo si;
	char *s = slurp("/proc/meminfo");
	long total = field(s ? s : "", "MemTotal:"), free = field(s ? s : "", "MemFree:");
	long up, before;
	const char *p;

	if (sysinfo(&si) || total != (long)((unsigned long long)si.totalram * si.mem_unit / 1024) ||
	    free <= 0 || free > total || field(s, "SwapTotal:") != 0)
		return 0;
	if ((p = slurp("/proc/uptime")) == NULL || (up = (long)num(&p, 10), *p != '.'))
		return 0;
	before = (long)si.uptime;
	sysinfo(&si);
	return before <= up && up <= (long)si.uptime; /* whole seconds, read before and after */
}

/* /proc/loadavg names a last pid at least ours; mounts has /proc;
 * version and cpuinfo have Linux's shape. */
static int proc_system_files(void)
{
	const char *p = slurp("/proc/loadavg");
	unsigned long run, all, last;

	if (p == NULL)
		return 0;
	for (int i = 0; i < 3; i++) { /* three loads: digits '.' two digits */
		num(&p, 10);
		if (*p != '.' || p[1] < '0' || p[1] > '9' || p[2] < '0' || p[2] > '9' || p[3] != ' ')
			return 0;
		p += 3;
	}
	run = num(&p, 10);
	if (*p++ != '/')
		return 0;
	all = num(&p, 10);
	last = num(&p, 10);
	if (*p != '\n' || run < 1 || all < run || last < (unsigned long)getpid())
		return 0;
	if ((p = slurp("/proc/mounts")) == NULL || !find(p, "proc /proc proc "))
		return 0;
	if ((p = slurp("/proc/version")) == NULL || !starts(p, "Linux version "))
		return 0;
	return (p = slurp("/proc/cpuinfo")) != NULL && starts(p, "processor\t: 0\n") &&
	       find(p, "\nflags\t\t:") != NULL;
}

/* A pid that is not there: ENOENT; writing a /proc file: refused. */
static int proc_missing(void)
{
	char path[64];
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(0);
	waitpid(pid, &status, 0); /* reaped: its pid is free */
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	return open(path, O_RDONLY) == -1 && errno == ENOENT &&
	       open("/proc/self/stat", O_WRONLY) == -1 && errno == EACCES;
}

/* /proc/self/status shows the umask set and the process's own ids. */
static int proc_status_ids(void)
{
	mode_t old = umask(027);
	char *s = slurp("/proc/self/status");
	int ok = s && find(s, "\nUmask:\t0027\n") && field(s, "\nUid:") == (long)getuid() &&
		 field(s, "\nGid:") == (long)getgid();

	umask(old);
	return ok;
}

/* Nothing is made, removed or renamed in /proc (procfs's errors); /proc
 * itself is a busy mount point. */
static int proc_immutable(void)
{
	return open("/proc/procdev_new", O_CREAT | O_WRONLY, 0644) == -1 && errno == ENOENT &&
	       mkdir("/proc/self/procdev_dir", 0755) == -1 && errno == ENOENT &&
	       mkdir("/proc/self", 0755) == -1 && errno == EEXIST &&
	       unlink("/proc/meminfo") == -1 && errno == EPERM &&
	       rename("/proc/meminfo", "/proc/procdev_x") == -1 && errno == ENOENT &&
	       rename("/proc/meminfo", "/procdev_x") == -1 && errno == EXDEV &&
	       rmdir("/proc") == -1 && errno == EBUSY &&
	       chmod("/proc/meminfo", 0666) == -1 && errno == EPERM;
}

/* /proc/self/fd/N of a socket: "socket:[ino]" with fstat's inode, not opened by path. */
static int proc_fd_socket(void)
{
	char path[64], link[64], want[64];
	struct stat st;
	int sv[2], ok;
	ssize_t n;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", sv[0]);
	n = readlink(path, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	ok = fstat(sv[0], &st) == 0 && S_ISSOCK(st.st_mode);
	snprintf(want, sizeof(want), "socket:[%lu]", (unsigned long)st.st_ino);
	ok = ok && eq(link, want) && open(path, O_RDWR) == -1 && errno == ENXIO;
	close(sv[0]);
	close(sv[1]);
	return ok;
}

/* poll: /dev/null and /dev/zero are always ready both ways. */
static int dev_poll(void)
{
	struct pollfd p[2] = { { open("/dev/null", O_RDWR), POLLIN | POLLOUT, 0 },
			       { open("/dev/zero", O_RDWR), POLLIN | POLLOUT, 0 } };
	int ok = p[0].fd >= 0 && p[1].fd >= 0 && poll(p, 2, -1) == 2 &&
		 p[0].revents == (POLLIN | POLLOUT) && p[1].revents == (POLLIN | POLLOUT);

	close(p[0].fd);
	close(p[1].fd);
	return ok;
}

/* syslog: a buffer size, a read of it all, and EINVAL for nonsense. */
static int syslog_calls(void)
{
	long size = syscall(SYS_syslog, 10, NULL, 0), got;
	char *buf;

	if (size <= 0 || (buf = malloc((size_t)size)) == NULL)
		return 0;
	got = syscall(SYS_syslog, 3, buf, size);
	return got >= 0 && got <= size && syscall(SYS_syslog, 99, buf, size) == -1 && errno == EINVAL &&
	       syscall(SYS_syslog, 3, NULL, size) == -1 && errno == EINVAL;
}

static const struct prog_case cases[] = {
	{ "/dev/null", dev_null, 0 },
	{ "/dev/zero", dev_zero, 0 },
	{ "/dev/zero mmap private and shared", dev_zero_mmap, 0 },
	{ "/dev/full", dev_full, 0 },
	{ "/dev/random and /dev/urandom", dev_random, 0 },
	{ "/dev/tty and /dev/console", dev_tty, 0 },
	{ "/dev/fd/N of a pipe", dev_fd_pipe, 0 },
	{ "/dev/stdout, /dev/stderr", dev_std_links, 0 },
	{ "/proc/self/exe readlink and exec", proc_self_exe, 0 },
	{ "/proc/self/stat", proc_stat, 0 },
	{ "/proc/self/status", proc_status, 0 },
	{ "/proc/self/statm", proc_statm, 0 },
	{ "/proc/self/cmdline", proc_cmdline, 0 },
	{ "/proc listing", proc_list, 0 },
	{ "/proc/self/fd listing", proc_fd_list, 0 },
	{ "/proc/self/fd sizes, /proc times", proc_fd_stat, 0 },
	{ "/proc/self/maps", proc_maps, 0 },
	{ "prctl names and PDEATHSIG", prctl_names, 0 },
	{ "PDEATHSIG delivered", pdeathsig, 0 },
	{ "/proc/meminfo and /proc/uptime", proc_meminfo_uptime, 0 },
	{ "/proc/loadavg, mounts, version, cpuinfo", proc_system_files, 0 },
	{ "/proc of a reaped pid; writing /proc", proc_missing, 0 },
	{ "syslog", syslog_calls, 0 },
	{ "/proc/self/status Umask, Uid, Gid", proc_status_ids, 0 },
	{ "/proc: nothing made, removed or renamed", proc_immutable, 0 },
	{ "/proc/self/fd/N of a socket", proc_fd_socket, 0 },
	{ "poll /dev/null and /dev/zero", dev_poll, 0 },
};

int main(int argc, char **argv)
{
	int n = sizeof(cases) / sizeof(cases[0]), good = 0;

	if (argc > 1 && strcmp(argv[1], "--exec-child") == 0) /* named for the path run: "exe" */
		return slurp("/proc/self/comm") && eq(text_buf, "exe\n") ? EXEC_CHILD_STATUS : 1;
	saved_argv = argv;
	printf("procdev: %d cases\n", n); /* stdout's buffer exists before the audit starts */
	fflush(stdout);
	syscall(CV_SYS_SNAPSHOT, "start"); /* statistics runs audit from here (ENOSYS without) */
	for (int i = 0; i < n; i++)
		good += case_run(&cases[i]);
	syscall(CV_SYS_SNAPSHOT, "end");
	printf("procdev: %d of %d cases as expected\n", good, n);
	return good == n ? 0 : 1;
}
