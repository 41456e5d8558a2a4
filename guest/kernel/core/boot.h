/* What the kernel learns at boot: PVH start info, the VMM's boot info and
 * the command line. */
#ifndef CORE_BOOT_H
#define CORE_BOOT_H

#include <stdbool.h>
#include <stdint.h>

#define INIT_ARGS_MAX 32

struct boot_params {
	uint64_t ram_end;        /* end of the RAM region holding the kernel */
	uint64_t initrd_pa, initrd_size;
	uint64_t tsc_khz;        /* 0 when unknown */
	int64_t realtime_ns;     /* host time at boot */
	bool strace;             /* report system calls to the VMM */
	bool stats;              /* the VMM wants statistics snapshots */
	bool coredump;           /* the VMM writes core files (--core-dir) */
	uint32_t snapshot_on;    /* bit (1 << trigger): kernel events to snapshot */
	bool kernel_emulated;    /* the VMM says CPL0 code is emulated (kvm-pvm) */
	/* command line */
	bool quiet;
	bool cow_off;
	enum fork_tables { FORK_SHARE, FORK_COPY, FORK_TABLES_COUNT } fork_tables; /* fork=: page tables at fork */
	bool console_tty;        /* tty=on: the console is a terminal (TCGETS ...) */
	enum { SIMD32_AUTO, SIMD32_ON, SIMD32_OFF } simd32; /* simd32=: SIMD in i386 CPUID */
	const char *init;        /* init=, default "/init" */
	const char *argv0;       /* argv0=: init's argv[0], NULL: the init path */
	const char *test;        /* cvtest=: a kernel self-test hook */
	int ninit_args;          /* unknown words without '=', and all words
	                            after "--": init's arguments */
	const char *init_args[INIT_ARGS_MAX];
	int ninit_env;           /* unknown NAME=VALUE words: init's environment */
	const char *init_env[INIT_ARGS_MAX];
};

extern struct boot_params boot;

/* Read the PVH start info at physical address pa (and the VMM's boot info)
 * into boot; panics when the start info is unusable. */
void boot_parse(uint32_t start_info_pa);

#endif
