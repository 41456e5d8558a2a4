/* bench_insnknown: known instruction sequences between segment markers,
 * for the test of the instruction-counting QEMU plugin
 * (tools/bench/insncount.c, tests/integration/test_insncount.c). Each
 * round runs, three times over:
 *   segment 1: mov $1000,%ecx; 1000 x (dec %ecx; jnz)  = 2001 user insns
 *   segment 2: mov $100,%ecx; rep movsb                = 2 user insns,
 *              1 rep execution of 100 iterations
 *   segment 3: mov $SYS_getpid,%eax; int $0x80         = 2 user insns and
 *              the kernel's system call
 * Markers are in the same asm statements, so no compiler code comes
 * between them. Prints "insnknown rounds=3" and exits 0. */
#include <stdio.h>
#include <sys/syscall.h>

#include "bench_marker.h"

#define ROUNDS 3

static char src[100], dst[100];

/* The three segments once. */
static void round_once(void)
{
	const char *from = src;
	char *to = dst;
	long pid;

	__asm__ volatile("nopl ((" BENCH_MARK_STR(BENCH_MARK_MAGIC) " << 16) + 1)(%%eax)\n\t"
			 "mov $1000, %%ecx\n"
			 "1:\tdec %%ecx\n\t"
			 "jnz 1b\n\t"
			 "nopl ((" BENCH_MARK_STR(BENCH_MARK_MAGIC) " << 16) + 0)(%%eax)"
			 ::: "ecx", "cc", "memory");
	__asm__ volatile("nopl ((" BENCH_MARK_STR(BENCH_MARK_MAGIC) " << 16) + 2)(%%eax)\n\t"
			 "mov $100, %%ecx\n\t"
			 "rep movsb\n\t"
			 "nopl ((" BENCH_MARK_STR(BENCH_MARK_MAGIC) " << 16) + 0)(%%eax)"
			 : "+S"(from), "+D"(to)
			 :: "ecx", "memory");
	__asm__ volatile("nopl ((" BENCH_MARK_STR(BENCH_MARK_MAGIC) " << 16) + 3)(%%eax)\n\t"
			 "mov %1, %%eax\n\t"
			 "int $0x80\n\t"
			 "nopl ((" BENCH_MARK_STR(BENCH_MARK_MAGIC) " << 16) + 0)(%%eax)"
			 : "=a"(pid) : "i"(SYS_getpid) : "memory");
	if (pid <= 0)
		printf("insnknown: getpid returned %ld\n", pid);
}

/* Entry point. */
int main(void)
{
	for (int i = 0; i < ROUNDS; i++)
		round_once();
	printf("insnknown rounds=%d\n", ROUNDS);
	return 0;
}
