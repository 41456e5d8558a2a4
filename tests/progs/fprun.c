/* fprun: SSE and x87 instructions mixed with integer code, jumps and loops,
 * as glibc's string functions and compiled floating point mix them. Where
 * the kernel runs a whole straight-line run of such code natively (the
 * compat FPU trampoline on kvm-pvm), every instruction of the run must do
 * what it does in 32-bit mode, and a fault inside the run must name the
 * faulting instruction. Checks:
 *   - an SSE loop (psadbw sum) against a plain C sum;
 *   - inc/dec r32, lea and loads relative to esp, an absolute-address
 *     store, setcc and cmov next to SSE instructions;
 *   - the string functions of the libc against byte loops, over lengths
 *     and alignments;
 *   - a bad load and an integer division by zero right after SSE
 *     instructions: SIGSEGV and SIGFPE with eip at the instruction.
 * Prints "fprun: N checks ok" and exits 0, or names each failure and
 * exits 1. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

int sse_sum(const uint8_t *p, int blocks);
int mixed(int arg);
int bad_load(const int *p);
int divide(int d);
extern char bad_load_at[], divide_at[];
int abs_slot;

__asm__(".text\n"
	".globl sse_sum\n"
	"sse_sum:\n"                       /* psadbw over blocks of 16 bytes */
	"	movl 4(%esp), %ecx\n"
	"	movl 8(%esp), %edx\n"
	"	pxor %xmm1, %xmm1\n"
	"	pxor %xmm2, %xmm2\n"
	"1:	movdqu (%ecx), %xmm0\n"
	"	psadbw %xmm2, %xmm0\n"
	"	paddq %xmm0, %xmm1\n"
	"	addl $16, %ecx\n"
	"	decl %edx\n"
	"	jnz 1b\n"
	"	movdqa %xmm1, %xmm0\n"
	"	psrldq $8, %xmm0\n"
	"	paddq %xmm1, %xmm0\n"
	"	movd %xmm0, %eax\n"
	"	ret\n"
	".globl mixed\n"
	"mixed:\n"                         /* ((5 + 2 - 1 + arg) stored, compared, ...) */
	"	pxor %xmm0, %xmm0\n"
	"	movl $5, %eax\n"
	"	incl %eax\n"
	"	incl %eax\n"
	"	decl %eax\n"
	"	leal 4(%esp), %ecx\n"
	"	movl (%ecx), %ecx\n"
	"	movd %ecx, %xmm0\n"
	"	addl %ecx, %eax\n"
	"	movl %eax, abs_slot\n"
	"	cmpl $10, %eax\n"
	"	setg %dl\n"
	"	movzbl %dl, %edx\n"
	"	movd %xmm0, %ecx\n"
	"	cmovg %edx, %ecx\n"
	"	shll $8, %ecx\n"
	"	orl %ecx, %eax\n"
	"	movl 4(%esp), %edx\n"
	"	cmpl %edx, abs_slot\n"
	"	jbe 2f\n"
	"	addl $0x10000, %eax\n"
	"2:	ret\n"
	".globl bad_load\n"
	"bad_load:\n"
	"	movl 4(%esp), %ecx\n"
	"	pxor %xmm0, %xmm0\n"
	"	movd %ecx, %xmm0\n"
	".globl bad_load_at\n"
	"bad_load_at:\n"
	"	movl (%ecx), %eax\n"
	"	ret\n"
	".globl divide\n"
	"divide:\n"
	"	movl 4(%esp), %ecx\n"
	"	xorl %edx, %edx\n"
	"	movl $100, %eax\n"
	"	pxor %xmm0, %xmm0\n"
	".globl divide_at\n"
	"divide_at:\n"
	"	divl %ecx\n"
	"	ret\n");

static int checks, failures;
static sigjmp_buf back;
static volatile uint32_t fault_eip;

/* Count a check; report it when it failed. */
static void check(int ok, const char *what, long got, long want)
{
	checks++;
	if (!ok) {
		failures++;
		printf("fprun: FAIL %s: got %ld, want %ld\n", what, got, want);
	}
}

/* Note where the fault was and leave the faulting code. */
static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	fault_eip = (uint32_t)((ucontext_t *)uc)->uc_mcontext.gregs[REG_EIP];
	siglongjmp(back, 1);
}

/* The SSE loop against a byte sum. */
static void check_sse_sum(void)
{
	static uint8_t buf[16 * 40];
	long want = 0;

	for (unsigned i = 0; i < sizeof buf; i++) {
		buf[i] = (uint8_t)(i * 7 + 3);
		want += buf[i];
	}
	check(sse_sum(buf, 40) == want, "sse_sum(40 blocks)", sse_sum(buf, 40), want);
	want = 0;
	for (unsigned i = 16; i < 32; i++)
		want += buf[i];
	check(sse_sum(buf + 16, 1) == want, "sse_sum(1 block)", sse_sum(buf + 16, 1), want);
}

/* Integer instructions between SSE ones: the values C computes. */
static void check_mixed(void)
{
	for (int arg = 0; arg < 12; arg += 3) {
		int sum = 6 + arg, want = sum | ((sum > 10 ? 1 : arg) << 8);

		want += sum > arg ? 0x10000 : 0;
		check(mixed(arg) == want, "mixed", mixed(arg), want);
		check(abs_slot == sum, "absolute store", abs_slot, sum);
	}
}

/* The libc's string functions against byte loops. */
static void check_strings(void)
{
	static char a[96], b[96];

	for (int align = 0; align < 16; align += 5) {
		for (int len = 0; len < 40; len++) {
			char *s = a + align, *d = b + (15 - align);
			size_t n = 0;

			memset(a, 'x', sizeof a);
			for (int i = 0; i < len; i++)
				s[i] = (char)('a' + (i * 5 + align) % 26);
			s[len] = 0;
			while (s[n])
				n++;
			check(strlen(s) == n, "strlen", (long)strlen(s), (long)n);
			memcpy(d, s, (size_t)len + 1);
			check(memcmp(d, s, (size_t)len + 1) == 0 && strcmp(d, s) == 0, "memcpy", 0, 0);
			check(strchr(s, 0) == s + len, "strchr(0)", (long)(strchr(s, 0) - s), len);
			check(memchr(s, '#', (size_t)len) == NULL, "memchr", 0, 0);
		}
	}
}

/* Faults right after SSE instructions name the faulting instruction. */
static void check_faults(void)
{
	struct sigaction sa = { 0 };

	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	fault_eip = 0;
	if (sigsetjmp(back, 1) == 0)
		bad_load((const int *)16);
	check(fault_eip == (uint32_t)(uintptr_t)bad_load_at, "SIGSEGV eip", fault_eip,
	      (long)(uintptr_t)bad_load_at);
	fault_eip = 0;
	if (sigsetjmp(back, 1) == 0)
		divide(0);
	check(fault_eip == (uint32_t)(uintptr_t)divide_at, "SIGFPE eip", fault_eip,
	      (long)(uintptr_t)divide_at);
	check(divide(7) == 14, "divide", divide(7), 14);
}

int main(void)
{
	check_sse_sum();
	check_mixed();
	check_strings();
	check_faults();
	if (failures) {
		printf("fprun: %d of %d checks failed\n", failures, checks);
		return 1;
	}
	printf("fprun: %d checks ok\n", checks);
	return 0;
}
