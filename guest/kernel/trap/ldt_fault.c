/* Segment loads of LDT selectors (see ldt_fault.h). No process here has an
 * LDT (LDTR is null), so the CPU answers a selector with TI set by
 * #GP(selector), as Linux's programs see it (SIGSEGV, SI_KERNEL, trap 13,
 * error the selector without RPL). kvm-pvm's emulator of 32-bit user code
 * instead reads the descriptor from a base-0 LDT: a page fault at the
 * selector's index * 8, an address below mmap_min_addr where nothing can
 * be mapped. The forms whose selector is known without decoding a memory
 * operand are recognised: mov to a segment register from a register, and
 * pop of a segment register. */
#include "ldt_fault.h"

#include "../arch/compat_insn.h"
#include "../arch/segments.h"
#include "../mm/uaccess.h"
#include "../mm/vm.h"
#include "../proc/proc.h"
#include "../proc/signal.h"

#define SEL_TI 0x4  /* the selector names an LDT entry */

/* The 32-bit register numbered r in ModRM order (eax ecx edx ebx esp ebp
 * esi edi). */
static uint32_t reg32(const struct trapframe *tf, uint8_t r)
{
	const uint64_t regs[8] = { tf->rax, tf->rcx, tf->rdx, tf->rbx,
				   tf->rsp, tf->rbp, tf->rsi, tf->rdi };

	return (uint32_t)regs[r & 7];
}

/* The selector the segment load at tf's eip loads, into *sel; false when
 * the instruction is no segment load of a known form. */
static bool loaded_selector(const struct trapframe *tf, uint16_t *sel)
{
	uint8_t code[8];
	uint32_t i = 0;

	if (copy_from_user(cur->mm, code, (uaddr_t)tf->rip, sizeof(code)))
		return false;
	while (i < 4 && insn_legacy_prefix(code[i]))
		i++;
	if (code[i] == 0x8e && code[i + 1] >> 6 == 3) { /* mov sreg, r */
		*sel = (uint16_t)reg32(tf, code[i + 1]);
		return true;
	}
	if (code[i] == 0x07 || code[i] == 0x17 || code[i] == 0x1f || /* pop es/ss/ds */
	    (code[i] == 0x0f && (code[i + 1] == 0xa1 || code[i + 1] == 0xa9))) /* pop fs/gs */
		return copy_from_user(cur->mm, sel, (uaddr_t)(uint32_t)tf->rsp, sizeof(*sel)) == 0;
	return false;
}

bool ldt_fault_as_gp(const struct trapframe *tf, uint64_t addr)
{
	uint16_t sel;

	if (addr >= USER_MIN_ADDR || !loaded_selector(tf, &sel) || !(sel & SEL_TI) ||
	    (sel & ~7u) != addr) /* the descriptor's address in a base-0 LDT */
		return false;
	cur->fault = (typeof(cur->fault)){ .vector = VEC_GP, .error = sel & ~3u, .eip = tf->rip };
	signal_force_fault(SIGSEGV, SI_KERNEL, 0);
	return true;
}
