/* Panic and power-off. */
#include "panic.h"

#include <stdarg.h>

#include "../arch/hypercall.h"
#include "../arch/layout.h"
#include "../arch/x86.h"
#include "../lib/printk.h"

/* QEMU's isa-debug-exit device, when present: exits with (v << 1) | 1. */
#define QEMU_DEBUG_EXIT_PORT 0x501

/* Stop forever with interrupts off. */
static void __attribute__((noreturn)) halt_forever(void)
{
	for (;;) {
		cli();
		hlt();
	}
}

void poweroff(int status)
{
	cli();
	hypercall(CV_HC_POWEROFF, (uint64_t)status & 0xff, 0, 0, 0);
	outl(QEMU_DEBUG_EXIT_PORT, (uint32_t)status);
	halt_forever();
}

void poweroff_signaled(int sig)
{
	cli();
	hypercall(CV_HC_POWEROFF, (uint64_t)(128 + sig) & 0xff, (uint64_t)sig, 0, 0);
	outl(QEMU_DEBUG_EXIT_PORT, (uint32_t)(128 + sig));
	halt_forever();
}

/* Convert a trap frame (or the current state) to the VMM's register block. */
static void fill_regs(struct cv_regs *r, const struct trapframe *tf)
{
	uint64_t efer = rdmsr(MSR_EFER);

	*r = (struct cv_regs){
		.cr0 = read_cr0(), .cr2 = read_cr2(), .cr3 = read_cr3(), .cr4 = read_cr4(),
		.efer = efer, .vector = UINT64_MAX,
	};
	__asm__ volatile("mov %%ds, %0" : "=r"(r->ds));
	__asm__ volatile("mov %%es, %0" : "=r"(r->es));
	__asm__ volatile("mov %%fs, %0" : "=r"(r->fs));
	__asm__ volatile("mov %%gs, %0" : "=r"(r->gs));
	__asm__ volatile("str %0" : "=r"(r->tr));
	if (tf == 0)
		return;
	r->rax = tf->rax; r->rbx = tf->rbx; r->rcx = tf->rcx; r->rdx = tf->rdx;
	r->rsi = tf->rsi; r->rdi = tf->rdi; r->rbp = tf->rbp; r->rsp = tf->rsp;
	r->r8 = tf->r8; r->r9 = tf->r9; r->r10 = tf->r10; r->r11 = tf->r11;
	r->r12 = tf->r12; r->r13 = tf->r13; r->r14 = tf->r14; r->r15 = tf->r15;
	r->rip = tf->rip; r->rflags = tf->rflags;
	r->cs = (uint16_t)tf->cs; r->ss = (uint16_t)tf->ss;
	r->vector = tf->vector; r->error_code = tf->error;
}

void panic_frame(const struct trapframe *tf, const char *fmt, ...)
{
	static int panicking;
	char msg[256];
	struct cv_regs regs;
	va_list ap;
	int n;

	cli();
	if (panicking++)
		halt_forever(); /* a panic inside a panic: stop quietly */
	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(msg))
		n = sizeof(msg) - 1;
	printk("kernel panic: %s\n", msg);
	fill_regs(&regs, tf);
	if (tf)
		printk("  rip %016lx cs %lx rflags %lx rsp %016lx ss %lx cr2 %016lx err %lx\n",
		       tf->rip, tf->cs, tf->rflags, tf->rsp, tf->ss, regs.cr2, tf->error);
	hypercall(CV_HC_PANIC, V2P(msg), (uint64_t)n, V2P(&regs), 0);
	outl(QEMU_DEBUG_EXIT_PORT, 125);
	halt_forever();
}
