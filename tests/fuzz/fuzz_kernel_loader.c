/* Fuzz target: the guest kernel loader (vmm/kernel_loader.c) on arbitrary
 * bytes as kernel.elf, with 16 MiB of guest RAM. A load that succeeds must
 * describe an image inside RAM whose entry point lies within it; one that
 * fails must say why. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../vmm/kernel_loader.h"
#include "ram_image.h"

#define RAM_SIZE (16u << 20)

/* Abort with a message: a finding for libFuzzer. */
static void die(const char *what)
{
	fprintf(stderr, "fuzz_kernel_loader: %s\n", what);
	abort();
}

/* Load one input as a kernel image. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_ram ram;
	static int ready;
	struct kernel_image img;
	char err[256] = "";
	void *buf;

	if (!ready) {
		fuzz_ram_init(&ram, RAM_SIZE);
		ready = 1;
	}
	/* libelf gets a private, exactly sized copy: ASan sees any overrun. */
	buf = malloc(size ? size : 1);
	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	memset(&img, 0, sizeof(img));
	if (kernel_load_buffer(buf, size, &ram.gm, &img, err, sizeof(err)) == 0) {
		if (img.load_lo >= img.load_hi || img.load_hi > RAM_SIZE)
			die("loaded image lies outside guest RAM");
		if (img.entry < img.load_lo || img.entry >= img.load_hi)
			die("entry point outside the loaded image");
	} else if (err[0] == '\0' || memchr(err, '\0', sizeof(err)) == NULL) {
		die("failure without a reason");
	}
	free(buf);
	return 0;
}
