/* Linux's names for the values --strace decodes (i386 and x86-64 agree on
 * them): flag tables, value tables, fcntl commands and signal names. The
 * formatting is strace_args.c's. */
#ifndef VMM_STRACE_VALUES_H
#define VMM_STRACE_VALUES_H

#include <stdbool.h>
#include <stdint.h>

/* One row of a flag table (ended by a NULL name). */
struct flag {
	uint32_t mask;  /* bits examined */
	uint32_t value; /* name applies when (v & mask) == value */
	const char *name;
};

#define BIT(v, n) { (v), (v), (n) }

/* The bit of constant c, named as c is spelled: the name is written once. */
#define FLAG(c) BIT(c, #c)

/* One named value of a value table. */
struct named {
	int32_t value;
	const char *name;
};

/* A value table. */
struct names {
	const struct named *list; /* ended by a NULL name */
	bool hex;                 /* unknown values in hexadecimal */
};

extern const struct flag strace_open_flags[], strace_fd_flags[], strace_fd_cloexec[],
	strace_access_modes[], strace_prot_flags[], strace_map_flags[], strace_wait_options[],
	strace_at_flags[], strace_statx_flags[], strace_statx_mask[], strace_grnd_flags[],
	strace_clone_flags[], strace_epoll_flags[];

extern const struct names strace_dirfd_names, strace_whence_names, strace_sighow_names,
	strace_clock_names, strace_rlimit_names, strace_madvise_names, strace_arch_codes,
	strace_ioctl_names, strace_epoll_ops;

/* An fcntl command and the kind (enum sc_arg_kind) of its third argument
 * (0: none). */
struct fcntl_cmd {
	int32_t value;
	const char *name;
	char arg;
};

/* The fcntl command row of value cmd, or NULL. */
const struct fcntl_cmd *strace_fcntl_cmd_of(uint32_t cmd);

/* The name of signal sig (1..31), or NULL. */
const char *strace_signal_name(int32_t sig);

#endif
