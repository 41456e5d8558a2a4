/* Decoding 32-bit user instructions and re-encoding them for 64-bit mode,
 * for the compat FPU trampoline (proc/compat_fp.h). Pure logic: no kernel state,
 * unit-tested on the host.
 *
 * An instruction is "movable" when, re-encoded by insn_encode64, it does in
 * 64-bit user mode exactly what it does in 32-bit compatibility mode: x87,
 * MMX and SSE instructions, and the integer instructions that neither touch
 * the stack implicitly (push, pop, call, ret: 8-byte slots in 64-bit mode)
 * nor differ there (inc/dec r32 are REX prefixes, moffs and string forms,
 * segment loads, far transfers, int n, I/O). Memory operands get the 0x67
 * prefix (32-bit addressing), an absolute disp32 becomes a SIB form (the
 * plain one is RIP-relative in 64-bit mode), inc/dec r32 become FF /0 and
 * FF /1. Jumps (jcc, jmp rel8/rel32) are decoded too; the trampoline
 * builder places them. */
#ifndef ARCH_COMPAT_INSN_H
#define ARCH_COMPAT_INSN_H

#include <stdbool.h>
#include <stdint.h>

/* Is b one of x86's legacy prefixes (operand and address size, segment
 * overrides, lock, rep)? */
static inline bool insn_legacy_prefix(uint8_t b)
{
	return b == 0x66 || b == 0x67 || b == 0xf2 || b == 0xf3 || b == 0xf0 || b == 0x26 ||
	       b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 || b == 0x65;
}

#define INSN_MAX       15 /* longest x86 instruction */
#define INSN_ENC64_MAX 16 /* longest re-encoding: one 0x67 or SIB byte more */

enum insn_kind {
	INSN_FP = 1, /* x87, MMX, SSE: what kvm-pvm's emulator cannot run */
	INSN_INT,    /* a movable integer instruction */
	INSN_JCC,    /* conditional jump: cond, target */
	INSN_JMP,    /* unconditional relative jump: target */
};

/* One decoded instruction. */
struct insn {
	uint8_t len;       /* bytes in the 32-bit code */
	uint8_t kind;      /* enum insn_kind */
	int8_t opcode_at;  /* index of the first opcode byte */
	int8_t modrm_at;   /* index of ModRM, or -1 */
	int8_t incdec_reg; /* 40+r / 48+r: the register, else -1 */
	uint8_t cond;      /* INSN_JCC: the condition (low nibble of 7x) */
	int32_t rel;       /* jumps: displacement from the next instruction */
};

/* Decode the instruction at b[0..avail): its kind and shape. Returns its
 * length, or 0 when it is not movable (or cut short by avail). */
int insn_decode(const uint8_t *b, int avail, struct insn *in);

/* Write the 64-bit form of the FP or INT instruction in (its bytes at b)
 * to out (INSN_ENC64_MAX bytes of room). Returns the bytes written. */
int insn_encode64(const uint8_t *b, const struct insn *in, uint8_t *out);

#endif
