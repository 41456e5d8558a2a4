/* The exception table, gathered by the linker between two symbols. */
#include "extable.h"

extern const struct extable_entry __extable_start[], __extable_end[];

uint64_t extable_fixup(uint64_t rip)
{
	for (const struct extable_entry *e = __extable_start; e < __extable_end; e++)
		if (e->insn == rip)
			return e->fixup;
	return 0;
}
