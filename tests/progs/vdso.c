/* The vDSO as a program finds it: through getauxval(AT_SYSINFO_EHDR), an
 * ELF image whose dynamic symbols (with their versions) it resolves and
 * calls; each time function agrees with its system call. On i386 also
 * AT_SYSINFO (__kernel_vsyscall) and handlers installed without
 * SA_RESTORER, which return through the vDSO's sigreturn; on x86-64 such a
 * handler cannot be entered (SIGSEGV, as Linux). Prints the same lines on
 * the host as in the guest. With the argument "mapping" also: fork keeps
 * the vDSO, a write after mprotect copies the page (the shared one is
 * unchanged) and munmap removes it, as Linux 6.1 allows (later Linux seals
 * the vDSO: EINVAL). */
#include <elf.h>
#include <errno.h>
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define VERSION_TIME "LINUX_2.6"   /* the time functions' version (both ABIs) */
#define VERSION_KERNEL "LINUX_2.5" /* i386's __kernel_* entry points' */

/* The vDSO's dynamic tables, once found. */
static struct {
	uintptr_t base;               /* where it is mapped */
	intptr_t bias;                /* base - its first PT_LOAD's vaddr */
	const ElfW(Sym) *sym;
	const char *str;
	const ElfW(Word) *hash;       /* DT_HASH: nbucket, nchain, ... */
	const ElfW(Half) *versym;
	const ElfW(Verdef) *verdef;
	const char *soname;
} vd;

/* Fail with a message. */
static void __attribute__((noreturn)) die(const char *what)
{
	printf("FAIL: %s\n", what);
	exit(1);
}

/* Read the vDSO's program headers and dynamic section. */
static void find_tables(void)
{
	const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)vd.base;
	const ElfW(Phdr) *ph = (const ElfW(Phdr) *)(vd.base + eh->e_phoff);
	const ElfW(Dyn) *dyn = NULL;
	uintptr_t soname = 0;

	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_type != ET_DYN)
		die("AT_SYSINFO_EHDR is not an ELF shared object");
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && vd.bias == 0)
			vd.bias = (intptr_t)(vd.base - ph[i].p_vaddr);
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const ElfW(Dyn) *)(ph[i].p_vaddr);
	}
	if (dyn == NULL)
		die("no PT_DYNAMIC");
	dyn = (const ElfW(Dyn) *)((uintptr_t)dyn + vd.bias);
	for (; dyn->d_tag != DT_NULL; dyn++) {
		uintptr_t at = dyn->d_un.d_ptr + vd.bias; /* the vDSO is not relocated */
		switch (dyn->d_tag) {
		case DT_SYMTAB: vd.sym = (const ElfW(Sym) *)at; break;
		case DT_STRTAB: vd.str = (const char *)at; break;
		case DT_HASH: vd.hash = (const ElfW(Word) *)at; break;
		case DT_VERSYM: vd.versym = (const ElfW(Half) *)at; break;
		case DT_VERDEF: vd.verdef = (const ElfW(Verdef) *)at; break;
		case DT_SONAME: soname = dyn->d_un.d_val; break;
		}
	}
	if (!vd.sym || !vd.str || !vd.hash || !vd.versym || !vd.verdef || !soname)
		die("a dynamic table is missing");
	vd.soname = vd.str + soname;
}

/* Does symbol i have version name? */
static int has_version(unsigned i, const char *name)
{
	const ElfW(Verdef) *d = vd.verdef;
	unsigned ndx = vd.versym[i] & 0x7fff;

	for (;;) {
		if (d->vd_ndx == ndx) {
			const ElfW(Verdaux) *a = (const ElfW(Verdaux) *)((const char *)d + d->vd_aux);
			return strcmp(vd.str + a->vda_name, name) == 0;
		}
		if (d->vd_next == 0)
			return 0;
		d = (const ElfW(Verdef) *)((const char *)d + d->vd_next);
	}
}

/* The address of function name@version in the vDSO, or NULL. */
static void *lookup(const char *name, const char *version)
{
	for (unsigned i = 0; i < vd.hash[1]; i++) { /* nchain: the symbol count */
		const ElfW(Sym) *s = &vd.sym[i];
		if (s->st_shndx != SHN_UNDEF && ELF64_ST_TYPE(s->st_info) == STT_FUNC &&
		    strcmp(vd.str + s->st_name, name) == 0 && has_version(i, version))
			return (void *)(s->st_value + vd.bias);
	}
	return NULL;
}

