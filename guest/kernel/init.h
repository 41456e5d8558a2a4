/* Starting init, process 1, from the initrd. */
#ifndef INIT_H
#define INIT_H

/* Unpack the initrd and run init (never returns). Without an initrd the
 * machine powers off with 0; when init cannot be started, with 127 (not
 * found) or 126 (not executable). */
void init_start(void) __attribute__((noreturn));

#endif
