/* AVX state across preemption: two processes keep different values in all
 * their YMM registers (upper halves included) while the other one runs,
 * round after round, and check them. Each round, a process loads its
 * values, then waits (spinning, registers untouched) until the other has
 * run twice since: only preemption switches them, and each switch must
 * keep both processes' registers. Where user mode has no AVX (CPUID's AVX
 * or OSXSAVE bit clear, or XCR0 without the YMM state) it says so and
 * passes. As x86-64, also: a vfork child loads its own values and exits,
 * a signal handler loads its own and returns; the parent, the interrupted
 * code, finds its own. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 40
#ifdef __x86_64__
#define NREGS 16
#else
#define NREGS 8 /* 32-bit mode has ymm0..ymm7 */
#endif

/* Does user mode have AVX: CPUID says AVX and OSXSAVE, XCR0 has SSE and
 * YMM state? */
static int have_avx(void)
{
	uint32_t a, b, c, d, lo, hi;

	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	if (!(c & (1u << 27)) || !(c & (1u << 28)))
		return 0;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (lo & 6) == 6;
}

#define LOAD(n)  "vmovdqu " #n "*32(%[in]), %%ymm" #n "\n\t"
#define STORE(n) "vmovdqu %%ymm" #n ", " #n "*32(%[out])\n\t"
#define EACH8(M)  M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7)
#ifdef __x86_64__
#define EACH(M) EACH8(M) M(8) M(9) M(10) M(11) M(12) M(13) M(14) M(15)
#define CLOBBERS , "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", \
	"xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"
#else
#define EACH(M) EACH8(M)
/* -m32 code has no SSE registers to clobber: the compiler uses none */
#define CLOBBERS
#endif

/* Load in into the YMM registers; announce step 2r+1 in *mine and wait
 * for the other's 2r+1, then 2r+2 likewise (so the other ran after the
 * load); store the registers to out. */
static void hold(const uint32_t *in, uint32_t *out, volatile uint32_t *mine,
		 volatile uint32_t *theirs, uint32_t r)
{
	uint32_t s1 = 2 * r + 1, s2 = 2 * r + 2;

	__asm__ volatile(EACH(LOAD)
			 "movl %[s1], (%[mine])\n"
			 "1:\tcmpl %[s1], (%[theirs])\n\t"
			 "jb 1b\n\t"
			 "movl %[s2], (%[mine])\n"
			 "2:\tcmpl %[s2], (%[theirs])\n\t"
			 "jb 2b\n\t"
			 EACH(STORE)
			 "vzeroupper"
			 :: [in] "r"(in), [out] "r"(out), [mine] "r"(mine), [theirs] "r"(theirs),
			    [s1] "r"(s1), [s2] "r"(s2)
			 : "memory" CLOBBERS);
}

/* Process me's values for round r, different in every 32-bit word. */
static void values(uint32_t *v, int me, uint32_t r)
{
	for (uint32_t i = 0; i < NREGS * 8; i++)
		v[i] = (uint32_t)(me + 1) << 28 | r << 16 | i << 4 | 0x5;
}

#ifdef __x86_64__
/* vfork with in in the YMM registers; the child loads other values and
 * exits; the parent, resumed, stores its registers to out. Raw system
 * calls in one asm statement: nothing between them touches a register. */
static void hold_across_vfork(const uint32_t *in, const uint32_t *other, uint32_t *out)
{
	__asm__ volatile(EACH(LOAD)
			 "mov $58, %%eax\n\t"      /* vfork */
			 "syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "mov %[other], %[in]\n\t"
			 EACH(LOAD)
			 "mov $60, %%eax\n\t"      /* exit(0) */
			 "xor %%edi, %%edi\n\t"
			 "syscall\n"
			 "1:\n\t"
			 EACH(STORE)
			 "vzeroupper"
			 : [in] "+r"(in)
			 : [other] "r"(other), [out] "r"(out)
			 : "rax", "rcx", "rdi", "r11", "memory" CLOBBERS);
}

static uint32_t handler_values[NREGS * 8] __attribute__((aligned(32)));

