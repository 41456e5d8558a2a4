/* Decoding 32-bit instructions and their 64-bit forms (see compat_insn.h).
 * Byte loops, no memcpy: on kvm-pvm this runs in KVM's instruction
 * emulator, where every instruction counts. */
#include "compat_insn.h"

/* Operand shape of an opcode: what follows it. */
#define OP_MODRM 0x01 /* a ModRM byte (with SIB and displacement) */
#define OP_IMM8  0x02 /* an 8-bit immediate */
#define OP_IMMZ  0x04 /* a 16- or 32-bit immediate, by operand size */
#define OP_FP    0x08 /* x87/MMX/SSE (else integer) */
#define OP_OK    0x10 /* movable at all */
#define OP_MEM   0x20 /* the ModRM must name memory (lea) */
#define OP_GRP   0x40 /* movable only for some ModRM.reg values: group_ok() */

/* Is b a legacy prefix a movable instruction may carry? (0x67 is not:
 * 16-bit addressing.) */
static bool prefix(uint8_t b)
{
	return b != 0x67 && insn_legacy_prefix(b);
}

/* The shape of a one-byte opcode (not jumps, not inc/dec r32). */
static int one_byte(uint8_t op)
{
	if (op < 0x40 && (op & 7) < 6) /* add, or, adc, sbb, and, sub, xor, cmp */
		return OP_OK | ((op & 7) < 4 ? OP_MODRM : (op & 7) == 4 ? OP_IMM8 : OP_IMMZ);
	if (op >= 0xd8 && op <= 0xdf) /* x87 */
		return OP_OK | OP_FP | OP_MODRM;
	if (op >= 0xb0 && op <= 0xb7)
		return OP_OK | OP_IMM8;
	if (op >= 0xb8 && op <= 0xbf)
		return OP_OK | OP_IMMZ;
	if ((op >= 0x84 && op <= 0x8b) || (op >= 0xd0 && op <= 0xd3))
		return OP_OK | OP_MODRM;
	if ((op >= 0x90 && op <= 0x99) || op == 0xf5 || op == 0xf8 || op == 0xf9 || op == 0xfc ||
	    op == 0xfd)
		return OP_OK; /* nop, xchg eax, cwde, cdq, cmc, clc, stc, cld, std */
	switch (op) {
	case 0x9b: return OP_OK | OP_FP;                        /* fwait */
	case 0x69: case 0x81: case 0xc7: return OP_OK | OP_MODRM | OP_IMMZ | (op == 0xc7 ? OP_GRP : 0);
	case 0x6b: case 0x80: case 0x83: case 0xc0: case 0xc1: return OP_OK | OP_MODRM | OP_IMM8;
	case 0xc6: return OP_OK | OP_MODRM | OP_IMM8 | OP_GRP;  /* mov r/m8, imm8 */
	case 0x8d: return OP_OK | OP_MODRM | OP_MEM;            /* lea */
	case 0xa8: return OP_OK | OP_IMM8;
	case 0xa9: return OP_OK | OP_IMMZ;
	case 0xf6: case 0xf7: case 0xfe: case 0xff: return OP_OK | OP_MODRM | OP_GRP;
	default: return 0;
	}
}

