/* Kernel self-test hooks (see selftest.h). */
#include "selftest.h"

#include "arch/lapic.h"
#include "arch/layout.h"
#include "arch/segments.h"
#include "arch/trap.h"
#include "arch/x86.h"
#include "arch/xsave_stub.h"
#include "core/boot.h"
#include "core/panic.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/frame.h"

/* With an empty IDT a page fault becomes a triple fault. (kvm-pvm's
 * emulator fails on a kernel int3 instead, so that is not used.) */
static void triple_fault(void)
{
	struct { uint16_t limit; uint64_t base; } __attribute__((packed)) empty = { 0, 0 };

	__asm__ volatile("lidt %0; movq $0, 0x10" :: "m"(empty));
}

static void spin(void)
{
	for (;;)
		__asm__ volatile("pause");
}

/* A kernel write to an unmapped address (a page fault). A kernel divide
 * by zero is no good here: kvm-pvm's emulator raises no #DE for it. */
static void kernel_page_fault(void)
{
	__asm__ volatile("movq $1, 0x10" ::: "memory");
}

/* Wait for ten ticks; print how long they took by the TSC. */
static void wait_ticks(void)
{
	uint64_t t0, start = ticks();

	while (ticks() == start)
		sti_hlt();
	t0 = rdtsc();
	start = ticks();
	while (ticks() < start + 10)
		sti_hlt();
	printk("selftest ticks: 10 ticks in %lu us\n",
	       boot.tsc_khz ? (rdtsc() - t0) * 1000 / boot.tsc_khz : 0);
}

/* Allocation, sharing and freeing keep the free count honest. */
static void frames(void)
{
	uint64_t before = frames_free(), a, b, c;

	a = frame_alloc_zeroed();
	b = frame_alloc();
	frame_get(a);
	frame_put(a);
	if (frame_refcount(a) != 1 || frames_free() != before - 2)
		panic("selftest frames: counts wrong after get/put");
	*(uint64_t *)P2V(a) = 0x1234;
	frame_put(a);
	c = frame_alloc_zeroed();
	if (c != a || *(uint64_t *)P2V(c) != 0)
		panic("selftest frames: freed frame not reused zeroed");
	frame_put(b);
	frame_put(c);
	if (frames_free() != before)
		panic("selftest frames: %lu frames leaked", before - frames_free());
	printk("selftest frames: ok\n");
}

/* Loads of selectors the CPU refuses (the TSS, an LDT selector, an empty
 * GDT entry) fault, are fixed up through the exception table and leave
 * null; a good one loads. */
static void segments(void)
{
	const uint16_t sel[4] = { SEL_TSS | 3, 0x0f, SEL_USER_DS, (GDT_ENTRIES - 1) << 3 | 3 };
	uint16_t now[4];
	unsigned refused = segments_load_data(sel);

	__asm__ volatile("mov %%ds, %0; mov %%es, %1; mov %%fs, %2; mov %%gs, %3"
			 : "=r"(now[0]), "=r"(now[1]), "=r"(now[2]), "=r"(now[3]));
	if (refused != 0xb || now[0] != 0 || now[1] != 0 || now[2] != SEL_USER_DS || now[3] != 0)
		panic("selftest segments: refused %#x, loaded %#x %#x %#x %#x", refused,
		      now[0], now[1], now[2], now[3]);
	printk("selftest segments: ok\n");
}

/* The XSAVE stub (arch/xsave_stub.h): where user mode has AVX state, a
 * made-up state loaded by xrstor reads back the same by xsave, and a
 * damaged area makes xrstor fault back to the kernel (#GP), no panic. */
static void xsave(void)
{
	static uint8_t a[XSTUB_AREA_MAX] __attribute__((aligned(XSTUB_AREA_ALIGN)));
	static uint8_t b[XSTUB_AREA_MAX] __attribute__((aligned(XSTUB_AREA_ALIGN)));
	const uint64_t avx = 4, ymm_hi = XSAVE_HEADER_END;
	const uint32_t mxcsr = MXCSR_DEFAULT;
	uint64_t user_xcr0 = 0, load, save, bad;

	if (xcr0 == 0 || xstub_run(XSTUB_PROBE, 0, 0, 0, &user_xcr0) != 0 || !(user_xcr0 & avx)) {
		printk("selftest xsave: user mode has no AVX state (XCR0 %lx)\n", user_xcr0);
		return;
	}
	for (int i = 0; i < 256; i++)
		a[ymm_hi + i] = (uint8_t)(i * 7 + 1);
	memcpy(a + XSAVE_MXCSR, &mxcsr, 4);
	a[XSAVE_XSTATE_BV] = (uint8_t)avx;
	load = xstub_run(XSTUB_LOAD, avx, 0, a, 0);
	save = xstub_run(XSTUB_SAVE, avx, b, 0, 0);
	if (load != 0 || save != 0 || b[XSAVE_XSTATE_BV] != avx || memcmp(a + ymm_hi, b + ymm_hi, 256) != 0)
		panic("selftest xsave: load %lu, save %lu, XSTATE_BV %x, state %s", load, save,
		      b[XSAVE_XSTATE_BV], memcmp(a + ymm_hi, b + ymm_hi, 256) ? "differs" : "same");
	a[XSAVE_XCOMP_BV] = 1; /* the compacted form's bit in a standard-format area: #GP */
	if ((bad = xstub_run(XSTUB_LOAD, avx, 0, a, 0)) != VEC_GP + 1)
		panic("selftest xsave: a damaged area gave %lu, not #GP", bad);
	printk("selftest xsave: ok, user XCR0 %lx\n", user_xcr0);
}

void selftest_run(const char *name)
{
	static const struct { const char *name; void (*fn)(void); } tests[] = {
		{ "triple-fault", triple_fault }, { "spin", spin },
		{ "panic", kernel_page_fault }, { "ticks", wait_ticks }, { "frames", frames },
		{ "segments", segments }, { "xsave", xsave },
	};

	for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (strcmp(name, tests[i].name) == 0) {
			tests[i].fn();
			return;
		}
	}
	printk("warning: unknown cvtest=%s ignored\n", name);
}
