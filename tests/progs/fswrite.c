/* The writable file tree: every call that changes it, and its errors,
 * printed one result a line so the run under cowvisor can be compared with
 * the same binary on the host (in a temporary directory).
 *   fswrite DIR          work in DIR/fswrite.d (made and removed)
 *   fswrite DIR enospc   also fill the file system to ENOSPC and check it
 *                        recovers (guest only: the host's disk differs)
 * Only what Linux file systems agree on is printed (no block counts, no
 * file system type, no absolute times). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "errname.h"

static int failures;

/* Print a call's result: its value, or -1 and the errno's name. */
static void show(const char *what, long rc)
{
	if (rc < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, rc);
	errno = 0;
}

/* Print a fact that must hold everywhere; count it when it does not. */
static void fact(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "yes" : "NO");
	failures += !ok;
}

/* The stat of path (lstat when nofollow); zeroed when it fails. */
static struct stat st(const char *path, int nofollow)
{
	struct stat s;

	memset(&s, 0, sizeof(s));
	if ((nofollow ? lstat(path, &s) : stat(path, &s)) < 0)
		memset(&s, 0, sizeof(s));
	return s;
}

/* Make path hold text (created 0644). */
static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		printf("put %s: FAILED %s\n", path, errname(errno));
	close(fd);
}

/* The first n bytes of path as a string ("" on failure). */
static const char *get(const char *path)
{
	static char buf[256];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? 0 : read(fd, buf, sizeof(buf) - 1);

	buf[n > 0 ? n : 0] = '\0';
	close(fd);
	return buf;
}

static void creating(void)
{
	char longname[300];
	int fd;

	show("umask 027", umask(027));
	fd = open("f", O_WRONLY | O_CREAT | O_EXCL, 0666);
	show("open creat excl", fd >= 0 ? 0 : -1);
	printf("mode after umask 027: %o\n", (unsigned)st("f", 0).st_mode);
	show("umask 022", umask(022));
	show("write hello", write(fd, "hello", 5));
	show("open excl again", open("f", O_WRONLY | O_CREAT | O_EXCL, 0644));
	show("open creat missing dir", open("nope/x", O_WRONLY | O_CREAT, 0644));
	show("open creat trailing slash", open("f/", O_WRONLY | O_CREAT, 0644));
	show("open creat dir", open(".", O_WRONLY | O_CREAT, 0644));
	show("open dir for writing", open(".", O_RDWR));
	show("open missing", open("missing", O_RDONLY));
	memset(longname, 'n', 256);
	longname[256] = '\0';
	show("open long name", open(longname, O_WRONLY | O_CREAT, 0644));
	printf("size: %lld nlink: %lu\n", (long long)st("f", 0).st_size,
	       (unsigned long)st("f", 0).st_nlink);
	close(fd);
	fd = creat("c", 0600);
	show("creat", fd < 0 ? -1 : 0);
	printf("creat mode: %o\n", (unsigned)st("c", 0).st_mode);
	close(fd);
}

static void writing(void)
{
	char buf[64];
	int fd = open("f", O_RDWR | O_APPEND);

	show("lseek 0", lseek(fd, 0, SEEK_SET));
	show("append XY", write(fd, "XY", 2));
	printf("after append: %s\n", get("f"));
	show("pread 0", pread(fd, buf, 7, 0));
	show("pwrite at 10 (append)", pwrite(fd, "Z", 1, 10));
	close(fd);
	fd = open("f", O_RDWR);
	show("pwrite at 10", pwrite(fd, "Z", 1, 10));
	printf("size after pwrite: %lld\n", (long long)st("f", 0).st_size);
	memset(buf, 'x', sizeof(buf));
	show("pread hole", pread(fd, buf, 20, 8));
	printf("hole bytes zero: %s\n", buf[0] == 0 && buf[1] == 0 && buf[2] == 'Z' ? "yes" : "no");
	show("pread past end", pread(fd, buf, 5, 1000));
	show("pread negative", pread(fd, buf, 5, -1));
	show("lseek past end", lseek(fd, 100, SEEK_SET));
	show("write there", write(fd, "E", 1));
	show("lseek end", lseek(fd, -1, SEEK_END));
	show("size via fstat", (long)st("f", 0).st_size);
	close(fd);
	fd = open("f", O_RDWR | O_TRUNC);
	show("open trunc", fd < 0 ? -1 : 0);
	show("size after trunc", (long)st("f", 0).st_size);
	show("write big", write(fd, memset(malloc(20000), 'b', 20000), 20000));
	show("ftruncate 5000", ftruncate(fd, 5000));
	show("pread at 4999", pread(fd, buf, 10, 4999));
	show("ftruncate 9000", ftruncate(fd, 9000));
	memset(buf, 'x', sizeof(buf));
	show("pread grown", pread(fd, buf, 10, 5000));
	printf("grown bytes zero: %s\n", buf[0] == 0 && buf[9] == 0 ? "yes" : "no");
	show("ftruncate negative", ftruncate(fd, -1));
	close(fd);
	fd = open("f", O_RDONLY);
	show("ftruncate read-only fd", ftruncate(fd, 1));
	show("write read-only fd", write(fd, "x", 1));
	close(fd);
	show("truncate 3", truncate("f", 3));
	show("size after truncate", (long)st("f", 0).st_size);
	show("truncate dir", truncate(".", 0));
	show("truncate missing", truncate("missing", 0));
	put("f", "hello");
}