/* The shape of a two-byte opcode 0F op. */
static int two_byte(uint8_t op)
{
	if ((op >= 0x10 && op <= 0x17) || (op >= 0x28 && op <= 0x2f) || (op >= 0x50 && op <= 0x6f) ||
	    (op >= 0x74 && op <= 0x76) || (op >= 0x78 && op <= 0x7f) || op >= 0xd0 || op == 0xae ||
	    op == 0x18 || op == 0x0d || op == 0xc3)
		return OP_OK | OP_FP | OP_MODRM;
	if ((op >= 0x70 && op <= 0x73) || op == 0xc2 || (op >= 0xc4 && op <= 0xc6))
		return OP_OK | OP_FP | OP_MODRM | OP_IMM8;
	if (op == 0x77)
		return OP_OK | OP_FP;                                   /* emms */
	if ((op >= 0x40 && op <= 0x4f) || (op >= 0x90 && op <= 0x9f) || op == 0xaf || op == 0xb6 ||
	    op == 0xb7 || op == 0xbe || op == 0xbf || op == 0xbc || op == 0xbd || op == 0x1f ||
	    op == 0xa3 || op == 0xab || op == 0xb3 || op == 0xbb || op == 0xa5 || op == 0xad ||
	    op == 0xb0 || op == 0xb1 || op == 0xc0 || op == 0xc1)
		return OP_OK | OP_MODRM; /* cmov, setcc, imul, movzx/sx, bsf/bsr, nop, bt*, shxd, cmpxchg, xadd */
	if (op == 0xa4 || op == 0xac || op == 0xba)
		return OP_OK | OP_MODRM | OP_IMM8;                      /* shld, shrd, bt* imm */
	if (op >= 0xc8 && op <= 0xcf)
		return OP_OK;                                           /* bswap */
	if (op == 0xc7)
		return OP_OK | OP_MODRM | OP_GRP;                       /* cmpxchg8b */
	return 0;
}

/* For OP_GRP opcodes: is this ModRM.reg a movable form? *imm is set for
 * the forms that take an immediate (test r/m, imm). */
static bool group_ok(uint8_t first, uint8_t op, uint8_t modrm, int *shape)
{
	uint8_t reg = (modrm >> 3) & 7, mod = modrm >> 6;

	if (first == 0x0f) /* 0F C7 /1: cmpxchg8b m64 */
		return reg == 1 && mod != 3;
	switch (op) {
	case 0xc6: case 0xc7: return reg == 0;               /* mov (not xabort/xbegin) */
	case 0xf6: case 0xf7:
		if (reg <= 1)                                    /* test r/m, imm */
			*shape |= op == 0xf6 ? OP_IMM8 : OP_IMMZ;
		return true;                                     /* not, neg, mul, imul, div, idiv */
	default: return reg <= 1;                            /* FE, FF: inc, dec only */
	}
}

/* Length of ModRM, SIB and displacement at b[i..avail); -1 when cut short. */
static int modrm_len(const uint8_t *b, int i, int avail)
{
	uint8_t mod, rm;
	int n = 1;

	if (i >= avail)
		return -1;
	mod = b[i] >> 6;
	rm = b[i] & 7;
	if (mod != 3 && rm == 4) {
		if (i + 1 >= avail)
			return -1;
		n++;
		if (mod == 0 && (b[i + 1] & 7) == 5)
			n += 4;
	}
	if (mod == 1)
		n += 1;
	else if (mod == 2 || (mod == 0 && rm == 5))
		n += 4;
	return i + n <= avail ? n : -1;
}

