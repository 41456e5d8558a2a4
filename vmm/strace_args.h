/* --strace's argument formatting: a call's arguments as strace shows
 * them, by the kinds of its signature (shared/linux_syscall_kinds.h),
 * reading user memory through the caller's page tables. */
#ifndef VMM_STRACE_ARGS_H
#define VMM_STRACE_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guestmem.h"
#include "syscall_names.h"

#define STRACE_STRING_MAX 32   /* bytes of a string or buffer shown */
#define STRACE_ERRNO_MAX  4095 /* results -4095..-1 are errors */

/* A bounded text builder that counts what it would need. */
struct sb {
	char *buf;
	size_t cap;
	size_t len; /* length needed so far (may exceed cap - 1) */
};

/* Append formatted text, truncating at the buffer's end. */
void sb_printf(struct sb *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append a plain string. */
void sb_puts(struct sb *sb, const char *s);

/* One call being formatted. */
struct call {
	const struct guest_mem *gm;
	uint64_t cr3;
	const uint64_t *args;
	bool wide;   /* x86-64: 64-bit long and pointers (else i386's 32-bit ones) */
	bool done;   /* the result is known */
	int64_t ret; /* the result, when done */
};

/* Is ret an error (-4095..-1)? */
bool strace_is_error(int64_t ret);

/* The arguments of call c (described by info), comma-separated, without
 * the parentheses; those a kind hides (open's mode without O_CREAT, ...)
 * are left out. */
void strace_put_args(struct sb *sb, const struct call *c, const struct syscall_info *info);

#endif
