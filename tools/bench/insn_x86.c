/* Recognising markers and rep string instructions by their bytes. */
#include "insn_x86.h"

#include "../../tests/progs/bench_marker.h"

/* Marker: 0F 1F 80 (nopl disp32(%eax)) then disp32 = MAGIC << 16 | id. */
int insn_marker_id(const uint8_t *p, size_t len)
{
	uint32_t disp;

	if (len != BENCH_MARK_LEN || p[0] != 0x0F || p[1] != 0x1F || p[2] != 0x80)
		return -1;
	disp = (uint32_t)p[3] | (uint32_t)p[4] << 8 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 24;
	return disp >> 16 == BENCH_MARK_MAGIC ? (int)(disp & 0xFFFF) : -1;
}

/* Is b a legacy prefix other than rep/repne (operand/address size,
 * segment override, lock) or a REX prefix? */
static int other_prefix(uint8_t b)
{
	return b == 0x66 || b == 0x67 || b == 0x2E || b == 0x36 || b == 0x3E || b == 0x26 ||
	       b == 0x64 || b == 0x65 || b == 0xF0 || (b & 0xF0) == 0x40;
}

/* Is op a string instruction's opcode (ins/outs 6C-6F, movs/cmps A4-A7,
 * stos/lods/scas AA-AF)? */
static int string_opcode(uint8_t op)
{
	return (op >= 0x6C && op <= 0x6F) || (op >= 0xA4 && op <= 0xA7) || (op >= 0xAA && op <= 0xAF);
}

/* Walk the prefixes; a rep (F3) or repne (F2) among them and a string
 * opcode after them make a rep string instruction. */
int insn_is_rep_string(const uint8_t *p, size_t len)
{
	int rep = 0;
	size_t i = 0;

	for (; i < len; i++) {
		if (p[i] == 0xF3 || p[i] == 0xF2)
			rep = 1;
		else if (!other_prefix(p[i]))
			break;
	}
	return rep && i < len && string_opcode(p[i]);
}
