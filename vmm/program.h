/* PROGRAM as the user names it on the host: found, readable, and a static
 * i386 ELF executable by the guest kernel's own rules or a static x86-64
 * one (ET_EXEC or static-pie) - checked before the VM starts so the user
 * gets a clear message and the right status. */
#ifndef VMM_PROGRAM_H
#define VMM_PROGRAM_H

#include <stddef.h>

/* 0 when path is usable; else CV_EXIT_NOTFOUND (127) or CV_EXIT_NOEXEC
 * (126) with a message naming the file and the problem in err (what is
 * accepted, or the interpreter a dynamically linked program asked for). */
int program_check(const char *path, char *err, size_t errlen);

#endif