static void directories(void)
{
	unsigned long nl = st(".", 0).st_nlink;

	show("mkdir d", mkdir("d", 0777));
	printf("dir mode: %o nlink: %lu parent nlink +%lu\n", (unsigned)st("d", 0).st_mode,
	       (unsigned long)st("d", 0).st_nlink, (unsigned long)(st(".", 0).st_nlink - nl));
	show("mkdir again", mkdir("d", 0777));
	show("mkdir under file", mkdir("f/x", 0777));
	show("mkdir under missing", mkdir("nope/x", 0777));
	show("mkdir trailing slash", mkdir("e/", 0700));
	show("mkdirat", mkdirat(AT_FDCWD, "d/sub", 0700));
	show("rmdir not empty", rmdir("d"));
	show("rmdir file", rmdir("f"));
	show("rmdir dot", rmdir("."));
	show("rmdir dotdot", rmdir("d/.."));
	show("rmdir missing", rmdir("missing"));
	show("unlink dir", unlink("d"));
	show("unlink file slash", unlink("f/"));
	show("unlinkat removedir", unlinkat(AT_FDCWD, "e", AT_REMOVEDIR));
	show("unlinkat bad flag", unlinkat(AT_FDCWD, "e", 0x1));
	show("chdir sub", chdir("d/sub"));
	show("rmdir cwd", rmdir("../sub"));
	{
		char buf[256];
		show("getcwd removed", getcwd(buf, sizeof(buf)) ? 0 : -1);
	}
	show("create in removed cwd", open("x", O_WRONLY | O_CREAT, 0644));
	show("chdir back", chdir("../.."));
	printf("d nlink after rmdir sub: %lu\n", (unsigned long)st("d", 0).st_nlink);
}

static void links(void)
{
	char buf[64];
	ssize_t n;
	int fd;

	show("link", link("f", "g"));
	printf("nlink both: %lu %lu same ino: %s\n", (unsigned long)st("f", 0).st_nlink,
	       (unsigned long)st("g", 0).st_nlink, st("f", 0).st_ino == st("g", 0).st_ino ? "yes" : "no");
	show("link exists", link("f", "g"));
	show("link dir", link("d", "d2"));
	show("link missing", link("missing", "m2"));
	show("linkat", linkat(AT_FDCWD, "f", AT_FDCWD, "g2", 0));
	show("unlink g", unlink("g"));
	show("unlink g2", unlink("g2"));
	printf("nlink after: %lu\n", (unsigned long)st("f", 0).st_nlink);
	show("symlink", symlink("f", "s"));
	printf("lstat link: %s size %lld; stat follows: %s\n", S_ISLNK(st("s", 1).st_mode) ? "yes" : "no",
	       (long long)st("s", 1).st_size, S_ISREG(st("s", 0).st_mode) ? "yes" : "no");
	n = readlink("s", buf, sizeof(buf));
	printf("readlink: %.*s\n", (int)(n > 0 ? n : 0), buf);
	show("symlink exists", symlink("f", "s"));
	show("symlink empty", symlink("", "s2"));
	show("symlinkat", symlinkat("/nonexistent/target", AT_FDCWD, "dangling"));
	show("open dangling", open("dangling", O_RDONLY));
	show("open nofollow", open("s", O_RDONLY | O_NOFOLLOW));
	show("symlink loop", symlink("loop", "loop"));
	show("open loop", open("loop", O_RDONLY));
	show("unlink link", unlink("s"));
	printf("target kept: %s\n", get("f"));
	show("mkdir through link", (symlink("d", "dl"), mkdir("dl/viaLink", 0755)));
	show("rmdir via link", rmdir("d/viaLink"));
	show("rmdir link", rmdir("dl"));
	unlink("dl");
	unlink("dangling");
	unlink("loop");
	fd = open("f", O_RDWR);
	show("unlink open file", unlink("f"));
	printf("fstat nlink of unlinked: %lu\n", (unsigned long)({ struct stat s; fstat(fd, &s); s.st_nlink; }));
	show("write unlinked", pwrite(fd, "still", 5, 0));
	memset(buf, 0, sizeof(buf));
	show("read unlinked", pread(fd, buf, 5, 0));
	printf("unlinked data: %s\n", buf);
	show("linkat unlinked (AT_EMPTY_PATH)", linkat(fd, "", AT_FDCWD, "back", AT_EMPTY_PATH));
	close(fd);
	unlink("back");
	put("f", "hello");
}

