/* The XSAVE part of x86-64 signal frames (see xstate.h): Linux's layout,
 * an FXSAVE image whose software-reserved bytes announce the XSAVE header
 * and state that follow it, closed by a second magic word. */
#include "xstate.h"

#include "../arch/xsave_stub.h"
#include "../lib/string.h"
#include "../mm/uaccess.h"
#include "signal.h"

#define FXSAVE_SIZE       512
#define SW_RESERVED       464        /* struct _fpx_sw_bytes in the FXSAVE image */
#define FP_XSTATE_MAGIC1  0x46505853u
#define FP_XSTATE_MAGIC2  0x46505845u
#define XFEATURE_FP_SSE   3u

/* Linux's struct _fpx_sw_bytes. */
struct sw_bytes {
	uint32_t magic1, extended_size;
	uint64_t xfeatures;
	uint32_t xstate_size, padding[7];
};
_Static_assert(sizeof(struct sw_bytes) == FXSAVE_SIZE - SW_RESERVED, "_fpx_sw_bytes");

static uint8_t image[XSTUB_AREA_MAX + 4] __attribute__((aligned(XSTUB_AREA_ALIGN)));

uint32_t xstate_frame_extra(void)
{
	return xstate_on ? xstate_area_size() + 4 - FXSAVE_SIZE : 0;
}

uaddr_t xstate_signal_save(uaddr_t sp, bool *extended)
{
	uint32_t size = xstate_area_size(), magic2 = FP_XSTATE_MAGIC2;
	struct sw_bytes sw = { FP_XSTATE_MAGIC1, size + 4, xstate_mask() | XFEATURE_FP_SSE, size, { 0 } };
	uaddr_t at = (sp - size - 4) & ~63ull;

	*extended = xstate_on;
	if (!xstate_on)
		return signal_save_fpu(sp, 64);
	if (xstate_save_cur() != 0)
		return 0;
	__asm__ volatile("fxsave %0" : "=m"(*(uint8_t(*)[FXSAVE_SIZE])image));
	memcpy(image + SW_RESERVED, &sw, sizeof sw);
	memcpy(image + XSAVE_XSTATE_BV, cur->xstate + XSAVE_XSTATE_BV, size - XSAVE_XSTATE_BV);
	image[XSAVE_XSTATE_BV] |= XFEATURE_FP_SSE; /* the image's legacy part is whole */
	memcpy(image + size, &magic2, 4);
	return copy_to_user(cur->mm, at, image, size + 4) ? 0 : at;
}

/* Does the frame's FPU state at fpstate carry the extension as
 * xstate_signal_save wrote it? */
static bool has_extension(uaddr_t fpstate, uint32_t size)
{
	struct sw_bytes sw;
	uint32_t magic2;

	return fpstate != 0 && copy_from_user(cur->mm, &sw, fpstate + SW_RESERVED, sizeof sw) == 0 &&
	       sw.magic1 == FP_XSTATE_MAGIC1 && sw.xstate_size == size && sw.extended_size == size + 4 &&
	       copy_from_user(cur->mm, &magic2, fpstate + size, 4) == 0 && magic2 == FP_XSTATE_MAGIC2;
}

bool xstate_sigreturn(uaddr_t fpstate)
{
	uint32_t size = xstate_area_size(), mxcsr = MXCSR_DEFAULT;
	uint64_t bv, comp;
	static const uint8_t zero[XSAVE_HEADER_END - XSAVE_XCOMP_BV - 8];

	if (!xstate_on)
		return true;
	if (!has_extension(fpstate, size)) {
		xstate_reset(cur); /* an FXSAVE image alone: the rest starts afresh */
	} else {
		if (copy_from_user(cur->mm, image + XSAVE_XSTATE_BV, fpstate + XSAVE_XSTATE_BV, size - XSAVE_XSTATE_BV))
			return false;
		memcpy(&bv, image + XSAVE_XSTATE_BV, 8);
		memcpy(&comp, image + XSAVE_XCOMP_BV, 8);
		/* what xrstor would #GP on: unknown components, the compacted
		 * form, reserved header bytes */
		if ((bv & ~(xstate_mask() | XFEATURE_FP_SSE)) || comp ||
		    memcmp(image + XSAVE_XCOMP_BV + 8, zero, sizeof zero))
			return false;
		memcpy(cur->xstate + XSAVE_XSTATE_BV, image + XSAVE_XSTATE_BV, size - XSAVE_XSTATE_BV);
		memcpy(cur->xstate + XSAVE_MXCSR, &mxcsr, 4); /* the FXSAVE image's fxrstor sets it */
	}
	xstate_reload_cur();
	return true;
}
