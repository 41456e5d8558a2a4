/* The FPU notes of a core file, from the event's FXSAVE image, as Linux
 * writes them: x86-64 NT_PRFPREG (the FXSAVE image itself); i386
 * NT_PRFPREG (the FSAVE-format user_i387_ia32_struct) and NT_PRXFPREG
 * (the FXSAVE image). Not written: NT_X86_XSTATE (AVX and later state). */
#include "core_notes.h"

#include <elf.h>
#include <string.h>

/* Fields of the legacy FXSAVE image (byte offsets). */
#define FX_FCW 0   /* uint16_t control word */
#define FX_FSW 2   /* uint16_t status word (top of stack in bits 11-13) */
#define FX_FTW 4   /* uint8_t abridged tag: bit i set when physical register i is in use */
#define FX_FOP 6   /* uint16_t last opcode */
#define FX_FIP 8   /* uint32_t last instruction pointer */
#define FX_FDP 16  /* uint32_t last operand pointer */
#define FX_ST  32  /* ST(0)..ST(7), 16 bytes each, 10 used */

/* Tags of the full (FSAVE) tag word, two bits per physical register. */
enum { TAG_VALID = 0, TAG_ZERO = 1, TAG_SPECIAL = 2, TAG_EMPTY = 3 };

/* i386's NT_PRFPREG: the FSAVE environment and registers, 32-bit words. */
struct i387_fsave {
	uint32_t cwd, swd, twd, fip, fcs, foo, fos;
	uint8_t st_space[80];
};
_Static_assert(sizeof(struct i387_fsave) == 108, "user_i387_ia32_struct");

/* A little-endian 16-bit field of the image at off. */
static uint16_t fx16(const uint8_t *fx, size_t off)
{
	return (uint16_t)(fx[off] | fx[off + 1] << 8);
}

/* The FSAVE tag of an 80-bit register value (significand in the low 8
 * bytes, sign and exponent in the top two), by its class. */
static unsigned tag_of(const uint8_t *reg)
{
	unsigned exp = fx16(reg, 8) & 0x7fff;
	uint64_t sig;

	memcpy(&sig, reg, sizeof(sig));
	if (exp == 0x7fff)
		return TAG_SPECIAL; /* infinity or NaN */
	if (exp == 0)
		return sig == 0 ? TAG_ZERO : TAG_SPECIAL; /* zero, or denormal */
	return sig >> 63 ? TAG_VALID : TAG_SPECIAL; /* no integer bit: unnormal */
}

/* The full tag word from the abridged one: physical register i is ST((i -
 * top) mod 8) in the image's stack-ordered slots. */
static uint32_t full_tags(const uint8_t *fx)
{
	unsigned top = (fx16(fx, FX_FSW) >> 11) & 7, used = fx[FX_FTW];
	uint32_t twd = 0xffff0000u; /* Linux sets the unused upper half */

	for (unsigned i = 0; i < 8; i++) {
		unsigned tag = used >> i & 1 ? tag_of(fx + FX_ST + 16 * ((i - top) & 7)) : TAG_EMPTY;
		twd |= tag << (2 * i);
	}
	return twd;
}

/* i386's FSAVE-format registers from the image; the selectors are the
 * code and data segments at the fault (FXSAVE in 64-bit mode keeps none
 * that Linux reports either). */
static void to_fsave(struct i387_fsave *f, const struct cv_core_event *ev)
{
	const uint8_t *fx = ev->fxsave;

	f->cwd = fx16(fx, FX_FCW) | 0xffff0000u;
	f->swd = fx16(fx, FX_FSW) | 0xffff0000u;
	f->twd = full_tags(fx);
	memcpy(&f->fip, fx + FX_FIP, 4);
	f->fcs = ev->regs.r32.cs | (uint32_t)fx16(fx, FX_FOP) << 16;
	memcpy(&f->foo, fx + FX_FDP, 4);
	f->fos = ev->regs.r32.ds | 0xffff0000u;
	for (int i = 0; i < 8; i++)
		memcpy(f->st_space + 10 * i, fx + FX_ST + 16 * i, 10);
}

int core_note_fpregs(struct core_buf *b, const struct cv_core_event *ev)
{
	struct i387_fsave f;

	if (core_event_wide(ev))
		return core_note_add(b, NT_PRFPREG, ev->fxsave, sizeof(ev->fxsave));
	to_fsave(&f, ev);
	return core_note_add(b, NT_PRFPREG, &f, sizeof(f)) ||
	       core_note_add_named(b, "LINUX", NT_PRXFPREG, ev->fxsave, sizeof(ev->fxsave)) ? -1 : 0;
}
