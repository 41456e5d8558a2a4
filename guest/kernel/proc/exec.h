/* execve: replace the current process's program. */
#ifndef PROC_EXEC_H
#define PROC_EXEC_H

#include <stdint.h>

struct mm;

#define STRVEC_PRE_MAX 16  /* kernel strings put before a vector (#! scripts) */

/* Where argv or envp come from: a NULL-terminated array of user pointers
 * of ptr_size bytes (the caller's ABI: 4 or 8) in mm (uarr 0: empty), or a NULL-terminated kernel array; exec puts an
 * interpreter's strings (pre) before it and leaves out its first skip
 * strings. */
struct strvec {
	struct mm *mm;
	uint64_t uarr;
	uint32_t ptr_size;
	const char *const *karr;
	const char *pre[STRVEC_PRE_MAX];
	uint32_t npre, skip;
};

/* Load the program at path (relative to the cwd) with the given argument
 * and environment vectors; a #! script runs its interpreter (nested up to
 * SCRIPT_DEPTH_MAX, then -ELOOP). On success the process runs the new program
 * when it returns to user mode (0 is returned); on failure nothing of the
 * process has changed and -errno is returned. *why gets a reason for
 * -ENOEXEC. */
long exec_program(const char *path, struct strvec *argv, struct strvec *envp, const char **why);

/* Set up the FPU defaults image; call once at boot after CR4 allows SSE. */
void exec_init_fpu(void);

#endif