static void renaming(void)
{
	ino_t ino = st("f", 0).st_ino;

	show("rename", rename("f", "f2"));
	printf("old gone: %s same ino: %s\n", access("f", F_OK) ? "yes" : "no",
	       st("f2", 0).st_ino == ino ? "yes" : "no");
	put("h", "other");
	show("rename over file", rename("f2", "h"));
	printf("h now: %s ino kept: %s\n", get("h"), st("h", 0).st_ino == ino ? "yes" : "no");
	show("rename to itself", rename("h", "h"));
	show("rename missing", rename("missing", "x"));
	show("rename into subtree", rename("d", "d/inner"));
	show("rename file over dir", rename("h", "d"));
	show("rename dir over file", rename("d", "h"));
	mkdir("full", 0755);
	put("full/x", "x");
	show("rename over non-empty dir", rename("d", "full"));
	mkdir("empty", 0755);
	show("rename over empty dir", rename("d", "empty"));
	printf("d gone: %s empty is dir: %s\n", access("d", F_OK) ? "yes" : "no",
	       S_ISDIR(st("empty", 0).st_mode) ? "yes" : "no");
	show("rename dir across", rename("empty", "full/moved"));
	printf("nlink full: %lu\n", (unsigned long)st("full", 0).st_nlink);
	show("rename dot", rename(".", "x"));
	show("renameat2 noreplace", syscall(SYS_renameat2, AT_FDCWD, "h", AT_FDCWD, "full/x", 1));
	show("renameat2 noreplace new", syscall(SYS_renameat2, AT_FDCWD, "h", AT_FDCWD, "f", 1));
	show("renameat2 bad flag", syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "h", 8));
	show("renameat", renameat(AT_FDCWD, "f", AT_FDCWD, "f3"));
	show("link hard pair", link("f3", "f4"));
	show("rename hard links", rename("f3", "f4"));
	printf("both still: %s\n", !access("f3", F_OK) && !access("f4", F_OK) ? "yes" : "no");
	unlink("f4");
	rename("f3", "f");
	show("rename slash file", rename("f/", "g"));
}

/* rename and link with names in stack buffers: above 4 GiB in x86-64
 * programs, where the kernel once cut those addresses to 32 bits (EFAULT
 * for zsh's built-in mv). */
static void stack_names(void)
{
	char a[8] = "sa", b[8] = "sb", c[8] = "sc";

	put(a, "s");
	show("rename stack names", rename(a, b));
	show("renameat stack names", renameat(AT_FDCWD, b, AT_FDCWD, a));
	show("renameat2 stack names", syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 0));
	show("link stack names", link(b, c));
	show("linkat stack names", linkat(AT_FDCWD, c, AT_FDCWD, a, 0));
	printf("stack names linked: %s\n", st(a, 0).st_nlink == 3 ? "yes" : "no");
	unlink(a);
	unlink(b);
	unlink(c);
}

