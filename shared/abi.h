/* The Linux user ABIs a process can run under: the kernel records each
 * process's (exec chooses it from the ELF class) and publishes it in
 * its process table for the VMM (shared/introspect_proc.h). */
#ifndef SHARED_ABI_H
#define SHARED_ABI_H

enum cv_abi {
	CV_ABI_I386 = 0,      /* ELFCLASS32, EM_386: int 0x80, i386 numbers, 32-bit mode */
	CV_ABI_X86_64 = 1,    /* ELFCLASS64, EM_X86_64: syscall, x86-64 numbers, 64-bit mode */
};
#define CV_ABI_COUNT 2

/* The ABI's name as the JSON and the report spell it ("abi"). */
#define CV_ABI_NAME(abi) ((abi) == CV_ABI_X86_64 ? "x86_64" : "i386")

#endif
