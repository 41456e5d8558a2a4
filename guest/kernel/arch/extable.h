/* The exception table: kernel instructions that may fault on state a user
 * program chose (its segment selectors), and where execution goes on
 * instead of a panic. */
#ifndef ARCH_EXTABLE_H
#define ARCH_EXTABLE_H

#include <stdint.h>

/* One entry, as the assembler emits it into section __ex_table. */
struct extable_entry {
	uint64_t insn, fixup;
};

/* Assembler text: the instruction at label insn may fault; resume at fixup. */
#define EXTABLE_ENTRY(insn, fixup) \
	".pushsection __ex_table, \"a\"\n\t.balign 8\n\t.quad " insn ", " fixup "\n\t.popsection\n\t"

/* Where to resume after a fault of the kernel instruction at rip (0: the
 * fault is not expected there, a kernel bug). */
uint64_t extable_fixup(uint64_t rip);

#endif