static void listing(void)
{
	char name[16], seen[20] = { 0 };
	struct dirent *e;
	int dup = 0, first = 0;
	DIR *d;

	mkdir("many", 0755);
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "many/a%02d", i);
		put(name, "x");
	}
	d = opendir("many");
	while (first < 5 && (e = readdir(d)) != NULL) {
		int i;
		if (sscanf(e->d_name, "a%d", &i) == 1) {
			dup += seen[i]++;
			first++;
		}
	}
	for (int i = 0; i < 20; i += 2) {
		snprintf(name, sizeof(name), "many/a%02d", i);
		unlink(name);
	}
	while ((e = readdir(d)) != NULL) {
		int i;
		if (sscanf(e->d_name, "a%d", &i) == 1)
			dup += seen[i]++;
	}
	closedir(d);
	{
		int odd_once = 1;
		for (int i = 1; i < 20; i += 2)
			odd_once &= seen[i] == 1;
		fact("listing under removal: survivors once", odd_once);
	}
	fact("listing under removal: no duplicates", dup == 0);
	for (int i = 1; i < 20; i += 2) {
		snprintf(name, sizeof(name), "many/a%02d", i);
		unlink(name);
	}
	show("rmdir emptied", rmdir("many"));
}

static void special(void)
{
	char c = 0;
	int fd;

	show("mknod fifo", mknod("p", S_IFIFO | 0644, 0));
	printf("fifo type: %s\n", S_ISFIFO(st("p", 0).st_mode) ? "yes" : "no");
	show("open fifo nonblock writer, no reader", open("p", O_WRONLY | O_NONBLOCK));
	fd = open("p", O_RDWR);
	show("fifo write", write(fd, "q", 1));
	show("fifo read", read(fd, &c, 1));
	printf("fifo byte: %c\n", c);
	close(fd);
	show("mkfifo exists", mkfifo("p", 0644));
	show("mknod dir", mknod("dd", S_IFDIR | 0755, 0));
	show("mknod regular", mknod("r", 0644, 0));
	printf("mknod regular: %s\n", S_ISREG(st("r", 0).st_mode) ? "yes" : "no");
	show("mknodat bad type", mknodat(AT_FDCWD, "bad", 0170000 | 0644, 0));
	unlink("p");
	unlink("r");
}

