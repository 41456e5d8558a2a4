/* The kernel's entry from the boot code: bring the machine up, then run. */
#include "arch/hypercall.h"
#include "arch/lapic.h"
#include "arch/segments.h"
#include "arch/trap.h"
#include "arch/x86.h"
#include "boot.h"
#include "dev/console.h"
#include "lib/printk.h"
#include "mm/frame.h"
#include "mm/kpt.h"
#include "mm/layout.h"
#include "panic.h"
#include "selftest.h"

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

/* Memory: the final page tables, then the frame allocator above the kernel
 * and below the initrd. */
static void mm_init(void)
{
	uint64_t first = PAGE_ROUND_UP(V2P(_kernel_end));
	uint64_t limit = boot.initrd_size ? PAGE_ROUND_DOWN(boot.initrd_pa) : boot.ram_end;

	kpt_init(boot.ram_end);
	frame_init(boot.ram_end, first, limit);
}

/* The banner: version, memory, platform. */
static void banner(void)
{
	if (boot.quiet)
		return;
	printk("cowvisor kernel %s: %lu MiB RAM, %lu frames of 4 KiB, %lu free\n", CV_VERSION,
	       boot.ram_end >> 20, frames_total(), frames_free());
	printk("  kernel 0x%x-0x%lx, initrd %lu bytes, TSC %lu kHz, %s\n", CV_KERNEL_PADDR,
	       V2P(_kernel_end), boot.initrd_size, boot.tsc_khz,
	       !under_cowvisor() ? "not under cowvisor" :
	       boot.kernel_emulated ? "kvm-pvm (kernel code emulated)" : "hardware KVM");
}

void kmain(uint32_t start_info_pa)
{
	hypercall_probe();
	console_init();
	gdt_init();
	idt_init();
	boot_parse(start_info_pa);
	enable_nx();
	mm_init();
	lapic_init();
	sti();
	banner();
	if (boot.test)
		selftest_run(boot.test);
	if (!boot.quiet)
		printk("no init program given: powering off\n");
	poweroff(0);
}
