/* Checking PROGRAM on the host: the guest kernel's own ELF rules for i386,
 * the x86-64 ones (program_elf.h), and clear words for the usual mistakes. */
#include "program.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../guest/kernel/proc/elf32.h"
#include "../shared/exitcodes.h"
#include "program_elf.h"
#include "util.h"

#define PROGRAM_MAX (1u << 30)
#define ACCEPTED "cowvisor runs static i386 or x86-64 ELF executables"

/* Why buf[0..len) is not a program cowvisor runs, into reason; NULL when
 * it is one. */
static const char *refusal(const unsigned char *buf, size_t len, char *reason, size_t rlen)
{
	struct elf32_info info;
	const char *why = NULL;
	char interp[128];

	if (elf_interp(buf, len, interp, sizeof(interp))) { /* either class */
		snprintf(reason, rlen, "dynamically linked (interpreter %s); cowvisor runs static "
			 "executables: build with -static", interp);
		return reason;
	}
	if (len >= 2 && buf[0] == '#' && buf[1] == '!')
		why = "a script";
	else if (elf_is_64(buf, len) ? elf64_check(buf, len, &why) == 0
				     : elf32_check(buf, len, len, &info, &why) == 0)
		return NULL;
	snprintf(reason, rlen, "%s (" ACCEPTED ")", why);
	return reason;
}

int program_check(const char *path, char *err, size_t errlen)
{
	struct stat st;
	char reason[300];
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
	if (refusal(buf, len, reason, sizeof(reason)) != NULL) {
		snprintf(err, errlen, "%s: cannot run it: %s", path, reason);
		free(buf);
		return CV_EXIT_NOEXEC;
	}
	free(buf);
	return 0;
}