static void attributes(void)
{
	struct timespec ts[2] = { { 1000, 500 }, { 2000, 600 } };
	struct timeval tv[2] = { { 3000, 7 }, { 4000, 8 } };
	struct utimbuf ub = { 5000, 6000 };
	struct stat s;
	int fd;

	show("chmod", chmod("f", 04755));
	printf("mode: %o\n", (unsigned)st("f", 0).st_mode);
	show("chmod missing", chmod("missing", 0644));
	fd = open("f", O_RDONLY);
	show("fchmod", fchmod(fd, 0600));
	printf("mode: %o\n", (unsigned)st("f", 0).st_mode);
	show("fchmodat", fchmodat(AT_FDCWD, "f", 04711, 0));
	show("chown", chown("f", 1, 2));
	s = st("f", 0);
	printf("owner %u:%u mode %o\n", (unsigned)s.st_uid, (unsigned)s.st_gid, (unsigned)s.st_mode);
	show("fchown keep", fchown(fd, -1, -1));
	printf("owner %u:%u\n", (unsigned)st("f", 0).st_uid, (unsigned)st("f", 0).st_gid);
	symlink("f", "s");
	show("lchown", lchown("s", 7, 8));
	printf("link owner %u:%u target owner %u:%u\n", (unsigned)st("s", 1).st_uid,
	       (unsigned)st("s", 1).st_gid, (unsigned)st("f", 0).st_uid, (unsigned)st("f", 0).st_gid);
	show("fchownat nofollow", fchownat(AT_FDCWD, "s", 9, 9, AT_SYMLINK_NOFOLLOW));
	show("fchownat bad flag", fchownat(AT_FDCWD, "s", 9, 9, 0x4));
	chown("f", 0, 0);
	unlink("s");
	show("utimensat", utimensat(AT_FDCWD, "f", ts, 0));
	s = st("f", 0);
	printf("atime %ld.%09ld mtime %ld.%09ld\n", (long)s.st_atim.tv_sec, s.st_atim.tv_nsec,
	       (long)s.st_mtim.tv_sec, s.st_mtim.tv_nsec);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_sec = 2500;
	show("utimensat omit", utimensat(AT_FDCWD, "f", ts, 0));
	s = st("f", 0);
	printf("atime %ld mtime %ld\n", (long)s.st_atim.tv_sec, (long)s.st_mtim.tv_sec);
	ts[1].tv_nsec = 1000000000;
	show("utimensat bad nsec", utimensat(AT_FDCWD, "f", ts, 0));
	show("futimens", futimens(fd, (struct timespec[2]){ { 1, 0 }, { 2, 0 } }));
	printf("mtime %ld\n", (long)st("f", 0).st_mtim.tv_sec);
	show("utimes", utimes("f", tv));
	s = st("f", 0);
	printf("atime %ld.%09ld mtime %ld\n", (long)s.st_atim.tv_sec, s.st_atim.tv_nsec,
	       (long)s.st_mtim.tv_sec);
	show("utime", utime("f", &ub));
	printf("atime %ld mtime %ld\n", (long)st("f", 0).st_atime, (long)st("f", 0).st_mtime);
	show("utime now", utime("f", NULL));
	printf("mtime is now: %s\n", labs((long)st("f", 0).st_mtime - (long)time(NULL)) < 100 ? "yes" : "no");
	/* the calls themselves, in the ABI's own layouts (the libcs make
	 * utimes and utime out of utimensat) */
	show("utimes call", syscall(SYS_utimes, "f", (struct timeval[2]){ { 3100, 9 }, { 4100, 10 } }));
	s = st("f", 0);
	printf("atime %ld.%09ld mtime %ld\n", (long)s.st_atim.tv_sec, s.st_atim.tv_nsec,
	       (long)s.st_mtim.tv_sec);
	show("utime call", syscall(SYS_utime, "f", &(struct utimbuf){ 5100, 6100 }));
	printf("atime %ld mtime %ld\n", (long)st("f", 0).st_atime, (long)st("f", 0).st_mtime);
	show("futimesat call", syscall(SYS_futimesat, AT_FDCWD, "f",
				       (struct timeval[2]){ { 3200, 0 }, { 4200, 1000000 } }));
	show("futimesat call", syscall(SYS_futimesat, AT_FDCWD, "f", (struct timeval[2]){ { 3200, 0 }, { 4200, 0 } }));
	printf("mtime %ld\n", (long)st("f", 0).st_mtime);
	show("utimensat missing", utimensat(AT_FDCWD, "missing", NULL, 0));
	show("fsync", fsync(fd));
	show("fdatasync", fdatasync(fd));
	show("syncfs", syncfs(fd));
	show("fsync bad fd", fsync(99));
	{
		int pfd[2];
		if (pipe(pfd) == 0) {
			show("fsync pipe", fsync(pfd[0]));
			close(pfd[0]);
			close(pfd[1]);
		}
	}
	sync();
	close(fd);
	show("access W", access("f", W_OK));
	chmod("f", 0644);
	show("access X no x bit", access("f", X_OK));
	chmod("f", 0744);
	show("access X", access("f", X_OK));
	show("access dir X", access(".", X_OK));
	show("access missing", access("missing", F_OK));
	show("faccessat bad mode", faccessat(AT_FDCWD, "f", 0x10, 0));
}

static void statistics(void)
{
	struct statfs a, b;
	struct stat s1, s2;
	struct timespec before;
	int fd;

	show("statfs", statfs(".", &a));
	fd = open("f", O_RDONLY);
	show("fstatfs", fstatfs(fd, &b));
	close(fd);
	printf("statfs bsize %ld namelen %ld\n", (long)a.f_bsize, (long)a.f_namelen);
	fact("statfs sane", a.f_bavail <= a.f_bfree && a.f_bfree <= a.f_blocks && a.f_blocks > 0);
	show("statfs missing", statfs("missing", &a));
	s1 = st("f", 0);
	clock_gettime(CLOCK_REALTIME, &before);
	put("f", "changed");
	s2 = st("f", 0);
	fact("inode number stable", s1.st_ino == s2.st_ino);
	fact("inode numbers unique", s2.st_ino != st(".", 0).st_ino && s2.st_ino != st("d", 0).st_ino);
	fact("mtime moves on write", s2.st_mtime >= before.tv_sec && s2.st_ctime >= s2.st_mtime);
}

