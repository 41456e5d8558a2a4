/* Prints the layout of the initial stack this program got, as offsets from
 * the stack's top, so that a run under cowvisor can be compared byte for
 * byte with a run on Linux. Addresses differ between systems; offsets,
 * string order, gaps and the auxv key order must not. Values that depend
 * on the CPU or the user (AT_HWCAP, AT_HWCAP2, AT_MINSIGSTKSZ, AT_UID...)
 * are not printed; keys a host kernel adds beyond what cowvisor provides
 * (the vDSO's AT_SYSINFO and AT_SYSINFO_EHDR, and AT_RSEQ_* and AT_HWCAP3/4
 * of kernels after 6.1) are left out of the key list. The position of argc
 * is checked against Linux's rule (create_elf_tables) for the number of
 * auxv entries each system gives, and printed as ok or WRONG. On Linux it
 * first turns address-space randomization off for itself (personality)
 * and re-executes, since Linux moves the stack pointer by a random amount
 * below the strings. */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>
#include <unistd.h>

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

/* A key a newer or vDSO-equipped host kernel gives and cowvisor does not. */
static int host_only(uint32_t key)
{
	return key == AT_SYSINFO || key == AT_SYSINFO_EHDR || (key >= 27 && key <= 30);
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
	uint32_t *sp = (uint32_t *)(void *)argv - 1, *aux, top, end, naux = 0, items;
	const char *execfn = NULL, *platform = NULL;
	const uint8_t *random = NULL;
	char **e = envp;

	while (*e)
		e++;
	aux = (uint32_t *)(void *)(e + 1);
	for (uint32_t *a = aux; a[0] != AT_NULL; a += 2, naux++) {
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
	end = (uint32_t)(uintptr_t)execfn + (uint32_t)strlen(execfn) + 1;
	top = (end + 4095) & ~4095u;
	printf("argc %d\n", argc); /* where: by the rule below (host auxv is longer) */
	printf("zero bytes above execfn: %u, all zero: %s\n", top - end,
	       memcmp((const char *)(uintptr_t)end, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", top - end < 16 ? top - end : 16) == 0 ? "yes" : "no");
	printf("execfn \"%s\" at top-%u\n", execfn, top - (uint32_t)(uintptr_t)execfn);
	for (int i = 0; i < argc; i++)
		printf("argv[%d] at top-%u\n", i, top - (uint32_t)(uintptr_t)argv[i]);
	for (int i = 0; envp[i]; i++)  /* glibc may have moved GLIBC_TUNABLES to its heap */
		if ((uintptr_t)envp[i] >= (uintptr_t)argv[0] && (uintptr_t)envp[i] < top)
			printf("envp[%d] at top-%u\n", i, top - (uint32_t)(uintptr_t)envp[i]);
	strings_area(argc ? argv[0] : execfn, top);
	printf("platform \"%s\" at top-%u\n", platform, top - (uint32_t)(uintptr_t)platform);
	printf("random at top-%u\n", top - (uint32_t)(uintptr_t)random);
	items = (uint32_t)argc + 1 + (uint32_t)(e - envp) + 1 + 1;
	printf("argc position by Linux's rule: %s\n",
	       (uint32_t)(uintptr_t)sp == (((uint32_t)(uintptr_t)random - 8 * (naux + 1) - 4 * items) & ~15u)
	       ? "ok" : "WRONG");
	printf("auxv:");
	for (uint32_t *a = aux; a[0] != AT_NULL; a += 2) {
		if (host_only(a[0]))
			continue;
		printf(" %u", a[0]);
		if (fixed_key(a[0]))
			printf("=%#x", a[1]);
		if (string_key(a[0]))
			printf("@top-%u", top - a[1]);
	}
	printf("\n");
	return 0;
}
