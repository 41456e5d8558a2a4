/* Core dumps (--core-dir): the kernel reports a dying process to the VMM,
 * which writes the core file from outside; the kernel writes nothing. */
#ifndef PROC_COREDUMP_H
#define PROC_COREDUMP_H

#include <stdbool.h>

#include "../arch/trap.h"

/* The current process dies of sig, whose default action dumps core, with
 * the user registers tf: report its mappings and registers to the VMM
 * before anything is released. True when the VMM wrote the core file
 * (the wait status then carries the core flag, as on Linux). code and
 * value: the signal's si_code and si_addr (0 when none). */
bool coredump_report(const struct trapframe *tf, int sig, int code, uint64_t value);

#endif
