/* CPUID as user programs see it. With CPUID faulting (MSR_MISC_FEATURES_
 * ENABLES, offered by KVM, kvm-pvm and recent CPUs) a CPUID in user mode
 * raises #GP and the kernel answers it, optionally without the SIMD
 * extensions (SSE and later, AVX and later) for 32-bit programs: their
 * libc then takes its integer code paths. The instructions themselves keep
 * working; only what CPUID reports changes. */
#ifndef TRAP_CPUID_H
#define TRAP_CPUID_H

#include <stdbool.h>

#include "../arch/trap.h"

/* Answer 32-bit programs' CPUID without SIMD extensions from now on, by
 * CPUID faulting. False when the CPU offers no CPUID faulting (then
 * programs see the CPU's own CPUID). */
bool cpuid_hide_simd32(void);

/* A #GP in user mode at tf: when it is a CPUID that faulting sent here,
 * answer it, step over it and return true. */
bool cpuid_user_emulate(struct trapframe *tf);

#endif
