/* XSAVE state the kernel cannot reach itself. On kvm-pvm the kernel is
 * emulated by an instruction emulator without xsave/xrstor, while 64-bit
 * user code runs natively with the host's XCR0 (AVX on): the YMM upper
 * halves (and any AVX-512 state) are out of the kernel's hands. So the
 * kernel runs a few instructions of its own in user mode: a stub page in an
 * address space of its own (no process ever maps it), entered by iretq with
 * interrupts off, that does xsave/xrstor through two windows onto kernel
 * memory and traps back with ud2. Mechanism only; proc/xstate.c decides
 * when. */
#ifndef ARCH_XSAVE_STUB_H
#define ARCH_XSAVE_STUB_H

#include <stdbool.h>
#include <stdint.h>

/* The largest XSAVE area (standard format) the windows take: legacy
 * region, header, AVX, AVX-512 and PKRU state. */
#define XSTUB_AREA_MAX 2752u
#define XSTUB_AREA_ALIGN 64u

/* The standard-format XSAVE area (SDM vol. 1, 13.4): MXCSR in the legacy
 * region, the header's component bitmaps, the header's end (where AVX's
 * YMM upper halves begin). */
#define XSAVE_MXCSR      24
#define XSAVE_XSTATE_BV  512
#define XSAVE_XCOMP_BV   520
#define XSAVE_HEADER_END 576
#define MXCSR_DEFAULT    0x1f80u /* all SSE exceptions masked */

/* What a stub run does. */
enum xstub_op {
	XSTUB_SAVE,  /* xsave into save */
	XSTUB_LOAD,  /* xrstor from load */
	XSTUB_SWAP,  /* xsave into save, then xrstor from load */
	XSTUB_PROBE, /* xgetbv(0): the XCR0 user mode runs with */
};

/* Build the stub's address space; call once at boot. */
void xstub_init(void);

/* Run op in user mode with the requested-feature mask for xsave/xrstor;
 * save and load are XSTUB_AREA_MAX-byte areas aligned to XSTUB_AREA_ALIGN
 * (or NULL where op does not use them). Returns 0 and, for XSTUB_PROBE,
 * XCR0 in *xcr0_out; or the exception vector the stub took instead (a
 * damaged area makes xrstor #GP), +1 so that vector 0 is not 0. */
uint64_t xstub_run(enum xstub_op op, uint64_t mask, void *save, const void *load, uint64_t *xcr0_out);

/* Is the stub running? (a trap from user mode now is the stub's) */
extern volatile uint8_t xstub_running;

/* A trap the stub took (not its final ud2): back to xstub_run's caller,
 * which gets the vector. */
void xstub_abort(uint64_t vector) __attribute__((noreturn));

#endif
