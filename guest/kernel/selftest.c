/* Kernel self-test hooks (see selftest.h). */
#include "selftest.h"

#include "arch/lapic.h"
#include "arch/segments.h"
#include "arch/x86.h"
#include "arch/xsave_stub.h"
#include "boot.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/layout.h"
#include "panic.h"

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

/* The XSAVE stub: XCR0 as user mode sees it; an xrstor of a made-up AVX
 * state read back by xsave; a damaged area faults without harm; the cost
 * of a run. */
static void xsave(void)
{
	static uint8_t a[XSTUB_AREA_MAX] __attribute__((aligned(64)));
	static uint8_t b[XSTUB_AREA_MAX] __attribute__((aligned(64)));
	uint64_t xcr0_user = 0, rc, mask, t0, t1;

	if (xcr0 == 0 || (rc = xstub_run(XSTUB_PROBE, 0, 0, 0, &xcr0_user)) != 0) {
		printk("selftest xsave: no XSAVE (rc %lu)\n", xcr0 == 0 ? 0 : rc);
		return;
	}
	mask = xcr0_user & ~(uint64_t)XCR0_X87_SSE;
	printk("selftest xsave: user XCR0 %lx\n", xcr0_user);
	if (!(mask & 4))
		return;
	for (int i = 0; i < 256; i++)
		a[576 + i] = (uint8_t)(i * 7 + 1);
	a[24] = 0x80; a[25] = 0x1f;  /* MXCSR 0x1f80 */
	a[512] = 4;                  /* XSTATE_BV: AVX */
	t0 = rdtsc();
	rc = xstub_run(XSTUB_LOAD, 4, 0, a, 0);
	t1 = rdtsc();
	printk("selftest xsave: load rc %lu, %lu cycles\n", rc, t1 - t0);
	t0 = rdtsc();
	rc = xstub_run(XSTUB_SAVE, 4, b, 0, 0);
	t1 = rdtsc();
	printk("selftest xsave: save rc %lu, %lu cycles, XSTATE_BV %x, ymm %s\n", rc, t1 - t0,
	       b[512], memcmp(a + 576, b + 576, 256) == 0 ? "same" : "DIFFERENT");
	t0 = rdtsc();
	rc = xstub_run(XSTUB_SWAP, 4, b, a, 0);
	t1 = rdtsc();
	printk("selftest xsave: swap rc %lu, %lu cycles\n", rc, t1 - t0);
	{
		int bad = 0;
		uint64_t tk = ticks();
		t0 = rdtsc();
		for (int k = 0; k < 200; k++)
			if ((rc = xstub_run(XSTUB_SWAP, 4, b, a, 0)) != 0)
				bad++, printk("rc %lu\n", rc);
		t1 = rdtsc();
		printk("selftest xsave: 200 swaps, %d failed, %lu cycles each, %lu ticks\n", bad, (t1 - t0) / 200, ticks() - tk);
	}
	a[520] = 1; /* XCOMP_BV set in a standard-format area: #GP */
	rc = xstub_run(XSTUB_LOAD, 4, 0, a, 0);
	printk("selftest xsave: damaged rc %lu\n", rc);
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
