/* Fuzz target: the host's cpio newc check (vmm/initrd.c initrd_validate)
 * on arbitrary bytes, as --initrd FILE gives them. It must never read
 * outside the archive, and a refusal must say why. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../vmm/initrd.h"

/* Check one input as an archive. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256] = "";
	uint8_t *copy = malloc(size ? size : 1);

	if (copy == NULL)
		return 0;
	/* An exactly sized copy, so ASan catches a read past its end. */
	memcpy(copy, data, size);
	if (initrd_validate(copy, size, err, sizeof(err)) != 0 &&
	    (err[0] == '\0' || memchr(err, '\0', sizeof(err)) == NULL)) {
		fprintf(stderr, "fuzz_initrd: refused without a reason\n");
		abort();
	}
	free(copy);
	return 0;
}
