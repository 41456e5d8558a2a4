/* #! interpreter scripts in execve, as Linux's binfmt_script. */
#ifndef PROC_EXEC_SCRIPT_H
#define PROC_EXEC_SCRIPT_H

#include <stdint.h>

#include "exec.h"

#define SCRIPT_BUF       256  /* bytes of the file read for the #! line (Linux: BINPRM_BUF_SIZE) */
#define SCRIPT_DEPTH_MAX 5    /* interpreters that are scripts themselves, nested; one more is
				 ELOOP (Linux: exec_binprm's depth > 5) */

/* The #! line of one script: interp and arg point into buf. */
struct script_line {
	char buf[SCRIPT_BUF];
	const char *interp;   /* the interpreter's path */
	const char *arg;      /* its one optional argument, or 0 */
};

/* Parse the start of a file as Linux does: 0 when it is no script (does
 * not start with "#!"), 1 with *l filled when it is, -ENOEXEC when the
 * line names no interpreter or the interpreter's name may be cut off by
 * the SCRIPT_BUF limit. The optional argument is everything after the
 * blanks that end the name, up to the line's end without trailing blanks
 * (cut at SCRIPT_BUF: the interpreter may reread the file). */
int script_parse(const uint8_t *data, uint64_t size, struct script_line *l);

/* Make argv what the interpreter gets: [interp, arg?, filename, argv[1..]]
 * (argv[0] dropped when there is one). filename and l stay referenced.
 * 0, -E2BIG past the vector's room for kernel strings, or -EFAULT. */
int script_splice(struct strvec *argv, const struct script_line *l, const char *filename);

#endif
