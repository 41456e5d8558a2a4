/* Prints the layout of the initial stack this program got, as offsets from
 * the stack's top, so that a run under cowvisor can be compared byte for
 * byte with a run on Linux. Addresses differ between systems; offsets,
 * string order, gaps and the auxv key order must not. Values that depend
 * on the CPU or the user (AT_HWCAP, AT_HWCAP2, AT_MINSIGSTKSZ, AT_UID...)
 * are not printed; keys a host kernel adds beyond what cowvisor provides
 * (AT_RSEQ_* and AT_HWCAP3/4 of kernels after 6.1) are left out of the key
 * list; the vDSO's AT_SYSINFO and AT_SYSINFO_EHDR are listed (their place,
 * not their values). The position of argc
 * is checked against Linux's rule (create_elf_tables) for the number of
 * auxv entries each system gives, and printed as ok or WRONG. On Linux it
 * first turns address-space randomization off for itself (personality)
 * and re-executes, since Linux moves the stack pointer by a random amount
 * below the strings. Built for both ABIs: the auxv entries and the words
 * counted by the rule are longs (4 bytes on i386, 8 on x86-64). */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>
#include <unistd.h>

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

/* A key a newer host kernel gives and cowvisor (Linux 6.1) does not. */
static int host_only(uint32_t key)
{
	return key >= 27 && key <= 30;
}

/* Does the key's value hold a pointer into the string area? */
static int string_key(uint32_t key)
{
	return key == AT_RANDOM || key == AT_PLATFORM || key == AT_EXECFN;
}

/* Is the key's value the same for the same binary on every system? */
static int fixed_key(uint32_t key)
{
	return key == AT_PAGESZ || key == AT_CLKTCK || key == AT_PHDR || key == AT_PHENT ||
	       key == AT_PHNUM || key == AT_BASE || key == AT_FLAGS || key == AT_ENTRY ||
	       key == AT_SECURE;
}

/* Print every string between from and top with its offset: the whole
 * string area (argv, envp, execfn), whatever libc did to the pointers. */
static void strings_area(const char *from, uint32_t top)
{
	for (const char *s = from; (uint32_t)(uintptr_t)s < top; s += strlen(s) + 1)
		if (*s)
			printf("string at top-%u: \"%s\"\n", top - (uint32_t)(uintptr_t)s, s);
}

/* Turn randomization off and run again (Linux); where personality is not
 * there, there is nothing random to turn off. */
static void no_random(char **argv, char **envp, const char *execfn)
{
	int p = personality(0xffffffff);

	if (p == -1 || (p & ADDR_NO_RANDOMIZE))
		return;
	if (personality((unsigned long)p | ADDR_NO_RANDOMIZE) == -1)
		return;
	execve(execfn, argv, envp);
	perror("re-exec");
}

int main(int argc, char **argv, char **envp)
{
	unsigned long *sp = (unsigned long *)(void *)argv - 1, *aux, naux = 0, items;
	uintptr_t top, end, w = sizeof(long);
	const char *execfn = NULL, *platform = NULL;
	const uint8_t *random = NULL;
	char **e = envp;

	while (*e)
		e++;
	aux = (unsigned long *)(void *)(e + 1);
	for (unsigned long *a = aux; a[0] != AT_NULL; a += 2, naux++) {
		if (a[0] == AT_EXECFN)
			execfn = (const char *)(uintptr_t)a[1];
		if (a[0] == AT_PLATFORM)
			platform = (const char *)(uintptr_t)a[1];
		if (a[0] == AT_RANDOM)
			random = (const uint8_t *)(uintptr_t)a[1];
	}
	if (execfn == NULL || platform == NULL || random == NULL) {
		printf("missing AT_EXECFN, AT_PLATFORM or AT_RANDOM\n");
		return 1;
	}
	no_random(argv, envp, execfn);
	end = (uintptr_t)execfn + strlen(execfn) + 1;
	top = (end + 4095) & ~(uintptr_t)4095;
	printf("argc %d\n", argc); /* where: by the rule below (host auxv is longer) */
	printf("zero bytes above execfn: %u, all zero: %s\n", (unsigned)(top - end),
	       memcmp((const char *)(uintptr_t)end, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", top - end < 16 ? top - end : 16) == 0 ? "yes" : "no");
	printf("execfn \"%s\" at top-%u\n", execfn, (unsigned)(top - (uintptr_t)execfn));
	for (int i = 0; i < argc; i++)
		printf("argv[%d] at top-%u\n", i, (unsigned)(top - (uintptr_t)argv[i]));
	for (int i = 0; envp[i]; i++)  /* glibc may have moved GLIBC_TUNABLES to its heap */
		if ((uintptr_t)envp[i] >= (uintptr_t)argv[0] && (uintptr_t)envp[i] < top)
			printf("envp[%d] at top-%u\n", i, (unsigned)(top - (uintptr_t)envp[i]));
	strings_area(argc ? argv[0] : execfn, top);
	printf("platform \"%s\" at top-%u\n", platform, (unsigned)(top - (uintptr_t)platform));
	printf("random at top-%u\n", (unsigned)(top - (uintptr_t)random));
	items = (unsigned long)argc + 1 + (unsigned long)(e - envp) + 1 + 1;
	printf("argc position by Linux's rule: %s\n", /* auxv pairs, then the items, 16-aligned */
	       (uintptr_t)sp == (((uintptr_t)random - 2 * w * (naux + 1) - w * items) & ~(uintptr_t)15)
	       ? "ok" : "WRONG");
	printf("auxv:");
	for (unsigned long *a = aux; a[0] != AT_NULL; a += 2) {
		if (host_only((uint32_t)a[0]))
			continue;
		printf(" %lu", a[0]);
		if (fixed_key((uint32_t)a[0]))
			printf("=%#lx", a[1]);
		if (string_key((uint32_t)a[0]))
			printf("@top-%u", (unsigned)(top - a[1]));
	}
	printf("\n");
	return 0;
}
