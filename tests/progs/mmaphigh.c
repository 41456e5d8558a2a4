/* Where anonymous mmap puts memory: above 4 GiB for a 64-bit program
 * (Linux's top-down layout below the stack), and a MAP_FIXED mapping at
 * 8 GiB that holds what is written to it. An i386 program stays below
 * 4 GiB and says so. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

int main(void)
{
	char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int local;

	if (p == MAP_FAILED)
		return 1;
	memset(p, 'x', 1 << 20);
	printf("mmap: %s 4 GiB, contents %s\n", (uint64_t)(uintptr_t)p >> 32 ? "above" : "below",
	       p[0] == 'x' && p[(1 << 20) - 1] == 'x' ? "kept" : "LOST");
	printf("stack: %s 4 GiB\n", (uint64_t)(uintptr_t)&local >> 32 ? "above" : "below");
#if UINTPTR_MAX > 0xffffffffu
	char *q = mmap((void *)(8ull << 30), 8192, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (q == MAP_FAILED)
		return 2;
	q[0] = 'a';
	q[8191] = 'z';
	printf("MAP_FIXED at 8 GiB: %s\n", q == (char *)(8ull << 30) && q[0] == 'a' && q[8191] == 'z'
	       ? "ok" : "WRONG");
	munmap(q, 8192);
#endif
	return munmap(p, 1 << 20) == 0 ? 0 : 3;
}
