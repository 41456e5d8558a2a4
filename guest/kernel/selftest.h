/* Kernel self-test hooks, chosen with cvtest=NAME on the command line, so
 * the integration tests can make the kernel fail in known ways:
 *   triple-fault  load an empty IDT and fault: the vCPU shuts down
 *   spin          loop forever with interrupts on (for --timeout)
 *   panic         a kernel page fault: a kernel panic
 *   ticks         wait for 10 timer ticks and report the time they took
 *   frames        allocate, free and reuse frames and check the counts
 *   segments      selector loads the CPU refuses are fixed up
 *   xsave         the user-mode XSAVE stub round-trips AVX state */
#ifndef SELFTEST_H
#define SELFTEST_H

/* Run the named test; an unknown name is reported and ignored. */
void selftest_run(const char *name);

#endif