/* name@version, which must be there. */
static void *need(const char *name, const char *version)
{
	void *f = lookup(name, version);

	if (f == NULL) {
		printf("FAIL: %s@%s missing\n", name, version);
		exit(1);
	}
	return f;
}

/* The kernel's own timespec and timeval of the ABI (the vDSO's and the
 * old system calls': 32-bit on i386, whatever time_t the libc has). */
struct kts { long sec, nsec; };
struct ktv { long sec, usec; };

#ifndef SYS_clock_gettime /* musl i386 names the 32-bit calls so */
#define SYS_clock_gettime SYS_clock_gettime32
#define SYS_clock_getres SYS_clock_getres_time32
#define SYS_gettimeofday SYS_gettimeofday_time32
#endif

typedef long (*gettime_fn)(long clock, struct kts *ts);
typedef long (*gettimeofday_fn)(struct ktv *tv, void *tz);
typedef long (*time_fn)(long *t);

/* Call the time functions; each agrees with its system call within a
 * second (the vDSO returns -errno itself: no errno). */
static void check_time(void)
{
	gettime_fn gettime = (gettime_fn)need("__vdso_clock_gettime", VERSION_TIME);
	gettimeofday_fn gtod = (gettimeofday_fn)need("__vdso_gettimeofday", VERSION_TIME);
	time_fn vtime = (time_fn)need("__vdso_time", VERSION_TIME);
	gettime_fn getres = (gettime_fn)need("__vdso_clock_getres", VERSION_TIME);
	struct kts a, b, r1 = { 0, 0 };
	struct ktv tv;
	long t1, t2, rc, rc2;

	if ((rc = gettime(CLOCK_REALTIME, &a)) != 0 || syscall(SYS_clock_gettime, CLOCK_REALTIME, &b))
		die("clock_gettime");
	printf("clock_gettime(REALTIME): %s\n", labs(a.sec - b.sec) <= 1 ? "agrees" : "differs");
	if (gettime(CLOCK_MONOTONIC, &a) || syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b))
		die("clock_gettime(MONOTONIC)");
	printf("clock_gettime(MONOTONIC): %s\n", labs(a.sec - b.sec) <= 1 ? "agrees" : "differs");
	printf("clock_gettime(bad clock): %s\n", gettime(-100, &a) == -EINVAL ? "-EINVAL" : "other");
	if (gtod(&tv, NULL) || syscall(SYS_gettimeofday, &b, NULL))
		die("gettimeofday");
	printf("gettimeofday: %s\n", labs(tv.sec - b.sec) <= 1 ? "agrees" : "differs");
	t1 = vtime(&t2);
	printf("time: %s\n", t1 == t2 && labs(t1 - (long)time(NULL)) <= 1 ? "agrees" : "differs");
	rc = getres(CLOCK_MONOTONIC, &r1);
	rc2 = syscall(SYS_clock_getres, CLOCK_MONOTONIC, &b);
	printf("clock_getres: %s\n", (rc == 0) == (rc2 == 0) ? "as the system call" : "differs");
#ifdef __x86_64__
	long (*getcpu)(unsigned *, unsigned *, void *) =
		(long (*)(unsigned *, unsigned *, void *))need("__vdso_getcpu", VERSION_TIME);
	unsigned c1 = 0, c2 = 0;
	rc = getcpu(&c1, NULL, NULL);
	rc2 = syscall(SYS_getcpu, &c2, NULL, NULL);
	printf("getcpu: %s\n", (rc == 0) == (rc2 == 0) ? "as the system call" : "differs");
	need("clock_gettime", VERSION_TIME); /* the unprefixed names too */
	need("gettimeofday", VERSION_TIME);
	need("time", VERSION_TIME);
	need("getcpu", VERSION_TIME);
#endif
}

#ifdef __i386__
static volatile int handled;

/* A handler of either kind: counts. */
static void on_usr1(int sig)
{
	handled += sig == SIGUSR1;
}

/* Install on_usr1 for SIGUSR1 with the raw rt_sigaction, without
 * SA_RESTORER (flags: SA_SIGINFO or not), raise it, and say whether the
 * handler ran and returned. */
