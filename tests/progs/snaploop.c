/* snaploop: snaploop N [LABEL] calls cv_snapshot (system call 1000) N times
 * with LABEL (default "loop") and prints "snapshots N last SEQ"; exits 1
 * with a message when a call fails (run it with --stats or --stats-json).
 * Few instructions per call: it exercises the VMM, not the guest. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../../shared/syscall.h"


int main(int argc, char **argv)
{
	const char *label = argc > 2 ? argv[2] : "loop";
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1, seq = -1;

	for (long i = 0; i < n; i++) {
		seq = syscall(CV_SYS_SNAPSHOT, label);
		if (seq < 0) {
			fprintf(stderr, "snaploop: cv_snapshot %ld: %s\n", i, strerror(errno));
			return 1;
		}
	}
	printf("snapshots %ld last %ld\n", n, seq);
	return 0;
}
