/* Memory mappings and execve arguments as Linux defines them. Each case
 * runs in a child process and the parent reports, one line per case:
 *   NAME: ok (what was expected)     or     NAME: WRONG (what happened)
 * and at the end "mm_linux: N of N as expected". Snapshots (system call
 * 1000) labelled start/end frame the cases, and shm-forked,
 * shm-child-wrote, shm-parent-read show shared anonymous memory after
 * fork for the statistics test (tests/integration/test_mm.c).
 * "mm_linux argcheck N LEN S1..SN": the exec target of the argument
 * cases; exits 0 when it got N strings of LEN bytes.
 * "mm_linux time": prints timings (10,000 mappings: fork+exit; execve
 * with 1 MiB of arguments).
 * "mm_linux limit": maps pages until mmap fails (ENOMEM at Linux's
 * vm.max_map_count, 65,530 mappings); minutes on kvm-pvm, so not a case. */
#define _GNU_SOURCE /* mremap */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../shared/syscall.h"
#include "cases.h"

#define PAGE 4096
#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4 /* Linux 5.7; not in every libc's headers */
#endif
#define SELF "/init"              /* the program, as cowvisor runs it */
#define MAX_ARG_STRLEN (32 * PAGE) /* Linux: one string, with its NUL */
#define ARG_TOTAL (2 << 20)        /* Linux: a quarter of the 8 MiB stack */
#define NMAPS 10000
#define SHM_PAGES 16

/* Block until the other side writes a byte. */
static void await(int fd)
{
	char c;

	if (read(fd, &c, 1) != 1)
		_exit(9);
}

/* Let the other side go on. */
static void go(int fd)
{
	if (write(fd, "x", 1) != 1)
		_exit(9);
}

/* Wait for pid; true when it exited with status 0. */
static int child_ok(pid_t pid)
{
	int status;

	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Fill n bytes with c without libc (its SSE code is slow on kvm-pvm). */
static void fill(char *p, int c, size_t n)
{
	__asm__ volatile("rep stosb" : "+D"(p), "+c"(n) : "a"(c) : "memory");
}

/* An anonymous mapping of n pages. */
static void *anon(size_t pages, int prot, int type)
{
	char *p = mmap(NULL, pages * PAGE, prot, type | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* ---- MAP_SHARED|MAP_ANONYMOUS is shared on every page ---- */

/* Pages touched before fork and pages first touched after fork (by either
 * side) are seen by both; the child's pages outlive its exit. */
static int shared_anon_after_fork(void)
{
	char *p = anon(4, PROT_READ | PROT_WRITE, MAP_SHARED);
	int to_child[2], to_parent[2];
	pid_t pid;

	if (p == NULL || pipe(to_child) || pipe(to_parent))
		return 0;
	p[0] = 1;
	pid = fork();
	if (pid == 0) {
		p[0] = 10;            /* touched before fork */
		p[PAGE] = 11;         /* first touched here */
		go(to_parent[1]);
		await(to_child[0]);
		_exit(p[2 * PAGE] == 22 && p[3 * PAGE] == 0 ? 0 : 1);
	}
	await(to_parent[0]);
	if (p[0] != 10 || p[PAGE] != 11)
		return 0;
	p[2 * PAGE] = 22;             /* first touched by the parent, after fork */
	go(to_child[1]);
	if (!child_ok(pid))
		return 0;
	return p[0] == 10 && p[PAGE] == 11 && p[2 * PAGE] == 22;
}

/* A read-only shared mapping made writable (before and after fork) stays
 * shared: no copy on write. */
static int shared_anon_mprotect(void)
{
	char *p = anon(3, PROT_READ, MAP_SHARED);
	volatile char sink;
	pid_t pid;

	if (p == NULL)
		return 0;
	sink = p[0];                  /* faulted in read-only */
	(void)sink;
	if (mprotect(p, 3 * PAGE, PROT_READ | PROT_WRITE))
		return 0;
	p[0] = 1;
	if (mprotect(p, 3 * PAGE, PROT_READ))
		return 0;
	pid = fork();
	if (pid == 0) {
		if (mprotect(p, 3 * PAGE, PROT_READ | PROT_WRITE))
			_exit(2);
		p[0] = 5;
		p[PAGE] = 6;
		if (mprotect(p + 2 * PAGE, PAGE, PROT_WRITE))
			_exit(3);
		p[2 * PAGE] = 7;
		_exit(0);
	}
	if (!child_ok(pid))
		return 0;
	return p[0] == 5 && p[PAGE] == 6 && p[2 * PAGE] == 7;
}

/* MADV_DONTNEED on shared memory keeps its content. */
static int shared_anon_dontneed(void)
{
	char *p = anon(2, PROT_READ | PROT_WRITE, MAP_SHARED);

	if (p == NULL)
		return 0;
	p[0] = 3;
	p[PAGE] = 4;
	return madvise(p, 2 * PAGE, MADV_DONTNEED) == 0 && p[0] == 3 && p[PAGE] == 4;
}

/* Part of a shared mapping unmapped (a split), the rest still shared. */
static int shared_anon_split(void)
{
	char *p = anon(3, PROT_READ | PROT_WRITE, MAP_SHARED);
	pid_t pid;

	if (p == NULL || munmap(p + PAGE, PAGE))
		return 0;
	pid = fork();
	if (pid == 0) {
		p[0] = 8;
		p[2 * PAGE] = 9;
		_exit(0);
	}
	return child_ok(pid) && p[0] == 8 && p[2 * PAGE] == 9;
}

/* ---- file mappings of the read-only initrd ---- */

static int open_self(void) { return open(SELF, O_RDONLY); }

static int mmap_shared_write_rdonly_fd(void)
{
	void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, open_self(), 0);

	return p == MAP_FAILED && errno == EACCES;
}

static int mprotect_write_shared_file(void)
{
	char *p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, open_self(), 0);

	if (p == MAP_FAILED || p[1] != 'E')
		return 0;
	return mprotect(p, PAGE, PROT_READ | PROT_WRITE) == -1 && errno == EACCES &&
	       mprotect(p, PAGE, PROT_READ | PROT_EXEC) == 0;
}

/* A private file mapping may become writable; the write is private. */
static int mprotect_write_private_file(void)
{
	char *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, open_self(), 0);
	char *q = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, open_self(), 0);

	if (p == MAP_FAILED || q == MAP_FAILED || mprotect(p, PAGE, PROT_READ | PROT_WRITE))
		return 0;
	p[1] = 'X';
	return p[1] == 'X' && q[1] == 'E';
}

