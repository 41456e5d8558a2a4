/* Running FPU/SIMD instructions of 32-bit programs natively in 64-bit mode
 * (see compat_fp.h). The trampoline frame is global: one vCPU, and a trap
 * taken in it is unwound before anything can reuse it. */
#include "compat_fp.h"

#include "../lib/string.h"
#include "../mm/frame.h"
#include "../mm/layout.h"
#include "../mm/uaccess.h"
#include "../mm/vm.h"
#include "../panic.h"
#include "../proc/proc.h"
#include "segments.h"

#define INSN_MAX   15
#define JMP_OFFSET 32  /* the far jump back starts here at the latest */
#define PTR_OFFSET 48  /* its m16:32 target: next eip, selector */

static uint64_t tramp_frame;
static uint32_t insn_eip, next_eip, jmp_at; /* what the trampoline holds now */

uint64_t compat_fp_init(void)
{
	if ((tramp_frame = frame_alloc_zeroed()) == 0)
		panic("no frame for the compat FPU trampoline");
	return tramp_frame;
}

/* The decoded shape of one instruction. */
struct insn {
	uint8_t bytes[INSN_MAX];
	int len;        /* total length */
	int opcode_at;  /* index of the first opcode byte */
	int modrm_at;   /* index of ModRM, or -1 */
	bool abs_disp;  /* mod=00 rm=101: an absolute disp32 */
};

/* Does this prefix byte belong to an FPU/SIMD instruction we can move? */
static bool legacy_prefix(uint8_t b)
{
	return b == 0x66 || b == 0xf2 || b == 0xf3 || b == 0x26 || b == 0x2e ||
	       b == 0x36 || b == 0x3e || b == 0x64 || b == 0x65;
}

/* Two-byte opcodes (0F xx) that are x87/MMX/SSE or harmless hints; *imm is
 * set when an imm8 follows the operands. */
static bool simd_opcode(uint8_t op, bool *imm)
{
	*imm = (op >= 0x70 && op <= 0x73) || (op >= 0xc2 && op <= 0xc6);
	return (op >= 0x10 && op <= 0x17) || (op >= 0x28 && op <= 0x2f) ||
	       (op >= 0x50 && op <= 0x7f) || (op >= 0xc2 && op <= 0xc6) ||
	       op >= 0xd0 || op == 0xae || op == 0x18 || op == 0x0d || op == 0x77;
}

/* Length of ModRM, SIB and displacement at b[i..]; -1 when cut short. */
static int operand_len(const uint8_t *b, int i, int avail, bool *abs_disp)
{
	uint8_t modrm, mod, rm;
	int n = 1;

	if (i >= avail)
		return -1;
	modrm = b[i];
	mod = modrm >> 6;
	rm = modrm & 7;
	*abs_disp = mod == 0 && rm == 5;
	if (mod != 3 && rm == 4) {
		if (i + 1 >= avail)
			return -1;
		n++;
		if (mod == 0 && (b[i + 1] & 7) == 5)
			n += 4;
	}
	if (mod == 1)
		n += 1;
	else if (mod == 2 || *abs_disp)
		n += 4;
	return i + n <= avail ? n : -1;
}

/* Decode an FPU/SIMD instruction from b[0..avail); false when it is not one. */
static bool decode(const uint8_t *b, int avail, struct insn *in)
{
	int i = 0, n;
	bool imm = false;

	while (i < avail && legacy_prefix(b[i]))
		i++;
	if (i >= avail)
		return false;
	in->opcode_at = i;
	in->modrm_at = -1;
	if (b[i] >= 0xd8 && b[i] <= 0xdf) {            /* x87 */
		i++;
	} else if (b[i] == 0x0f && i + 1 < avail) {
		uint8_t op = b[i + 1];
		if (op == 0x38 || op == 0x3a) {          /* three-byte SIMD */
			imm = op == 0x3a;
			i += 3;
		} else if (simd_opcode(op, &imm)) {
			if (op == 0x77) {                /* emms: no operands */
				in->len = i + 2;
				memcpy(in->bytes, b, (size_t)in->len);
				in->abs_disp = false;
				return true;
			}
			i += 2;
		} else {
			return false;
		}
	} else {
		return false;
	}
	in->modrm_at = i;
	if ((n = operand_len(b, i, avail, &in->abs_disp)) < 0)
		return false;
	in->len = i + n + (imm ? 1 : 0);
	if (in->len > avail || in->len > INSN_MAX)
		return false;
	memcpy(in->bytes, b, (size_t)in->len);
	return true;
}

/* Write the 64-bit form of in at code: 0x67 (32-bit addressing) when it
 * touches memory, and an absolute disp32 given as SIB (in 64-bit mode the
 * plain form is RIP-relative). Returns the bytes written. */
static int encode64(const struct insn *in, uint8_t *code)
{
	int n = 0, m = in->modrm_at;
	bool memory = m >= 0 && (in->bytes[m] >> 6) != 3;

	if (memory)
		code[n++] = 0x67;
	memcpy(code + n, in->bytes, (size_t)(m >= 0 ? m + 1 : in->len));
	if (m < 0)
		return n + in->len;
	n += m + 1;
	if (in->abs_disp) {
		code[n - 1] = (uint8_t)((in->bytes[m] & 0x38) | 0x04); /* rm = SIB */
		code[n++] = 0x25;                                       /* no base, no index */
	}
	memcpy(code + n, in->bytes + m + 1, (size_t)(in->len - m - 1));
	return n + in->len - m - 1;
}

bool compat_fp_redirect(struct trapframe *tf)
{
	uint8_t b[INSN_MAX], *page = P2V(tramp_frame);
	uint32_t eip = (uint32_t)tf->rip, ptr_rel;
	struct insn in;
	int avail = 0, n;

	while (avail < INSN_MAX && copy_from_user(cur->mm, b + avail, eip + (uint32_t)avail, 1) == 0)
		avail++;
	if (!decode(b, avail, &in) || vm_map_trampoline(cur->mm, tramp_frame) != 0)
		return false;
	n = encode64(&in, page);
	/* jmp far [rip + rel32] to the m16:32 pointer: back to 32-bit code */
	ptr_rel = (uint32_t)(PTR_OFFSET - (n + 6));
	page[n] = 0xff;
	page[n + 1] = 0x2d;
	memcpy(page + n + 2, &ptr_rel, 4);
	insn_eip = eip;
	next_eip = eip + (uint32_t)in.len;
	jmp_at = USER_TRAMP_VA + (uint32_t)n;
	memcpy(page + PTR_OFFSET, &next_eip, 4);
	page[PTR_OFFSET + 4] = SEL_USER_CS32;
	page[PTR_OFFSET + 5] = 0;
	tf->rip = USER_TRAMP_VA;
	tf->cs = SEL_USER_CS64;
	return true;
}

bool compat_fp_in_trampoline(const struct trapframe *tf)
{
	return tf->cs == SEL_USER_CS64 && tf->rip >= USER_TRAMP_VA &&
	       tf->rip < USER_TRAMP_VA + PAGE_SIZE;
}

bool compat_fp_unwind(struct trapframe *tf)
{
	bool at_insn = tf->rip == USER_TRAMP_VA;

	tf->rip = tf->rip >= jmp_at ? next_eip : insn_eip;
	tf->cs = SEL_USER_CS32;
	return at_insn && tf->vector == VEC_INVALID_OP;
}
