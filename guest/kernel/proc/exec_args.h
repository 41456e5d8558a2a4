/* execve's argument and environment strings: Linux's limits on them, and
 * their copy from the caller's address space into the new stack. */
#ifndef PROC_EXEC_ARGS_H
#define PROC_EXEC_ARGS_H

#include <stdint.h>

#include "../arch/layout.h"
#include "../mm/vm.h"
#include "exec.h"

/* As Linux (fs/exec.c): a string with its NUL is at most MAX_ARG_STRLEN
 * bytes; a vector has at most MAX_ARG_STRINGS strings; all strings (the
 * program's path too) and their pointers take at most a quarter of the
 * stack limit (rlimit_arg_space). More is E2BIG. */
#define MAX_ARG_STRLEN  (32u * PAGE_SIZE)
#define MAX_ARG_STRINGS 0x7fffffffu
#define ARG_PTR_SIZE    4u  /* an i386 pointer */

/* What the vectors measured so far need. */
struct arg_totals {
	uint32_t strings;  /* strings (each takes a pointer) */
	uint32_t bytes;    /* string bytes, NULs included */
};

/* Count the strings of v (in *count) and add them to *t; 0, -E2BIG past
 * a limit, -EFAULT for a bad pointer. */
int args_measure(struct strvec *v, int *count, struct arg_totals *t);

/* Copy the count strings of v into mm at *at (advanced; never past end)
 * and their addresses, ptr_size bytes each (the new program's ABI), to the
 * pointer table at table (then a NULL). */
int args_place(struct mm *mm, struct strvec *v, int count, uaddr_t *at, uaddr_t end,
	       uaddr_t table, uint32_t ptr_size);

#endif