static void raw_handler(unsigned long flags)
{
	struct { void (*handler)(int); unsigned long flags; void (*restorer)(void); uint32_t mask[2]; }
		ksa = { on_usr1, flags, NULL, { 0, 0 } };

	handled = 0;
	if (syscall(SYS_rt_sigaction, SIGUSR1, &ksa, NULL, 8) != 0)
		die("rt_sigaction");
	syscall(SYS_kill, getpid(), SIGUSR1);
	printf("handler without SA_RESTORER%s: %s\n", flags ? " (SA_SIGINFO)" : "",
	       handled == 1 ? "returned" : "did not run");
}

/* AT_SYSINFO is __kernel_vsyscall, which makes a system call. */
static void check_vsyscall(void)
{
	void *vsys = need("__kernel_vsyscall", VERSION_KERNEL);
	long pid;

	need("__kernel_sigreturn", VERSION_KERNEL);
	need("__kernel_rt_sigreturn", VERSION_KERNEL);
	printf("AT_SYSINFO: %s\n", (void *)getauxval(AT_SYSINFO) == vsys ? "__kernel_vsyscall" : "elsewhere");
	__asm__ volatile("call *%1" : "=a"(pid) : "r"(vsys), "0"(SYS_getpid) : "memory");
	printf("__kernel_vsyscall(getpid): %s\n", pid == getpid() ? "agrees" : "differs");
	raw_handler(0);
	raw_handler(SA_SIGINFO);
}
#else
/* A handler without SA_RESTORER cannot be entered on x86-64: the signal
 * kills the process with SIGSEGV, as Linux does. */
static void check_no_restorer(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		struct { void (*handler)(int); unsigned long flags; void (*restorer)(void); uint64_t mask; }
			ksa = { (void (*)(int))exit, 0, NULL, 0 };
		syscall(SYS_rt_sigaction, SIGUSR1, &ksa, NULL, 8);
		syscall(SYS_kill, getpid(), SIGUSR1);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	printf("handler without SA_RESTORER: %s\n",
	       WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV ? "SIGSEGV" : "other");
}
#endif

/* System call nr with two arguments, with int $0x80 on i386: glibc's and
 * musl's go through __kernel_vsyscall, which cannot return once unmapped
 * (nor on Linux). */
static long raw2(long nr, long a, long b)
{
#ifdef __i386__
	long rc;

	__asm__ volatile("int $0x80" : "=a"(rc) : "0"(nr), "b"(a), "c"(b) : "memory");
	return rc;
#else
	return syscall(nr, a, b);
#endif
}

/* fork keeps the vDSO; a child's write after mprotect copies its page
 * (the parent's, shared, is unchanged); munmap removes it. */
static void check_mapping(void)
{
	volatile uint8_t *last = (volatile uint8_t *)(vd.base + 4095); /* padding */
	uint8_t before = *last;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		struct kts ts;
		gettime_fn gettime = (gettime_fn)need("__vdso_clock_gettime", VERSION_TIME);
		if (gettime(CLOCK_REALTIME, &ts) != 0)
			_exit(1);
		if (mprotect((void *)vd.base, 4096, PROT_READ | PROT_WRITE | PROT_EXEC) != 0)
			_exit(2);
		*last = (uint8_t)(before + 1);
		_exit(*last == (uint8_t)(before + 1) ? 0 : 3);
	}
	waitpid(pid, &status, 0);
	printf("child: vDSO call, mprotect and write: %s\n",
	       WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "ok" : "failed");
	printf("parent's vDSO page after the child's write: %s\n", *last == before ? "unchanged" : "changed");
	if ((pid = fork()) == 0)
		raw2(SYS_exit_group, raw2(SYS_munmap, (long)vd.base, 4096) == 0 ? 0 : 1, 0);
	waitpid(pid, &status, 0);
	printf("munmap of the vDSO: %s\n", WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "ok" : "failed");
}

int main(int argc, char **argv)
{
	if ((vd.base = getauxval(AT_SYSINFO_EHDR)) == 0)
		die("no AT_SYSINFO_EHDR");
	if (vd.base % 4096)
		die("AT_SYSINFO_EHDR not page aligned");
	find_tables();
	printf("vdso: %s\n", vd.soname);
	check_time();
#ifdef __i386__
	check_vsyscall();
#else
	check_no_restorer();
#endif
	if (argc > 1 && strcmp(argv[1], "mapping") == 0)
		check_mapping();
	printf("vdso: done\n");
	return 0;
}
