/* exit_status: exits at once with the status given as its first argument
 * (0 without one): a small exec target for make bench's exec rows in both
 * ABIs (tools/bench/proc64.sh). */
#include <stdlib.h>

int main(int argc, char **argv)
{
	return argc > 1 ? atoi(argv[1]) : 0;
}