/* Map f shared and private; check what each sees. */
static void mapping(void)
{
	char buf[16] = { 0 };
	char *sh, *pr;
	int fd, rofd, status;
	pid_t pid;

	put("m", "abcdefgh");
	fd = open("m", O_RDWR);
	sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	pr = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	show("mmap shared", sh == MAP_FAILED ? -1 : 0);
	show("mmap private", pr == MAP_FAILED ? -1 : 0);
	if (sh == MAP_FAILED || pr == MAP_FAILED)
		return;
	sh[0] = 'A';
	pread(fd, buf, 8, 0);
	printf("read sees shared write: %s\n", buf);
	printf("private sees shared write: %c\n", pr[0]);
	pwrite(fd, "B", 1, 1);
	printf("mappings see write(): %c %c\n", sh[1], pr[1]);
	pr[2] = 'p';
	pwrite(fd, "C", 1, 3);
	printf("after private copy: private %c%c file %c%c\n", pr[2], pr[3], sh[2], sh[3]);
	printf("beyond EOF in last page reads zero: %s\n", sh[100] == 0 ? "yes" : "no");
	show("msync", msync(sh, 4096, MS_SYNC));
	show("msync unaligned", msync(sh + 1, 10, MS_SYNC));
	show("msync bad flags", msync(sh, 4096, MS_SYNC | MS_ASYNC));
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		sh[4] = 'K'; /* the child writes through the shared mapping */
		pr[4] = 'k';
		_exit(0);
	}
	waitpid(pid, &status, 0);
	printf("child's shared write seen: %c private: %c\n", sh[4], pr[4]);
	rofd = open("m", O_RDONLY);
	show("mmap shared writable on read-only fd", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, rofd, 0) == MAP_FAILED ? -1 : 0);
	{
		char *ro = mmap(NULL, 4096, PROT_READ, MAP_SHARED, rofd, 0);
		show("mmap shared read-only", ro == MAP_FAILED ? -1 : 0);
		show("mprotect it writable", mprotect(ro, 4096, PROT_READ | PROT_WRITE));
	}
	close(rofd);
	rofd = open("m", O_WRONLY);
	show("mmap write-only fd", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, rofd, 0) == MAP_FAILED ? -1 : 0);
	close(rofd);
	show("mmap dir", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, open(".", O_RDONLY), 0) == MAP_FAILED ? -1 : 0);
	ftruncate(fd, 8192);
	{
		char *two = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
		printf("second page readable: %d\n", two[4096]);
		ftruncate(fd, 100);
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			volatile char x = two[4096]; /* past the end: SIGBUS */
			(void)x;
			_exit(0);
		}
		waitpid(pid, &status, 0);
		printf("touch past EOF: %s\n", WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "no signal");
		printf("within EOF still: %c\n", two[0]);
	}
	close(fd);
	unlink("m");
	printf("mapping of unlinked file still works: %c\n", sh[0]);
}

/* Fill the file system: ENOSPC, never a crash; space comes back. */
static void enospc(void)
{
	static char chunk[65536];
	struct statfs before, full, after;
	long long total = 0;
	ssize_t n;
	int fd = open("big", O_WRONLY | O_CREAT, 0644);

	statfs(".", &before);
	memset(chunk, 'z', sizeof(chunk));
	while ((n = write(fd, chunk, sizeof(chunk))) > 0)
		total += n;
	printf("filled: %s after %s\n", n < 0 ? errname(errno) : "no error", total > 0 ? "some data" : "nothing");
	statfs(".", &full);
	show("one more byte", write(fd, "x", 1));
	show("mkdir when full", mkdir("fulldir", 0755) < 0 && errno == ENOSPC ? -1 : 0);
	close(fd);
	unlink("big");
	rmdir("fulldir");
	statfs(".", &after);
	fact("space back after unlink", after.f_bfree + 64 >= before.f_bfree && full.f_bavail < 64);
#ifdef __x86_64__
	show("ftruncate too big", syscall(SYS_truncate, "f", 1ll << 41));
#else
	show("ftruncate too big", syscall(SYS_truncate64, "f", 0, 1u << 9)); /* 2^41: low, high */
#endif
}

/* Copy this program to path (mode 0755), leaving it open for writing:
 * the descriptor, or -1. */
