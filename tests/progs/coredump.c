/* A child that dies of SIGSEGV after writing to a copy-on-write page, for
 * --core-dir: the parent fills two pages before fork, the child overwrites
 * the first and crashes in crash_here() called from child_main(); the
 * parent prints the pages' addresses, the child's pid and how it died
 * ("core" when the wait status carries WCOREDUMP). Before the fault it
 * loads FP_VALUE into the x87 stack's top (and, as x86-64, XMM_BYTES into
 * xmm1), for the core's FPU notes. With an argument "abort" the child
 * calls abort() instead (SIGABRT). Built -g (progs.mk) for gdb. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096
#define WRITTEN_BY_CHILD "child wrote this page"
#define PARENTS_VALUE    "parent's value, shared"

static char cow_page[PAGE] __attribute__((aligned(PAGE)));    /* the child writes it */
static char shared_page[PAGE] __attribute__((aligned(PAGE))); /* left shared */

static const double fp_value = 2.75; /* FP_VALUE in the test */
static const unsigned char xmm_bytes[16] = { 0x10, 0x21, 0x32, 0x43, 0x54, 0x65, 0x76, 0x87,
					     0x98, 0xa9, 0xba, 0xcb, 0xdc, 0xed, 0xfe, 0x0f };

/* Die here: a write through a null pointer (or abort()), with known
 * values in the FPU's registers. */
__attribute__((noinline)) static void crash_here(int how_abort)
{
	volatile int *p = (int *)0;

	if (how_abort)
		abort();
	__asm__ volatile("fldl %0" : : "m"(fp_value));
#ifdef __x86_64__
	__asm__ volatile("movdqu %0, %%xmm1" : : "m"(xmm_bytes) : "xmm1");
#else
	(void)xmm_bytes;
#endif
	*p = 42;
}

/* The child: write one page, then crash. */
__attribute__((noinline)) static void child_main(int how_abort)
{
	strcpy(cow_page, WRITTEN_BY_CHILD);
	crash_here(how_abort);
	_exit(0);
}

int main(int argc, char **argv)
{
	int how_abort = argc > 1 && strcmp(argv[1], "abort") == 0;
	int status;
	pid_t pid;

	strcpy(cow_page, PARENTS_VALUE);
	strcpy(shared_page, PARENTS_VALUE);
	printf("cow_page 0x%lx shared_page 0x%lx\n", (unsigned long)cow_page,
	       (unsigned long)shared_page);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		child_main(how_abort);
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		printf("fork or wait failed\n");
		return 1;
	}
	printf("child %d: %s %d%s\n", (int)pid, WIFSIGNALED(status) ? "signal" : "exit",
	       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status),
	       WIFSIGNALED(status) && WCOREDUMP(status) ? " core" : "");
	printf("parent still has: %s\n", cow_page);
	return 0;
}
