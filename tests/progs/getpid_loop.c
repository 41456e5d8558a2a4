/* getpid_loop: makes N getpid system calls (argv[1], default 1000), checks
 * they all agree, and prints "done N". */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Entry point. */
int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000, i;
	long first = syscall(SYS_getpid);

	for (i = 0; i < n; i++) {
		if (syscall(SYS_getpid) != first) {
			printf("getpid changed at call %ld\n", i);
			return 1;
		}
	}
	printf("done %ld\n", n);
	return 0;
}
