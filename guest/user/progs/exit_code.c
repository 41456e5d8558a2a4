/* exit_code: exits with the status given as its first argument. */
#include <cvlibc.h>

/* Entry point. */
int main(int argc, char **argv)
{
	if (argc < 2) {
		dprintf(STDERR_FILENO, "usage: exit_code STATUS\n");
		return 2;
	}
	exit(atoi(argv[1]));
}
