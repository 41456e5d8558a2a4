/* The i386 system calls the test programs name by number whose x86-64
 * twin has another name: the same call there (stat and select with the
 * one layout x86-64 has). Include instead of <sys/syscall.h>. */
#ifndef PROGS_SYSNAMES_H
#define PROGS_SYSNAMES_H

#include <sys/syscall.h>

#if defined(__x86_64__)
#define SYS_stat64     SYS_stat   /* x86-64's stat is the 64-bit one */
#define SYS__newselect SYS_select /* i386's select with a struct timeval of longs */
#endif

#endif
