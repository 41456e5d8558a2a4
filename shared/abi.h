/* The Linux system-call ABIs a guest process can use: which one a process
 * was exec'd for (its ELF class), as the kernel publishes it to the VMM
 * (cv_proc_info.abi, cv_strace_event.abi) and the JSON names it. */
#ifndef SHARED_ABI_H
#define SHARED_ABI_H

enum cv_abi {
	CV_ABI_I386 = 0,    /* ELF32 i386: int 0x80, i386 numbers, 32-bit layouts */
	CV_ABI_X86_64 = 1,  /* ELF64 x86-64: syscall, x86-64 numbers, LP64 layouts */
	CV_ABI_COUNT
};

#endif