/* Read a little-endian signed displacement of size bytes at b. */
static int32_t rel_at(const uint8_t *b, int size)
{
	if (size == 1)
		return (int8_t)b[0];
	return (int32_t)((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
			 (uint32_t)b[3] << 24);
}

/* Decode a jump at b[i] (after prefixes); its length or 0. */
static int decode_jump(const uint8_t *b, int i, int avail, bool opsize, struct insn *in)
{
	uint8_t op = b[i];
	int size;

	if (opsize) /* rel16: ip truncation, not worth it */
		return 0;
	if ((op >= 0x70 && op <= 0x7f) || op == 0xeb) {
		in->kind = op == 0xeb ? INSN_JMP : INSN_JCC;
		in->cond = op & 0x0f;
		size = 1, i += 1;
	} else if (op == 0xe9) {
		in->kind = INSN_JMP;
		size = 4, i += 1;
	} else if (op == 0x0f && i + 1 < avail && b[i + 1] >= 0x80 && b[i + 1] <= 0x8f) {
		in->kind = INSN_JCC;
		in->cond = b[i + 1] & 0x0f;
		size = 4, i += 2;
	} else {
		return 0;
	}
	if (i + size > avail)
		return 0;
	in->rel = rel_at(b + i, size);
	return i + size;
}

/* The opcode's shape at b[*i], advancing *i past the opcode bytes; 0 when
 * not movable. */
static int opcode_shape(const uint8_t *b, int *i, int avail, bool rep)
{
	uint8_t op = b[*i];
	int shape;

	if (op != 0x0f) {
		*i += 1;
		return one_byte(op);
	}
	if (*i + 1 >= avail)
		return 0;
	op = b[*i + 1];
	if (op == 0x38 || op == 0x3a) { /* three-byte SIMD (0F 38 F0/F1: movbe, crc32) */
		if (*i + 2 >= avail)
			return 0;
		shape = OP_OK | OP_MODRM | (op == 0x3a ? OP_IMM8 : 0) |
			(op == 0x38 && b[*i + 2] >= 0xf0 ? 0 : OP_FP);
		*i += 3;
		return shape;
	}
	*i += 2;
	if (op == 0xae && rep) /* F3 0F AE: rdfsbase and friends, not in 32-bit mode */
		return 0;
	return two_byte(op);
}

int insn_decode(const uint8_t *b, int avail, struct insn *in)
{
	int i = 0, n, shape;
	bool opsize = false, rep = false;

	if (avail > INSN_MAX)
		avail = INSN_MAX;
	while (i < avail && prefix(b[i])) {
		opsize |= b[i] == 0x66;
		rep |= b[i] == 0xf3;
		i++;
	}
	if (i >= avail)
		return 0;
	in->opcode_at = (int8_t)i;
	in->modrm_at = -1;
	in->incdec_reg = -1;
	in->rel = 0;
	in->cond = 0;
	if ((n = decode_jump(b, i, avail, opsize, in)) > 0)
		return in->len = (uint8_t)n;
	if (b[i] >= 0x40 && b[i] <= 0x4f) { /* inc/dec r32: REX in 64-bit mode */
		in->incdec_reg = (int8_t)(b[i] & 0x0f);
		in->kind = INSN_INT;
		return in->len = (uint8_t)(i + 1);
	}
	if (!((shape = opcode_shape(b, &i, avail, rep)) & OP_OK))
		return 0;
	if (shape & OP_MODRM) {
		in->modrm_at = (int8_t)i;
		if ((n = modrm_len(b, i, avail)) < 0)
			return 0;
		if ((shape & OP_MEM) && (b[i] >> 6) == 3)
			return 0;
		if ((shape & OP_GRP) && !group_ok(b[in->opcode_at], b[i - 1], b[i], &shape))
			return 0;
		i += n;
	}
	i += (shape & OP_IMM8) ? 1 : (shape & OP_IMMZ) ? (opsize ? 2 : 4) : 0;
	if (i > avail)
		return 0;
	in->kind = (shape & OP_FP) ? INSN_FP : INSN_INT;
	return in->len = (uint8_t)i;
}

int insn_encode64(const uint8_t *b, const struct insn *in, uint8_t *out)
{
	int n = 0, m = in->modrm_at, i;
	bool memory = m >= 0 && (b[m] >> 6) != 3;

	if (in->incdec_reg >= 0) { /* 4x+r -> FF /0 or /1 */
		for (i = 0; i < in->opcode_at; i++)
			out[n++] = b[i];
		out[n++] = 0xff;
		out[n++] = (uint8_t)(0xc0 | (in->incdec_reg & 8) | (in->incdec_reg & 7));
		return n;
	}
	if (memory)
		out[n++] = 0x67; /* 32-bit addressing, as in compatibility mode */
	for (i = 0; i < in->len; i++) {
		out[n++] = b[i];
		if (i == m && memory && (b[m] >> 6) == 0 && (b[m] & 7) == 5) {
			out[n - 1] = (uint8_t)((b[m] & 0x38) | 0x04); /* rm = SIB: absolute, */
			out[n++] = 0x25;                               /* not RIP-relative */
		}
	}
	return n;
}
