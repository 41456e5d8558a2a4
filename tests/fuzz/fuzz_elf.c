/* Fuzz target: the ELF checks (i386 ELF32, x86-64 ELF64) that the guest
 * kernel's exec and the host's PROGRAM check share (guest/common/elf.c
 * elf_check), on arbitrary bytes as the program. A program it accepts must
 * have what exec relies on: 1 to 16 loadable segments whose file data lies
 * inside the file and whose pages lie in its ABI's user space without
 * overlapping, and the entry point in an executable one. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../guest/kernel/arch/layout.h"
#include "../../guest/kernel/mm/vm.h"
#include "../../guest/common/elf.h"

/* Abort with a message: a finding for libFuzzer. */
static void die(const char *what)
{
	fprintf(stderr, "fuzz_elf: %s\n", what);
	abort();
}

/* The pages [*start, *end) a segment occupies. */
static void pages_of(const struct elf_load *l, uint64_t *start, uint64_t *end)
{
	*start = l->vaddr & ~(PAGE_SIZE - 1ull);
	*end = PAGE_ROUND_UP(l->vaddr + l->memsz);
}

/* Check what an accepted program's segments promise. */
static void check_info(const struct elf_info *info, uint64_t size)
{
	uint64_t top = info->abi == CV_ABI_X86_64 ? USER64_STACK_TOP : USER32_STACK_TOP;
	bool entry = false;

	if (info->nload < 1 || info->nload > ELF_MAX_LOADS)
		die("accepted with a bad number of segments");
	for (int i = 0; i < info->nload; i++) {
		const struct elf_load *l = &info->load[i];
		uint64_t start, end, s, e;

		pages_of(l, &start, &end);
		if (l->offset > size || l->filesz > size - l->offset || l->filesz > l->memsz)
			die("a segment's data lies outside the file");
		if (start < USER_MIN_ADDR || end > top - USER_STACK_MAX)
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
	struct elf_info info;
	const char *why = NULL, *interp;

	if (elf_check(data, size, size, &info, &why, &interp) == 0)
		check_info(&info, size);
	else if (why == NULL)
		die("refused without a reason");
	return 0;
}
