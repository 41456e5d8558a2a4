/* A signal handler that uses x87 and SSE does not disturb the code it
 * interrupted: its registers come back at sigreturn. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile double handler_result;

/* Compute with x87 and SSE registers in the handler. */
static void on_usr1(int sig)
{
	volatile double x = sig * 1.25;
	char buf[64];

	snprintf(buf, sizeof(buf), "%f", x * 3.0);   /* x87/SSE inside libc */
	handler_result = x;
	__asm__ volatile("pxor %%xmm0, %%xmm0; pxor %%xmm1, %%xmm1; fldz; fldz; fstp %%st(0); fstp %%st(0)"
			 ::: "memory");
}

int main(void)
{
	struct sigaction sa;
	unsigned char before[16] = "0123456789abcdef", after[16];
	double kept;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	/* Load xmm0 and an x87 value, take a signal, and read them back. */
	__asm__ volatile("movdqu %1, %%xmm0\n\t"
			 "fldpi\n\t"
			 "int $0x80\n\t"
			 "movdqu %%xmm0, %0\n\t"
			 "fstpl %2"
			 : "=m"(after), "+m"(before), "=m"(kept)
			 : "a"(37 /* kill */), "b"(getpid()), "c"(SIGUSR1)
			 : "memory");
	printf("xmm0 %s, st0 %s, handler computed %.2f\n",
	       memcmp(before, after, 16) == 0 ? "kept" : "CHANGED",
	       kept > 3.14159 && kept < 3.1416 ? "kept" : "CHANGED", handler_result);
	return memcmp(before, after, 16) == 0 && kept > 3.14159 && kept < 3.1416 ? 0 : 1;
}
