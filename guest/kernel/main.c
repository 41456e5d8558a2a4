/* The kernel's entry from the boot code: bring the machine up, then run. */
#include "arch/clock.h"
#include "arch/console_out.h"
#include "arch/hypercall.h"
#include "arch/lapic.h"
#include "arch/layout.h"
#include "arch/pit.h"
#include "arch/segments.h"
#include "arch/syscall64.h"
#include "arch/trap.h"
#include "arch/x86.h"
#include "arch/xsave_stub.h"
#include "core/boot.h"
#include "core/panic.h"
#include "init.h"
#include "introspect.h"
#include "lib/printk.h"
#include "mm/frame.h"
#include "mm/kpt.h"
#include "proc/compat_fp.h"
#include "proc/exec.h"
#include "proc/vdso.h"
#include "proc/xstate.h"
#include "selftest.h"
#include "trap/cpuid.h"

#ifndef CV_VERSION
#error "CV_VERSION must be defined by the build"
#endif

/* Enable no-execute page protection when the CPU has it. */
static void enable_nx(void)
{
	uint32_t a, b, c, d;

	cpuid(0x80000001, &a, &b, &c, &d);
	if (d & (1u << 20))
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
}

/* Where the CPU offers XSAVE, enable exactly the x87 and SSE state in
 * XCR0: kvm-pvm runs user code with the guest's XCR0, where SSE needs it
 * (and it shows its real CPUID whatever the VMM sets). */
static void xcr0_enable_sse(void)
{
	uint32_t a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	if (!(c & (1u << 26)))
		return;
	write_cr4(read_cr4() | (1ull << 18)); /* OSXSAVE */
	__asm__ volatile("xsetbv" :: "c"(0), "a"((uint32_t)XCR0_X87_SSE), "d"(0));
	xcr0 = XCR0_X87_SSE;
}

/* Let user programs use x87 and SSE (fxsave/fxrstor state), not AVX. */
static void enable_fpu(void)
{
	uint64_t cr0;

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	cr0 = (cr0 & ~(1ull << 2)) | (1ull << 1) | (1ull << 5); /* !EM, MP, NE */
	__asm__ volatile("mov %0, %%cr0" :: "r"(cr0));
	write_cr4(read_cr4() | (1ull << 9) | (1ull << 10));     /* OSFXSR, OSXMMEXCPT */
	xcr0_enable_sse();
	exec_init_fpu();
}

static bool simd32_hidden;

/* simd32=: hide SIMD extensions from 32-bit programs' CPUID? By default
 * where the kernel is emulated (kvm-pvm): there each of their SIMD
 * instructions costs a trip to the FPU trampoline, and their libc has
 * integer code for the same work. */
static void setup_simd32(void)
{
	bool hide = boot.simd32 == SIMD32_OFF ||
		    (boot.simd32 == SIMD32_AUTO && under_cowvisor() && boot.kernel_emulated);

	simd32_hidden = hide && cpuid_hide_simd32();
	if (hide && !simd32_hidden)
		printk("simd32=off: the CPU offers no CPUID faulting; i386 programs see all of CPUID\n");
}

/* Memory: the final page tables, then the frame allocator above the kernel
 * and below the initrd. */
static void mm_init(void)
{
	uint64_t first = PAGE_ROUND_UP(V2P(_kernel_end));
	uint64_t limit = boot.initrd_size ? PAGE_ROUND_DOWN(boot.initrd_pa) : boot.ram_end;

	kpt_init(boot.ram_end);
	frame_init(boot.ram_end, first, limit, under_cowvisor());
}

/* The banner: version, memory, platform. */
static void banner(void)
{
	if (boot.quiet)
		return;
	printk("cowvisor kernel %s: %lu MiB RAM, %lu frames of 4 KiB, %lu free\n", CV_VERSION,
	       boot.ram_end >> 20, frames_total(), frames_free());
	printk("  kernel 0x%x-0x%lx, initrd %lu bytes, XCR0 %x, TSC %lu kHz, %s%s\n", CV_KERNEL_PADDR,
	       V2P(_kernel_end), boot.initrd_size, xcr0, boot.tsc_khz,
	       !under_cowvisor() ? "not under cowvisor" :
	       boot.kernel_emulated ? "kvm-pvm (kernel code emulated)" : "hardware KVM",
	       simd32_hidden ? ", i386 CPUID without SIMD (simd32=off)" : "");
}

void kmain(uint32_t start_info_pa)
{
	hypercall_probe();
	console_init();
	gdt_init();
	idt_init();
	syscall64_init();
	boot_parse(start_info_pa);
	enable_nx();
	enable_fpu();
	setup_simd32();
	/* without cowvisor (QEMU) nobody tells the TSC's rate: time it */
	clock_init(boot.tsc_khz || under_cowvisor() ? boot.tsc_khz : pit_tsc_khz(), boot.realtime_ns);
	mm_init();
	frame_set_paravirt(under_cowvisor() && boot.kernel_emulated);
	introspect_init(compat_fp_init());
	vdso_init();
	lapic_init();
	xstub_init();
	xstate_init();
	banner();
	if (boot.test) {
		sti();
		selftest_run(boot.test);
		cli();
	}
	init_start();
}
