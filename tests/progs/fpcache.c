/* fpcache: x87 code that changes under the FPU trampoline's cache, and an
 * FPU instruction on the last byte before an unmapped page. On kvm-pvm the
 * kernel caches translated runs of such code by eip; a run whose bytes
 * changed must be translated again, and the #UD entry's look at the
 * instruction bytes must not fault the kernel at a page end. Checks:
 *   - a function "fld1; fstp [eax]" in a writable code page, called twice,
 *     then rewritten in place to fldz and to fldl2t and called again: each
 *     call stores what its current bytes say;
 *   - fwait as the last byte of a page whose next page is unmapped: the
 *     fetch after it raises SIGSEGV at the next page's first address.
 * Prints "fpcache: ok" and exits 0, or names the failure and exits 1. */
#define _GNU_SOURCE
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

static sigjmp_buf back;
static void *fault_addr;

/* SIGSEGV: remember the address, return to the check. */
static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	fault_addr = si->si_addr;
	siglongjmp(back, 1);
}

/* Call the function at code (the ABI's calling convention) with a float
 * pointer; returns what it stored. */
static float call_store(const uint8_t *code)
{
	float f = -1.0f;

	((void (*)(float *))(uintptr_t)code)(&f);
	return f;
}

/* Rewrite and call the x87 function three ways; 0 when all stored right. */
static int check_rewrites(uint8_t *code)
{
#ifdef __x86_64__
	/* mov rax, rdi; nop; fld1; fstp dword [rax]; ret (the argument in rdi) */
	static const uint8_t fn[] = { 0x48, 0x89, 0xf8, 0x90, 0xd9, 0xe8, 0xd9, 0x18, 0xc3 };
#else
	/* mov eax, [esp+4]; fld1; fstp dword [eax]; ret */
	static const uint8_t fn[] = { 0x8b, 0x44, 0x24, 0x04, 0xd9, 0xe8, 0xd9, 0x18, 0xc3 };
#endif
	static const struct { uint8_t op; float want; } ways[] = {
		{ 0xe8, 1.0f }, { 0xe8, 1.0f }, { 0xee, 0.0f }, { 0xe9, (float)M_LN10 / (float)M_LN2 }, { 0xe8, 1.0f },
	};
	int bad = 0;

	memcpy(code, fn, sizeof fn);
	for (unsigned i = 0; i < sizeof ways / sizeof ways[0]; i++) {
		float got;

		code[5] = ways[i].op; /* the second byte of fld1 / fldz / fldl2t */
		__builtin___clear_cache((char *)code, (char *)code + sizeof fn);
		got = call_store(code);
		if (fabsf(got - ways[i].want) > 1e-6f) {
			printf("fpcache: call %u (d9 %02x) stored %g, not %g\n", i, ways[i].op, got, ways[i].want);
			bad = 1;
		}
	}
	return bad;
}

/* fwait on the last byte before an unmapped page; 0 when the fetch after it
 * faults at that page. */
static int check_page_end(uint8_t *two_pages)
{
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO | SA_NODEFER };
	uint8_t *last = two_pages + PAGE - 1;

	if (munmap(two_pages + PAGE, PAGE) != 0 || sigaction(SIGSEGV, &sa, 0) != 0) {
		perror("fpcache: munmap/sigaction");
		return 1;
	}
	*last = 0x9b; /* fwait */
	if (sigsetjmp(back, 1) == 0) {
		((void (*)(void))(uintptr_t)last)();
		printf("fpcache: ran past the end of the page\n");
		return 1;
	}
	if (fault_addr != two_pages + PAGE) {
		printf("fpcache: SIGSEGV at %p, not %p\n", fault_addr, (void *)(two_pages + PAGE));
		return 1;
	}
	return 0;
}

int main(void)
{
	uint8_t *m = mmap(0, 2 * PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int bad;

	if (m == MAP_FAILED) {
		perror("fpcache: mmap");
		return 1;
	}
	bad = check_rewrites(m);
	bad |= check_page_end(m);
	if (!bad)
		printf("fpcache: ok\n");
	return bad;
}
