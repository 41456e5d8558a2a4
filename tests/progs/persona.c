/* persona: personality(2) as Linux keeps it: 0xffffffff reads it, a set
 * returns the old one, PER_LINUX32 makes uname say i686, a fork child and
 * an exec keep it. Prints one line per case and "persona: N of N as on
 * Linux"; the same on the host. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "locktest.h"

#define QUERY 0xffffffffu

/* Is uname's machine i686 now? */
static int says_i686(void)
{
	struct utsname u;

	return uname(&u) == 0 && strcmp(u.machine, "i686") == 0;
}

/* Exec'd as "persona --child": 0 when the personality and uname kept. */
static int child_view(int unused)
{
	(void)unused;
	return personality(QUERY) == PER_LINUX32 && says_i686() ? 0 : 1;
}

/* Child: exec this program as "persona --child". */
static int exec_child(int unused)
{
	(void)unused;
	execl("/proc/self/exe", "persona", "--child", (char *)NULL);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--child") == 0)
		return child_view(0);
	setvbuf(stdout, NULL, _IOLBF, 0);
	lt_name = "persona";
	check("PER_LINUX to begin with", personality(QUERY) == PER_LINUX);
	check("a set returns the old one", personality(PER_LINUX32) == PER_LINUX && personality(QUERY) == PER_LINUX32);
	check("PER_LINUX32: uname's machine is i686", says_i686());
	check("a fork child keeps it", in_child(child_view, 0) == 0);
	check("an exec keeps it", in_child(exec_child, 0) == 0);
	check("flags beside it are kept", personality(PER_LINUX32 | ADDR_NO_RANDOMIZE) == PER_LINUX32 &&
	      personality(QUERY) == (PER_LINUX32 | ADDR_NO_RANDOMIZE) && says_i686());
	check("back to PER_LINUX", personality(PER_LINUX) == (PER_LINUX32 | ADDR_NO_RANDOMIZE) &&
	      personality(QUERY) == PER_LINUX);
	printf("%s: %d of %d as on Linux\n", lt_name, good, cases);
	return good == cases ? 0 : 1;
}
