/* Segment loads of LDT selectors in 32-bit user code, where kvm-pvm's
 * instruction emulator differs from the CPU. */
#ifndef TRAP_LDT_FAULT_H
#define TRAP_LDT_FAULT_H

#include <stdbool.h>
#include <stdint.h>

#include "../arch/trap.h"

/* A 32-bit user page fault at addr (nothing mapped there): when it is the
 * read of an LDT descriptor by a segment load, signal it as the #GP the
 * CPU raises and return true. */
bool ldt_fault_as_gp(const struct trapframe *tf, uint64_t addr);

#endif
