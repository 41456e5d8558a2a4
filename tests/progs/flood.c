/* flood: flood KIB [STATUS] writes KIB KiB of text to stdout in 4 KiB
 * writes, then "flood done" to stderr, and exits with STATUS (default 0).
 * For the host's handling of a stdout that is slow, closed or full. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char line[4096];

int main(int argc, char **argv)
{
	long kib = argc > 1 ? strtol(argv[1], NULL, 10) : 1;
	int status = argc > 2 ? atoi(argv[2]) : 0;

	memset(line, 'x', sizeof(line));
	line[sizeof(line) - 1] = '\n';
	for (long i = 0; i < kib / 4; i++)
		if (write(1, line, sizeof(line)) < 0)
			break;
	fputs("flood done\n", stderr);
	return status;
}
