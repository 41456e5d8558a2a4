/* simdcpuid: what CPUID tells a 32-bit program about SSE2, and whether
 * SSE2 instructions work whatever it tells (cowvisor's simd32= word hides
 * the SIMD extensions from CPUID, not from the CPU). Prints
 * "simdcpuid: sse2 shown|hidden, paddd ok" and exits 0, or exits 1. */
#include <cpuid.h>
#include <stdint.h>
#include <stdio.h>

/* x[i] += y[i] for four words, by one SSE2 paddd. */
__attribute__((target("sse2"))) static void paddd(uint32_t x[4], const uint32_t y[4])
{
	__asm__ volatile("movdqu %1, %%xmm0\n\t"
			 "movdqu %0, %%xmm1\n\t"
			 "paddd %%xmm1, %%xmm0\n\t"
			 "movdqu %%xmm0, %0"
			 : "+m"(*(uint32_t(*)[4])x) : "m"(*(const uint32_t(*)[4])y) : "xmm0", "xmm1");
}

int main(void)
{
	unsigned a, b, c, d;
	uint32_t x[4] = { 1, 2, 3, 4 }, y[4] = { 10, 20, 30, 40 };

	if (!__get_cpuid(1, &a, &b, &c, &d)) {
		printf("simdcpuid: no CPUID leaf 1\n");
		return 1;
	}
	paddd(x, y);
	if (x[0] != 11 || x[1] != 22 || x[2] != 33 || x[3] != 44) {
		printf("simdcpuid: paddd gave %u %u %u %u\n", x[0], x[1], x[2], x[3]);
		return 1;
	}
	printf("simdcpuid: sse2 %s, paddd ok\n", d & bit_SSE2 ? "shown" : "hidden");
	return 0;
}