/* A handler that fills every YMM register with its own values. */
static void clobber(int sig)
{
	(void)sig;
	__asm__ volatile("mov %[in], %%rax\n\t"
			 EACH(LOAD)
			 "vzeroupper"
			 :: [in] "r"(handler_values) : "rax", "memory" CLOBBERS);
}

/* in in the YMM registers while a signal's handler runs (kill of itself
 * by raw system calls); store them to out afterwards. */
static void hold_across_signal(const uint32_t *in, uint32_t *out)
{
	__asm__ volatile(EACH(LOAD)
			 "mov $39, %%eax\n\t"      /* getpid */
			 "syscall\n\t"
			 "mov %%eax, %%edi\n\t"
			 "mov $10, %%esi\n\t"      /* SIGUSR1 */
			 "mov $62, %%eax\n\t"      /* kill: the handler runs on return */
			 "syscall\n\t"
			 EACH(STORE)
			 "vzeroupper"
			 :: [in] "r"(in), [out] "r"(out)
			 : "rax", "rcx", "rdx", "rdi", "rsi", "r11", "memory" CLOBBERS);
}

/* Does a signal handler that loads its own YMM values leave the
 * interrupted code's (the frame carries them)? */
static int signal_keeps(void)
{
	uint32_t in[NREGS * 8] __attribute__((aligned(32))), out[NREGS * 8] __attribute__((aligned(32)));

	values(in, 0, 3);
	values(handler_values, 2, 5);
	signal(SIGUSR1, clobber);
	hold_across_signal(in, out);
	return memcmp(in, out, sizeof in) == 0;
}

/* Does a vfork child that loads its own YMM values leave its parent's? */
static int vfork_keeps(void)
{
	uint32_t in[NREGS * 8] __attribute__((aligned(32))), other[NREGS * 8] __attribute__((aligned(32)));
	uint32_t out[NREGS * 8] __attribute__((aligned(32)));

	values(in, 0, 7);
	values(other, 1, 9);
	hold_across_vfork(in, other, out);
	while (wait(NULL) > 0)
		;
	return memcmp(in, out, sizeof in) == 0;
}
#endif

/* Run the rounds as process me; the number of rounds that lost values. */
static int rounds(int me, volatile uint32_t *step)
{
	uint32_t in[NREGS * 8] __attribute__((aligned(32))), out[NREGS * 8] __attribute__((aligned(32)));
	int bad = 0;

	for (uint32_t r = 0; r < ROUNDS; r++) {
		values(in, me, r);
		memset(out, 0, sizeof out);
		hold(in, out, &step[me], &step[!me], r);
		for (int i = 0; i < NREGS * 8; i++) {
			if (out[i] != in[i]) {
				if (bad++ == 0)
					printf("ymm: process %d round %u: ymm%d word %d is %#x, not %#x\n",
					       me, r, i / 8, i % 8, out[i], in[i]);
				break;
			}
		}
	}
	step[me] = 2 * ROUNDS + 2; /* the other is never left waiting */
	return bad;
}

int main(void)
{
	volatile uint32_t *step;
	int status, bad;
	pid_t pid;

	if (!have_avx()) {
		printf("ymm: skipped: no AVX in user mode (CPUID AVX/OSXSAVE or XCR0)\n");
		return 0;
	}
	step = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (step == MAP_FAILED)
		return 1;
	fflush(stdout);
	if ((pid = fork()) < 0)
		return 1;
	if (pid == 0)
		_exit(rounds(1, step) != 0);
	bad = rounds(0, step);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		bad++;
	if (bad == 0)
		printf("ymm: 2 processes x %d rounds, %d registers each kept: ok\n", ROUNDS, NREGS);
#ifdef __x86_64__
	if (!vfork_keeps())
		bad++, printf("ymm: a vfork child's values reached its parent\n");
	else
		printf("ymm: vfork child's values stay its own: ok\n");
	if (!signal_keeps())
		bad++, printf("ymm: a signal handler's values reached the interrupted code\n");
	else
		printf("ymm: signal handler's values stay its own: ok\n");
#endif
	return bad != 0;
}