/* ---- protections: write and execute imply read on x86 ---- */

static int write_only_is_readable(void)
{
	char *p = anon(2, PROT_WRITE, MAP_PRIVATE);
	int fds[2];
	char c = 0;

	if (p == NULL || pipe(fds))
		return 0;
	p[0] = 'w';
	/* a read by the program, of a page never touched, and by the kernel */
	return p[0] == 'w' && p[PAGE] == 0 && write(fds[1], p, 1) == 1 &&
	       read(fds[0], &c, 1) == 1 && c == 'w';
}

static int exec_only_is_readable(void)
{
	char *p = anon(1, PROT_EXEC, MAP_PRIVATE);

	return p != NULL && p[100] == 0;
}

static int none_is_not_readable(void)
{
	char *p = anon(1, PROT_NONE, MAP_PRIVATE);

	return p != NULL && *(volatile char *)p == 0; /* SIGSEGV expected */
}

/* ---- MADV_DONTNEED ---- */

static int dontneed_private_anon(void)
{
	char *p = anon(4, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	if (p == NULL)
		return 0;
	fill(p, 0x55, 4 * PAGE);
	return madvise(p + PAGE, 2 * PAGE, MADV_DONTNEED) == 0 && p[0] == 0x55 &&
	       p[PAGE] == 0 && p[3 * PAGE - 1] == 0 && p[3 * PAGE] == 0x55;
}

static int dontneed_private_file(void)
{
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, open_self(), 0);

	if (p == MAP_FAILED)
		return 0;
	p[0] = 'X';
	return p[0] == 'X' && madvise(p, PAGE, MADV_DONTNEED) == 0 && p[0] == 0x7f && p[1] == 'E';
}

/* Does call, returning -1, set errno e? */
#define FAILS_WITH(call, e) ((call) == -1 && errno == (e))

/* madvise's checks: unknown advice and an unaligned start EINVAL; a
 * range past the end of memory EINVAL on x86-64 (it wraps) and ENOMEM on
 * i386 (its 32-bit range ends past 4 GiB, where nothing is mapped); a
 * hole ENOMEM for any advice; length 0 and an unaligned length fine. */
