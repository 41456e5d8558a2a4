/* Loading the user data segment registers, safe against selectors whose
 * descriptor the program changed: a refused load leaves null. */
#include "extable.h"
#include "segments.h"

/* load_ds() etc.: load one register; on a fault (via the exception
 * table) load null instead and return 1. */
#define DEFINE_LOAD(reg)                                                            \
	static unsigned load_##reg(uint16_t sel)                                    \
	{                                                                           \
		__asm__ goto("1: mov %0, %%" #reg "\n\t"                            \
			     EXTABLE_ENTRY("1b", "%l[refused]") :: "r"(sel) :: refused); \
		return 0;                                                           \
	refused:                                                                    \
		__asm__ volatile("mov %0, %%" #reg :: "r"(0));                      \
		return 1;                                                           \
	}
DEFINE_LOAD(ds)
DEFINE_LOAD(es)
DEFINE_LOAD(fs)
DEFINE_LOAD(gs)

unsigned segments_load_data(const uint16_t sel[4])
{
	return load_ds(sel[0]) | load_es(sel[1]) << 1 | load_fs(sel[2]) << 2 | load_gs(sel[3]) << 3;
}
