/* Fuzz target: the ELF32 checks that the guest kernel's exec and the host's
 * PROGRAM check share (guest/kernel/proc/elf32.c elf32_check), on
 * arbitrary bytes as the program. A program it accepts must have what exec
 * relies on: 1 to 16 loadable segments whose file data lies inside the
 * file and whose pages lie in user space without overlapping, and the
 * entry point in an executable one. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../guest/kernel/mm/layout.h"
#include "../../guest/kernel/mm/vm.h"
#include "../../guest/kernel/proc/elf32.h"

/* Abort with a message: a finding for libFuzzer. */
static void die(const char *what)
{
	fprintf(stderr, "fuzz_elf32: %s\n", what);
	abort();
}

/* The pages [*start, *end) a segment occupies. */
static void pages_of(const struct elf32_load *l, uint64_t *start, uint64_t *end)
{
	*start = l->vaddr & ~(PAGE_SIZE - 1ull);
	*end = PAGE_ROUND_UP((uint64_t)l->vaddr + l->memsz);
}

/* Check what an accepted program's segments promise. */
static void check_info(const struct elf32_info *info, uint64_t size)
{
	bool entry = false;

	if (info->nload < 1 || info->nload > ELF32_MAX_LOADS)
		die("accepted with a bad number of segments");
	for (int i = 0; i < info->nload; i++) {
		const struct elf32_load *l = &info->load[i];
		uint64_t start, end, s, e;

		pages_of(l, &start, &end);
		if ((uint64_t)l->offset + l->filesz > size || l->filesz > l->memsz)
			die("a segment's data lies outside the file");
		if (start < USER_MIN_ADDR || end > USER_STACK_TOP - USER_STACK_MAX)
			die("a segment lies outside user space");
		for (int j = 0; j < i; j++) {
			pages_of(&info->load[j], &s, &e);
			if (start < e && s < end)
				die("two segments share a page");
		}
		if ((l->prot & VM_EXEC) && info->entry >= l->vaddr &&
		    info->entry - l->vaddr < l->memsz)
			entry = true;
	}
	if (!entry)
		die("the entry point is outside the executable segments");
}

/* Check one input as a program. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf32_info info;
	const char *why = NULL;

	if (elf32_check(data, size, size, &info, &why) == 0)
		check_info(&info, size);
	else if (why == NULL)
		die("refused without a reason");
	return 0;
}