static int copy_self(const char *path)
{
	char buf[4096];
	int in = open("/proc/self/exe", O_RDONLY), out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	long n;

	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			break;
	if (in >= 0)
		close(in);
	return out;
}

/* Start path --wait with stdin from a pipe; after exec succeeded (or
 * failed) return the pipe's write end, *pid the child, *err exec's errno. */
static int start_waiting(const char *path, pid_t *pid, int *err)
{
	int feed[2], sync[2];
	char *const argv[] = { (char *)path, "--wait", NULL };

	*err = 0;
	if (pipe2(feed, O_CLOEXEC) < 0 || pipe2(sync, O_CLOEXEC) < 0)
		return -1;
	fflush(stdout);
	if ((*pid = fork()) == 0) {
		dup2(feed[0], 0); /* stdin without close-on-exec; the write end closes at exec */
		execv(path, argv);
		*err = errno;
		if (write(sync[1], err, sizeof(*err)) < 0)
			_exit(126);
		_exit(127);
	}
	close(feed[0]);
	close(sync[1]);
	if (read(sync[0], err, sizeof(*err)) <= 0)
		*err = 0; /* closed by a successful exec */
	close(sync[0]);
	return feed[1];
}

/* A running program cannot be written or truncated, and a file open for
 * writing cannot be run: ETXTBSY both ways (Linux's i_writecount). */
static void busy_program(void)
{
	int wfd = copy_self("prog"), feed, err, status;
	void *map;
	pid_t pid;

	fact("copied the program", wfd >= 0);
	feed = start_waiting("./prog", &pid, &err);
	printf("exec while open for writing: %s\n", err ? errname(err) : "ran");
	close(feed);
	waitpid(pid, &status, 0);
	close(wfd);
	feed = start_waiting("./prog", &pid, &err);
	printf("exec after close: %s\n", err ? errname(err) : "ran");
	show("open running program O_WRONLY", open("prog", O_WRONLY));
	show("open running program O_RDWR", open("prog", O_RDWR));
	show("open running program O_RDONLY|O_TRUNC", open("prog", O_RDONLY | O_TRUNC));
	show("truncate running program", truncate("prog", 0));
	wfd = open("prog", O_RDONLY);
	fact("open running program O_RDONLY", wfd >= 0);
	close(wfd);
	close(feed); /* the child reads EOF and exits */
	waitpid(pid, &status, 0);
	show("exit status of the waiting program", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	wfd = open("prog", O_WRONLY);
	fact("open for writing after it ended", wfd >= 0);
	close(wfd);
	wfd = open("prog", O_RDWR);
	map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, wfd, 0);
	close(wfd); /* the mapping keeps write access */
	feed = start_waiting("./prog", &pid, &err);
	printf("exec while mapped shared and writable: %s\n", err ? errname(err) : "ran");
	close(feed);
	waitpid(pid, &status, 0);
	show("munmap", munmap(map, 4096));
	feed = start_waiting("./prog", &pid, &err);
	printf("exec after munmap: %s\n", err ? errname(err) : "ran");
	close(feed);
	waitpid(pid, &status, 0);
	show("unlink prog", unlink("prog"));
}

int main(int argc, char **argv)
{
	char dir[512], c;

	if (argc == 2 && strcmp(argv[1], "--wait") == 0) { /* busy_program's child */
		while (read(0, &c, 1) > 0)
			;
		return 0;
	}
	if (argc < 2)
		return 2;
	snprintf(dir, sizeof(dir), "%s/fswrite.d", argv[1]);
	if (mkdir(dir, 0755) < 0 || chdir(dir) < 0) {
		printf("cannot make %s: %s\n", dir, errname(errno));
		return 1;
	}
	umask(022);
	creating();
	writing();
	directories();
	links();
	renaming();
	stack_names();
	listing();
	special();
	attributes();
	statistics();
	mapping();
	busy_program();
	if (argc > 2 && strcmp(argv[2], "enospc") == 0)
		enospc();
	unlink("f");
	unlink("c");
	unlink("h");
	unlink("full/x");
	rmdir("full/moved");
	rmdir("full");
	rmdir("d");
	chdir("..");
	show("cleaned up", rmdir("fswrite.d"));
	printf("fswrite: %s\n", failures ? "FAILED" : "ok");
	return failures != 0;
}
