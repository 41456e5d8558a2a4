/* Checking PROGRAM on the host with the guest kernel's ELF rules. */
#include "program.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../guest/kernel/proc/elf.h"
#include "../shared/exitcodes.h"
#include "util.h"

#define PROGRAM_MAX (1u << 30)

/* A clearer reason than the kernel's for the usual mistakes (into buf),
 * or NULL. */
static const char *mistake(const unsigned char *head, size_t len, const char *interp,
			   char *buf, size_t buflen)
{
	if (interp) {
		snprintf(buf, buflen, "dynamically linked (it asks for the interpreter %s); cowvisor "
			 "runs i386 or x86-64 static executables (build with -static)", interp);
		return buf;
	}
	if (len >= 2 && head[0] == '#' && head[1] == '!')
		return "a script; cowvisor runs i386 or x86-64 static executables only";
	return NULL;
}

int program_check(const char *path, char *err, size_t errlen)
{
	struct elf_info info;
	const char *why = NULL, *interp = NULL;
	struct stat st;
	char reason[200], clear[PATH_MAX + 200];
	size_t len = 0;
	unsigned char *buf;

	if (stat(path, &st) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return errno == ENOENT || errno == ENOTDIR ? CV_EXIT_NOTFOUND : CV_EXIT_NOEXEC;
	}
	buf = read_whole_file(path, PROGRAM_MAX, &len, reason, sizeof(reason));
	if (buf == NULL) {
		snprintf(err, errlen, "%s: %s", path, reason);
		return CV_EXIT_NOEXEC;
	}
	if (elf_check(buf, len, len, &info, &why, &interp) != 0) {
		const char *clearer = mistake(buf, len, interp, clear, sizeof(clear));
		snprintf(err, errlen, "%s: cannot run it: %s", path, clearer ? clearer : why);
		free(buf);
		return CV_EXIT_NOEXEC;
	}
	free(buf);
	return 0;
}
