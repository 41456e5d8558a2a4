/* Checking PROGRAM on the host: the guest kernel's own ELF rules (i386 and
 * x86-64, guest/common/elf.h), and clear words for the usual mistakes. */
#include "program.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../guest/common/elf.h"
#include "../shared/exitcodes.h"
#include "util.h"

#define PROGRAM_MAX (1u << 30)
#define ACCEPTED "cowvisor runs static i386 or x86-64 ELF executables"

/* The interpreter name s as it may be printed: at most 100 bytes, each
 * non-printable one as '?' (into out, of outlen > 100 bytes). */
static const char *printable(const char *s, char *out, size_t outlen)
{
	size_t n = 0;

	for (; s[n] != '\0' && n < 100 && n + 1 < outlen; n++)
		out[n] = isprint((unsigned char)s[n]) ? s[n] : '?';
	out[n] = '\0';
	return out;
}

/* Why the refused program buf[0..len) cannot run, in words for the user
 * (into out): the interpreter a dynamic program asks for (interp, from the
 * kernel's check), a script, or the kernel's reason why; each says what
 * cowvisor runs. */
static const char *refusal(const unsigned char *buf, size_t len, const char *why,
			   const char *interp, char *out, size_t outlen)
{
	char name[128];

	if (interp != NULL)
		snprintf(out, outlen, "dynamically linked (interpreter %s); cowvisor runs static i386 or x86-64 "
			 "executables: build with -static", printable(interp, name, sizeof(name)));
	else
		snprintf(out, outlen, "%s (" ACCEPTED ")",
			 len >= 2 && buf[0] == '#' && buf[1] == '!' ? "a script" : why);
	return out;
}

int program_check(const char *path, char *err, size_t errlen)
{
	struct elf_info info;
	const char *why = NULL, *interp = NULL;
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
	if (elf_check(buf, len, len, &info, &why, &interp) != 0) { /* the kernel's rules */
		snprintf(err, errlen, "%s: cannot run it: %s", path,
			 refusal(buf, len, why, interp, reason, sizeof(reason)));
		free(buf);
		return CV_EXIT_NOEXEC;
	}
	free(buf);
	return 0;
}
