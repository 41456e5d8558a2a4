/* int 0x80 with i386 numbers, as a 64-bit program may use it: the result
 * fills the whole of rax sign-extended (an error is a negative 64-bit
 * value), the number and arguments are the low 32 bits of their registers
 * (their upper halves are ignored), as on Linux. Built as i386 too, where
 * the registers are 32 bits wide and the same lines come out. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define I386_NR_write 4
#define I386_NR_close 6
#define I386_NR_getpid 20
#define I386_NR_sigaltstack 186

/* Below 4 GiB in a static program: int 0x80 passes 32-bit addresses. */
static unsigned char old_stack[24];

/* System call nr (with whatever upper bits the register carries) through
 * int 0x80 with arguments a, b, c: the whole result register. */
static unsigned long long int80(unsigned long nr, unsigned long a, unsigned long b, unsigned long c)
{
	unsigned long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
#if defined(__x86_64__)
	return ret;
#else
	return (unsigned long long)(long long)(long)ret; /* as wide as rax would be */
#endif
}

/* Bits above 32 in a register, where the register has them. */
static unsigned long high(unsigned long v)
{
#if defined(__x86_64__)
	return v | 0xdead000100000000ul;
#else
	return v;
#endif
}

int main(void)
{
	static const char msg[] = "written through int 0x80\n";
	unsigned long long r;

	r = int80(I386_NR_close, (unsigned long)-1, 0, 0);
	printf("close(-1): 0x%016llx\n", r);
	r = int80(I386_NR_close, high(1000), 0, 0);
	printf("close(1000 with upper bits set): 0x%016llx\n", r);
	r = int80(0x7fff, 0, 0, 0);
	printf("unknown number: 0x%016llx\n", r);
	r = int80(high(I386_NR_getpid), 0, 0, 0);
	printf("getpid (number with upper bits set): %s\n", r == (unsigned long long)getpid() ? "same" : "DIFFERENT");
	fflush(stdout);
	r = int80(I386_NR_write, high(1), (unsigned long)msg, high(strlen(msg)));
	printf("write: 0x%016llx\n", r);
	/* The i386 layout of stack_t (12 bytes), also from 64-bit code. */
	memset(old_stack, 0xaa, sizeof(old_stack));
	r = int80(I386_NR_sigaltstack, 0, (unsigned long)old_stack, 0);
	printf("sigaltstack: 0x%016llx, old stack:", r);
	for (unsigned i = 0; i < sizeof(old_stack); i++)
		printf("%s%02x", i % 4 ? "" : " ", old_stack[i]);
	printf("\n");
	return 0;
}