static int madvise_checks(void)
{
	char *p = anon(3, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	int past = sizeof(long) == 8 ? EINVAL : ENOMEM;

	if (p == NULL || madvise(p, PAGE + 1, MADV_WILLNEED) != 0 || madvise(p, 0, 6) != -1 ||
	    !FAILS_WITH(madvise(p, PAGE, 6), EINVAL) || !FAILS_WITH(madvise(p + 1, PAGE, MADV_NORMAL), EINVAL) ||
	    !FAILS_WITH(madvise(p, -(size_t)p - PAGE + 1, MADV_NORMAL), past) ||
	    madvise(p, 0, MADV_WILLNEED) != 0 || munmap(p + PAGE, PAGE) != 0)
		return 0;
	return FAILS_WITH(madvise(p, 3 * PAGE, MADV_WILLNEED), ENOMEM) &&
	       FAILS_WITH(madvise(p, 3 * PAGE, MADV_RANDOM), ENOMEM);
}

/* mlock and friends: nothing to lock where pages are never written out,
 * but the arguments are Linux's: the start rounded down, a hole ENOMEM,
 * mlock2's unknown flags and mlockall's empty or ONFAULT-only flags EINVAL. */
static int mlock_checks(void)
{
	char *p = anon(3, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	if (p == NULL || mlock(p + 100, 2 * PAGE) != 0 || munlock(p + 100, 2 * PAGE) != 0 ||
	    syscall(SYS_mlock2, p, PAGE, 1) != 0 || !FAILS_WITH(syscall(SYS_mlock2, p, PAGE, 2), EINVAL) ||
	    munmap(p + PAGE, PAGE) != 0 || !FAILS_WITH(mlock(p, 3 * PAGE), ENOMEM) ||
	    !FAILS_WITH(munlock(p, 3 * PAGE), ENOMEM) || mlock(p, 0) != 0)
		return 0;
	return FAILS_WITH(mlockall(0), EINVAL) && FAILS_WITH(mlockall(MCL_ONFAULT), EINVAL) &&
	       FAILS_WITH(mlockall(8), EINVAL) && mlockall(MCL_CURRENT | MCL_FUTURE) == 0 &&
	       munlockall() == 0;
}

/* Is page p mapped? (msync answers ENOMEM for a hole.) */
static int mapped(void *p)
{
	return msync(p, PAGE, MS_ASYNC) == 0;
}

/* mremap: shrink in place; grow in place where the pages after are free;
 * where they are not, ENOMEM without MREMAP_MAYMOVE and a move with it
 * (the contents go along, the old range is unmapped); MREMAP_FIXED's
 * target; MREMAP_DONTUNMAP leaves the old range mapped and empty. */
static int mremap_moves(void)
{
	char *p = anon(4, PROT_READ | PROT_WRITE, MAP_PRIVATE), *r = anon(8, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	char *a = anon(2, PROT_READ | PROT_WRITE, MAP_PRIVATE), *t = anon(2, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	char *s = anon(1, PROT_READ | PROT_WRITE, MAP_PRIVATE), *d = anon(3, PROT_READ | PROT_WRITE, MAP_PRIVATE), *b, *e;

	/* d: a page of its own between PROT_NONE pages (Linux refuses
	 * MREMAP_DONTUNMAP for a mapping merged with one from before fork) */
	if (!p || !r || !a || !t || !s || !d || munmap(r + 4 * PAGE, 4 * PAGE) != 0 ||
	    mprotect(a + PAGE, PAGE, PROT_READ) != 0 || mprotect(d, PAGE, PROT_NONE) != 0 ||
	    mprotect(d + 2 * PAGE, PAGE, PROT_NONE) != 0)
		return 0;
	d += PAGE;
	for (int i = 0; i < 4; i++)
		p[i * PAGE] = r[i * PAGE] = (char)(i + 1);
	a[0] = s[0] = d[0] = 9;
	if (mremap(p, 4 * PAGE, 2 * PAGE, 0) != p || p[PAGE] != 2 || mapped(p + 2 * PAGE) ||
	    mremap(r, 4 * PAGE, 8 * PAGE, 0) != r || r[3 * PAGE] != 4 || r[7 * PAGE] != 0)
		return 0;
	if (mremap(a, PAGE, 2 * PAGE, 0) != MAP_FAILED || errno != ENOMEM ||
	    (b = mremap(a, PAGE, 2 * PAGE, MREMAP_MAYMOVE)) == MAP_FAILED || b == a || b[0] != 9 ||
	    b[PAGE] != 0 || mapped(a) || !mapped(a + PAGE))
		return 0;
	if (mremap(s, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, t) != t || t[0] != 9 || mapped(s) ||
	    !mapped(t + PAGE))
		return 0;
	if ((e = mremap(d, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP)) == MAP_FAILED || e == d ||
	    e[0] != 9 || d[0] != 0)
		return 0;
	return munmap(p, 2 * PAGE) == 0 && munmap(r, 8 * PAGE) == 0;
}

/* mremap's refusals: EINVAL for an unaligned address, unknown flags,
 * MREMAP_FIXED or _DONTUNMAP without MREMAP_MAYMOVE, _DONTUNMAP with a new
 * length, a new length 0; EFAULT where the old range is not one mapping,
 * or its start not mapped (a shrink too); a shrink over a hole after the
 * mapping is no error. */
static int mremap_refusals(void)
{
	char *p = anon(2, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	if (p == NULL || munmap(p + PAGE, PAGE) != 0)
		return 0;
	return FAILS_WITH((long)mremap(p + 1, PAGE, PAGE, 0), EINVAL) &&
	       FAILS_WITH((long)mremap(p, PAGE, PAGE, 8), EINVAL) &&
	       FAILS_WITH((long)mremap(p, PAGE, PAGE, MREMAP_FIXED, p + PAGE), EINVAL) &&
	       FAILS_WITH((long)mremap(p, PAGE, PAGE, MREMAP_DONTUNMAP), EINVAL) &&
	       FAILS_WITH((long)mremap(p, PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP), EINVAL) &&
	       FAILS_WITH((long)mremap(p, PAGE, 0, MREMAP_MAYMOVE), EINVAL) &&
	       FAILS_WITH((long)mremap(p, 2 * PAGE, 3 * PAGE, MREMAP_MAYMOVE), EFAULT) &&
	       FAILS_WITH((long)mremap(p + PAGE, PAGE, 2 * PAGE, MREMAP_MAYMOVE), EFAULT) &&
	       FAILS_WITH((long)mremap(p + PAGE, PAGE, 0, 0), EINVAL) &&
	       FAILS_WITH((long)mremap(p + PAGE, 2 * PAGE, PAGE, 0), EFAULT) &&
	       mremap(p, 2 * PAGE, PAGE, 0) == p;
}

/* After fork the child moves and writes memory it shares copy-on-write
 * with its parent; the parent's bytes stay its own. */
static int mremap_after_fork(void)
{
	char *p = anon(2, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	pid_t pid;

	if (p == NULL || mprotect(p + PAGE, PAGE, PROT_READ) != 0)
		return 0;
	p[0] = 5;
	if ((pid = fork()) == 0) {
		char *q = mremap(p, PAGE, 3 * PAGE, MREMAP_MAYMOVE);
		if (q == MAP_FAILED || q[0] != 5)
			_exit(1);
		q[0] = 6;
		q[2 * PAGE] = 7;
		_exit(q[0] == 6 && !mapped(p) ? 0 : 2);
	}
	return child_ok(pid) && p[0] == 5;
}

/* ---- what madvise says of fork ---- */

#define MIB_PAGES 256 /* pages in a MiB */

/* Child of dontfork_dofork: the three marked ranges are gone, the rest is
 * there with the parent's bytes; then a copy-on-write write. */
static int dontfork_child(char *p, char *big, char *shared)
{
	if (!mapped(p) || mapped(p + PAGE) || !mapped(p + 2 * PAGE) || p[0] != 1 || p[2 * PAGE] != 3)
		return 1;
	if (mapped(shared) || big[0] != 4 || big[6 * MIB_PAGES * PAGE - 1] != 4)
		return 2;
	if (mapped(big + 2 * MIB_PAGES * PAGE + PAGE) || mapped(big + 4 * MIB_PAGES * PAGE))
		return 3; /* both ends of a range astride 2 MiB page tables */
	if (big[2 * MIB_PAGES * PAGE] != 4 || big[4 * MIB_PAGES * PAGE + PAGE] != 4)
		return 4; /* the pages around it, in the same tables */
	p[0] = 9;
	return 0;
}

/* MADV_DONTFORK: a fork child has no mapping there (private, shared, and a
 * range across page tables); the parent keeps its pages; MADV_DOFORK
 * gives the next child the pages again. */
static int dontfork_dofork(void)
{
	char *p = anon(3, PROT_READ | PROT_WRITE, MAP_PRIVATE), *shared = anon(1, PROT_READ | PROT_WRITE, MAP_SHARED);
	char *big = anon(6 * MIB_PAGES, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	size_t mid = 2 * MIB_PAGES * PAGE + PAGE, mid_len = 2 * MIB_PAGES * PAGE;
	pid_t pid;

	if (p == NULL || shared == NULL || big == NULL)
		return 0;
	p[0] = 1, p[PAGE] = 2, p[2 * PAGE] = 3;
	fill(big, 4, 6 * MIB_PAGES * PAGE);
	if (madvise(p + PAGE, PAGE, MADV_DONTFORK) || madvise(shared, PAGE, MADV_DONTFORK) ||
	    madvise(big + mid, mid_len, MADV_DONTFORK))
		return 0;
	if ((pid = fork()) == 0)
		_exit(dontfork_child(p, big, shared));
	if (!child_ok(pid) || p[0] != 1 || p[PAGE] != 2 || big[mid] != 4)
		return 0;
	if (madvise(p + PAGE, PAGE, MADV_DOFORK) || madvise(big + mid, mid_len, MADV_DOFORK))
		return 0;
	if ((pid = fork()) == 0)
		_exit(p[PAGE] == 2 && big[mid] == 4 && big[mid + mid_len - 1] == 4 ? 0 : 1);
	return child_ok(pid) && munmap(big, 6 * MIB_PAGES * PAGE) == 0;
}

/* Child of wipeonfork: page 1 reads zeros, page 0 the parent's; the
 * advice goes on to its own child, which gets page 1 empty again. */
static int wipeonfork_child(char *p)
{
	pid_t pid;

	if (p[0] != 7 || p[PAGE] != 0)
		return 1;
	p[PAGE] = 5;
	if ((pid = fork()) == 0)
		_exit(p[PAGE] == 0 ? 0 : 1);
	return child_ok(pid) && p[PAGE] == 5 ? 0 : 2;
}

/* MADV_WIPEONFORK: a fork child gets the range empty (zeros), the parent
 * keeps its bytes, the advice is inherited; MADV_KEEPONFORK undoes it;
 * shared or file memory: EINVAL; a hole: ENOMEM. */
static int wipeonfork(void)
{
	char *p = anon(2, PROT_READ | PROT_WRITE, MAP_PRIVATE), *shared = anon(1, PROT_READ | PROT_WRITE, MAP_SHARED);
	int fd = open("/proc/self/exe", O_RDONLY);
	char *file = fd < 0 ? MAP_FAILED : mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	pid_t pid;

	if (p == NULL || shared == NULL || file == MAP_FAILED)
		return 0;
	fill(p, 7, 2 * PAGE);
	if (madvise(p + PAGE, PAGE, MADV_WIPEONFORK))
		return 0;
	if ((pid = fork()) == 0)
		_exit(wipeonfork_child(p));
	if (!child_ok(pid) || p[PAGE] != 7)
		return 0;
	if (madvise(p + PAGE, PAGE, MADV_KEEPONFORK) || (pid = fork()) < 0)
		return 0;
	if (pid == 0)
		_exit(p[PAGE] == 7 ? 0 : 1);
	if (!child_ok(pid))
		return 0;
	if (madvise(shared, PAGE, MADV_WIPEONFORK) != -1 || errno != EINVAL ||
	    madvise(file, PAGE, MADV_WIPEONFORK) != -1 || errno != EINVAL)
		return 0;
	munmap(p + PAGE, PAGE);
	return madvise(p, 2 * PAGE, MADV_DONTFORK) == -1 && errno == ENOMEM;
}

/* ---- mincore ---- */

/* mincore's bytes for n pages at p as a bit string ("0110"), or "" after
 * a failure. */
static const char *resident(void *p, size_t n)
{
	static char bits[16];
	unsigned char vec[15];

	if (n > sizeof(vec) || mincore(p, n * PAGE, vec) != 0)
		return "";
	for (size_t i = 0; i < n; i++)
		bits[i] = (char)('0' + (vec[i] & 1));
	bits[n] = 0;
	return bits;
}

/* mincore: untouched anonymous pages are not resident, touched ones are,
 * a fork child's copy-on-write pages are, MADV_DONTNEED makes them not; a
 * file's pages are (in memory) up to its end; shared memory another
 * process touched is; EINVAL, ENOMEM, EFAULT as Linux checks. */
static int mincore_answers(void)
{
	char *p = anon(4, PROT_READ | PROT_WRITE, MAP_PRIVATE), *shared = anon(2, PROT_READ | PROT_WRITE, MAP_SHARED);
	const char *name = access("/tmp", W_OK) == 0 ? "/tmp/mm_linux.mincore" : "mm_linux.mincore";
	int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char *f, buf[2 * PAGE];
	pid_t pid;

	if (p == NULL || shared == NULL || fd < 0)
		return 0;
	unlink(name);
	memset(buf, 'f', sizeof(buf));
	if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf) ||
	    (f = mmap(NULL, 3 * PAGE, PROT_READ, MAP_SHARED, fd, 0)) == MAP_FAILED)
		return 0;
	if (strcmp(resident(p, 4), "0000") != 0 || (p[PAGE] = 1, strcmp(resident(p, 4), "0100") != 0))
		return 0;
	if ((pid = fork()) == 0) {
		shared[PAGE] = 1;
		_exit(strcmp(resident(p, 4), "0100") == 0 ? 0 : 1);
	}
	if (!child_ok(pid) || strcmp(resident(shared, 2), "01") != 0 || strcmp(resident(f, 3), "110") != 0)
		return 0;
	if (madvise(p, 4 * PAGE, MADV_DONTNEED) != 0 || strcmp(resident(p, 4), "0000") != 0)
		return 0;
	if (mincore(p + 1, PAGE, (unsigned char *)buf) != -1 || errno != EINVAL)
		return 0;
	if (munmap(p + 2 * PAGE, PAGE) != 0 || mincore(p, 4 * PAGE, (unsigned char *)buf) != -1 || errno != ENOMEM)
		return 0;
	return mincore(p, PAGE, (unsigned char *)8) == -1 && errno == EFAULT && mincore(p, 0, NULL) == 0;
}

/* MAP_NORESERVE asks for no check against memory: a private mapping of
 * 1 GiB (more than cowvisor's default RAM) is made, its ends written. */
static int noreserve_beyond_ram(void)
{
	size_t len = 1ul << 30;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		return 0;
	p[0] = 1;
	p[len - 1] = 2;
	return p[0] == 1 && p[len - 1] == 2 && munmap(p, len) == 0;
}

/* A private PROT_NONE reservation is not memory Linux accounts: 1 GiB
 * (more than cowvisor's default RAM) is reserved, as Go's runtime
 * reserves its heap, and a MiB of it made writable in place and written. */
static int none_reservation_beyond_ram(void)
{
	size_t len = 1ul << 30;
	char *p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *q;

	if (p == MAP_FAILED)
		return 0;
	q = mmap(p + len / 2, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (q != p + len / 2)
		return 0;
	q[0] = 1;
	q[(1 << 20) - 1] = 2;
	return q[0] == 1 && munmap(p, len) == 0;
}

/* Unmapped parts of the range: ENOMEM, the mapped parts still dropped. */
static int dontneed_hole(void)
{
	char *p = anon(3, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	if (p == NULL || munmap(p + PAGE, PAGE))
		return 0;
	p[0] = 1;
	return madvise(p, 3 * PAGE, MADV_DONTNEED) == -1 && errno == ENOMEM && p[0] == 0;
}

/* ---- many mappings ---- */

/* NMAPS one-page mappings with alternating protection (no merging). */
static char **map_many(void)
{
	char **maps = anon((NMAPS * sizeof(char *) + PAGE - 1) / PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	if (maps == NULL)
		return NULL;
	for (int i = 0; i < NMAPS; i++)
		if ((maps[i] = anon(1, i % 2 ? PROT_READ : PROT_READ | PROT_WRITE, MAP_PRIVATE)) == NULL)
			return NULL;
	return maps;
}

/* They all exist, survive a fork, and go again. */
static int ten_thousand_mappings(void)
{
	char **maps = map_many();
	pid_t pid;

	if (maps == NULL)
		return 0;
	maps[0][0] = 1;
	maps[NMAPS - 2][0] = 2;
	pid = fork();
	if (pid == 0)
		_exit(maps[0][0] == 1 && maps[NMAPS - 2][0] == 2 && maps[NMAPS / 2][0] == 0 ? 0 : 1);
	if (!child_ok(pid))
		return 0;
	/* one munmap for all: they lie side by side (and each costs ~2 ms
	 * of emulated kernel code on kvm-pvm) */
	for (int i = 1; i < NMAPS; i++)
		if (maps[i] != maps[i - 1] - PAGE)
			return 0;
	if (munmap(maps[NMAPS - 1], NMAPS * PAGE))
		return 0;
	return mmap(maps[5], PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) == maps[5];
}

/* ---- execve argument limits ---- */

/* execve SELF argcheck with n copies of a string of len bytes (plus one
 * of len2 bytes when len2 >= 0) in a child; its wait status, or -errno
 * of a failed execve as 1000 + errno. */
static int exec_args(int n, int len, int len2)
{
	static char num[2][16];
	char *s = anon((size_t)(len > len2 ? len : len2) / PAGE + 1, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	char **argv = anon(((size_t)n + 6) * sizeof(char *) / PAGE + 1, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	int status, k = 0;
	pid_t pid;

	if (s == NULL || argv == NULL)
		return -1;
	fill(s, 'a', (size_t)(len > len2 ? len : len2));
	snprintf(num[0], sizeof(num[0]), "%d", n + (len2 >= 0));
	snprintf(num[1], sizeof(num[1]), "%d", len);
	argv[k++] = SELF;
	argv[k++] = "argcheck";
	argv[k++] = num[0];
	argv[k++] = num[1];
	for (int i = 0; i < n; i++)
		argv[k++] = s + (len > len2 ? 0 : len2 - len);
	if (len2 >= 0)
		argv[k++] = s + (len > len2 ? len - len2 : 0);
	argv[k] = NULL;
	pid = fork();
	if (pid == 0) {
		execve(SELF, argv, (char *[]){ "E=1", NULL });
		_exit(errno == E2BIG ? 100 : 101);
	}
	waitpid(pid, &status, 0);
	munmap(s, (size_t)(len > len2 ? len : len2) + 1);
	return status;
}

/* The exec target: N strings, each LEN bytes of 'a' (the last may differ
 * in length), laid out one after the other. */
static int argcheck(int argc, char **argv)
{
	int n = atoi(argv[2]), len = atoi(argv[3]);

	if (argc != 4 + n)
		return 1;
	for (int i = 4; i < argc - 1; i++)
		if (argv[i + 1] - argv[i] != len + 1 || argv[i][0] != 'a' || argv[i][len - 1] != 'a' ||
		    argv[i][len] != 0)
			return 2;
	return 0;
}

static int exec_status_ok(int st) { return WIFEXITED(st) && WEXITSTATUS(st) == 0; }
static int exec_status_e2big(int st) { return WIFEXITED(st) && WEXITSTATUS(st) == 100; }

/* 1 MiB of arguments, in strings of the longest length allowed. */
static int exec_1mib(void) { return exec_status_ok(exec_args(8, MAX_ARG_STRLEN - 1, -1)); }
/* One byte more in one string: E2BIG. */
static int exec_long_string(void) { return exec_status_e2big(exec_args(1, 8, MAX_ARG_STRLEN)); }
/* Strings and pointers just within 2 MiB; then one string too many. */
static int exec_2mib(void)
{
	/* 15 strings of 128 KiB, one 2 KiB shorter, the 5 other strings and
	 * 21 pointers stay below 2 MiB (with 4- or 8-byte pointers)... */
	int fit = exec_args(15, MAX_ARG_STRLEN - 1, ARG_TOTAL - 15 * MAX_ARG_STRLEN - 2048);
	/* ...and 16 strings of 128 KiB and one of 16 KiB do not. */
	int over = exec_args(16, MAX_ARG_STRLEN - 1, 16 * 1024);

	return exec_status_ok(fit) && exec_status_e2big(over);
}
/* More than the 4096 arguments a fixed table once allowed. */
static int exec_5000_args(void) { return exec_status_ok(exec_args(5000, 1, -1)); }

/* Shared anonymous memory for the statistics: SHM_PAGES pages, half
 * touched before fork; the child writes the other half, then the parent
 * reads them. Snapshots between the steps (the process running the case
 * is the parent). */
static int shm_stats(void)
{
	char *p = anon(SHM_PAGES, PROT_READ | PROT_WRITE, MAP_SHARED);
	int to_child[2], to_parent[2], sum = 0;
	pid_t pid;

	if (p == NULL || pipe(to_child) || pipe(to_parent))
		return 0;
	for (int i = 0; i < SHM_PAGES / 2; i++)
		p[i * PAGE] = 1;
	pid = fork();
	if (pid == 0) {
		syscall(CV_SYS_SNAPSHOT, "shm-forked");
		for (int i = SHM_PAGES / 2; i < SHM_PAGES; i++)
			p[i * PAGE] = 2;
		syscall(CV_SYS_SNAPSHOT, "shm-child-wrote");
		go(to_parent[1]);
		await(to_child[0]);
		_exit(0);
	}
	await(to_parent[0]);
	for (int i = SHM_PAGES / 2; i < SHM_PAGES; i++)
		sum += p[i * PAGE];
	syscall(CV_SYS_SNAPSHOT, "shm-parent-read");
	go(to_child[1]);
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
	return child_ok(pid) && sum == 2 * SHM_PAGES / 2 && munmap(p, SHM_PAGES * PAGE) == 0;
}

static const struct prog_case cases[] = {
	{ "shared anonymous: pages touched before and after fork are shared", shared_anon_after_fork, 0 },
	{ "shared anonymous: mprotect read-only to read-write keeps sharing", shared_anon_mprotect, 0 },
	{ "shared anonymous: MADV_DONTNEED keeps the content", shared_anon_dontneed, 0 },
	{ "shared anonymous: split by munmap, still shared", shared_anon_split, 0 },
	{ "mmap(MAP_SHARED, PROT_WRITE) of an O_RDONLY file", mmap_shared_write_rdonly_fd, 0 },
	{ "mprotect(PROT_WRITE) of a MAP_SHARED read-only file", mprotect_write_shared_file, 0 },
	{ "mprotect(PROT_WRITE) of a MAP_PRIVATE file", mprotect_write_private_file, 0 },
	{ "PROT_WRITE memory is readable", write_only_is_readable, 0 },
	{ "PROT_EXEC memory is readable", exec_only_is_readable, 0 },
	{ "PROT_NONE memory is not", none_is_not_readable, SIGSEGV },
	{ "MADV_DONTNEED: private anonymous pages read as zeros", dontneed_private_anon, 0 },
	{ "MADV_DONTNEED: private file pages read as the file", dontneed_private_file, 0 },
	{ "MADV_DONTNEED over a hole: ENOMEM", dontneed_hole, 0 },
	{ "MAP_NORESERVE: 1 GiB, more than the RAM, is mapped", noreserve_beyond_ram, 0 },
	{ "PROT_NONE: a 1 GiB reservation, part made writable", none_reservation_beyond_ram, 0 },
	{ "madvise: EINVAL and ENOMEM as Linux checks", madvise_checks, 0 },
	{ "mlock, munlock, mlock2, mlockall, munlockall: Linux's checks", mlock_checks, 0 },
	{ "mremap: shrink, grow in place, move, MREMAP_FIXED, MREMAP_DONTUNMAP", mremap_moves, 0 },
	{ "mremap: EINVAL and EFAULT as Linux checks", mremap_refusals, 0 },
	{ "mremap after fork: the parent's copy-on-write bytes stay", mremap_after_fork, 0 },
	{ "MADV_DONTFORK: not in the child; MADV_DOFORK: back", dontfork_dofork, 0 },
	{ "MADV_WIPEONFORK: zeros in the child, inherited; KEEPONFORK; EINVAL", wipeonfork, 0 },
	{ "mincore: resident pages; EINVAL, ENOMEM, EFAULT", mincore_answers, 0 },
	{ "10,000 mappings, fork, munmap", ten_thousand_mappings, 0 },
	{ "execve with 1 MiB of arguments", exec_1mib, 0 },
	{ "execve with a string longer than 128 KiB: E2BIG", exec_long_string, 0 },
	{ "execve with 2 MiB of arguments: fits; more: E2BIG", exec_2mib, 0 },
	{ "execve with 5,000 arguments", exec_5000_args, 0 },
	{ "shared anonymous: statistics run", shm_stats, 0 },
};

/* Nanoseconds of CLOCK_MONOTONIC. */
static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Timings for the report. */
static int timings(void)
{
	char **maps;
	long long t0, t1, t2;
	pid_t pid;

	t0 = now_ns();
	pid = fork();
	if (pid == 0)
		_exit(0);
	child_ok(pid);
	t1 = now_ns();
	if ((maps = map_many()) == NULL)
		return 1;
	t2 = now_ns();
	pid = fork();
	if (pid == 0)
		_exit(0);
	child_ok(pid);
	printf("fork+exit+wait with %d more mappings: %lld ms (without them: %lld ms; "
	       "mapping them: %lld ms)\n", NMAPS, (now_ns() - t2) / 1000000, (t1 - t0) / 1000000,
	       (t2 - t1) / 1000000);
	t0 = now_ns();
	for (int i = 0; i < NMAPS; i++)
		munmap(maps[i], PAGE);
	printf("munmap of them: %lld ms\n", (now_ns() - t0) / 1000000);
	t0 = now_ns();
	exec_args(1, 1, -1);
	t1 = now_ns();
	exec_args(8, MAX_ARG_STRLEN - 1, -1);
	t2 = now_ns();
	printf("fork+execve+exit+wait, 1 MiB of arguments: %lld ms (one short argument: %lld ms)\n",
	       (t2 - t1) / 1000000, (t1 - t0) / 1000000);
	return 0;
}

/* Map single pages of alternating protection until mmap fails: it must
 * be ENOMEM at 65,530 mappings in all; one munmap makes room for one
 * (shared: those never merge with a neighbour). */
static int limit(void)
{
	char *p, *last = NULL;
	int n = 0, e;

	while ((p = anon(1, n % 2 ? PROT_READ : PROT_READ | PROT_WRITE, MAP_PRIVATE)) != NULL) {
		last = p;
		n++;
	}
	e = errno;
	printf("mmap failed after %d more mappings: %s\n", n, strerror(e));
	if (e != ENOMEM || n < 65000 || n > 65530 || munmap(last, PAGE) != 0 ||
	    anon(1, PROT_READ, MAP_SHARED) == NULL || anon(1, PROT_READ, MAP_SHARED) != NULL) {
		printf("mapping limit: WRONG\n");
		return 1;
	}
	printf("mapping limit: ok\n");
	return 0;
}

int main(int argc, char **argv)
{
	int good = 0, total = 0;

	if (argc > 3 && strcmp(argv[1], "argcheck") == 0)
		return argcheck(argc, argv);
	if (argc > 1 && strcmp(argv[1], "time") == 0)
		return timings();
	if (argc > 1 && strcmp(argv[1], "limit") == 0)
		return limit();
	/* stdio allocates its buffer on the first printf: before "start" */
	printf("mm_linux: %zu cases\n", sizeof(cases) / sizeof(cases[0]));
	syscall(CV_SYS_SNAPSHOT, "start");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++, total++)
		good += case_run(&cases[i]);
	syscall(CV_SYS_SNAPSHOT, "end");
	printf("mm_linux: %d of %d as expected\n", good, total);
	return good == total ? 0 : 1;
}
