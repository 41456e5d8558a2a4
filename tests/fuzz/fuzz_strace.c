/* Fuzz target: --strace formatting (vmm/strace.c, syscall_names.c) of
 * arbitrary system call events over an arbitrary guest memory image. RAM
 * (1 MiB) starts with 4-level tables at 0x1000 mapping the 16 user pages
 * from 0x08048000 to the frames from 0x10000; the input's write operations
 * (ram_image.h) change them and fill the pages. Each event is formatted
 * alone (unfinished), as the exit of the one before and as an exit
 * without an entry, into a large buffer, a small one and none; then all
 * go through a tracer. Every line must be printable ASCII, the small
 * buffer must hold a prefix of the whole line, and the lengths must agree.
 *
 * Input: u8 count (events: count % 8 + 1), u8 small (the small buffer's
 * size: small % 64 + 1), the events (struct cv_strace_event, 80 bytes
 * each), then write operations. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../shared/hypercall.h"
#include "../../shared/pte.h"
#include "../../vmm/strace.h"
#include "ram_image.h"

#define RAM_SIZE   (1u << 20)
#define MAX_EVENTS 8
#define MAX_OPS    64
#define BIG        65536
#define PML4       0x1000u
#define PDPT       0x2000u
#define PD         0x3000u
#define PT         0x4000u
#define USER_VA    0x08048000u
#define USER_PA    0x10000u
#define USER_PAGES 16u

/* Abort with a message: a finding for libFuzzer. */
static void die(const char *what, const char *line)
{
	fprintf(stderr, "fuzz_strace: %s\n--- line ---\n%s\n", what, line);
	abort();
}

/* Write the page tables every input starts from. */
static void base_tables(struct fuzz_ram *r)
{
	const uint64_t flags = PTE_P | PTE_W | PTE_U;
	uint64_t e;

	e = PDPT | flags;
	fuzz_ram_write(r, PML4, &e, 8);
	e = PD | flags;
	fuzz_ram_write(r, PDPT + ((USER_VA >> 30) & 511) * 8, &e, 8);
	e = PT | flags;
	fuzz_ram_write(r, PD + ((USER_VA >> 21) & 511) * 8, &e, 8);
	for (unsigned i = 0; i < USER_PAGES; i++) {
		e = (USER_PA + i * 4096ull) | flags;
		fuzz_ram_write(r, PT + (((USER_VA >> 12) + i) & 511) * 8, &e, 8);
	}
}

/* The text must be printable ASCII, lines ended by newlines. */
static void check_printable(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c != '\n' && (c < 0x20 || c > 0x7e))
			die("a byte outside printable ASCII", text);
	}
}

/* Format one call three ways and compare. */
static void format(const struct cv_strace_event *entry, const struct cv_strace_event *exit,
		   const struct guest_mem *gm, size_t small_len)
{
	static char big[BIG];
	char small[64];
	int n = strace_format(big, sizeof(big), entry, exit, gm), n_small, n_none;
	size_t have;

	if (n < 0 || (size_t)n >= sizeof(big))
		die("a line of unexpected length", big);
	if (strlen(big) != (size_t)n)
		die("the length returned is not the line's", big);
	check_printable(big, (size_t)n);
	n_small = strace_format(small, small_len, entry, exit, gm);
	have = (size_t)n < small_len - 1 ? (size_t)n : small_len - 1;
	if (n_small != n || strlen(small) != have || memcmp(small, big, have) != 0)
		die("the small buffer does not hold the line's start", big);
	n_none = strace_format(NULL, 0, entry, exit, gm);
	if (n_none != n)
		die("the length without a buffer differs", big);
}

/* One input: events and memory, formatted alone and through a tracer. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_ram ram;
	static bool ready;
	struct fuzz_in in = { data, size };
	struct cv_strace_event ev[MAX_EVENTS];
	unsigned count;
	size_t small_len;
	struct strace *st;
	char *out = NULL;
	size_t outlen = 0;
	FILE *f;

	if (!ready) {
		fuzz_ram_init(&ram, RAM_SIZE);
		ready = true;
	}
	base_tables(&ram);
	count = fuzz_u8(&in) % MAX_EVENTS + 1;
	small_len = fuzz_u8(&in) % 64 + 1;
	for (unsigned i = 0; i < count; i++)
		fuzz_take(&in, &ev[i], sizeof(ev[i]));
	fuzz_ram_apply(&ram, &in, MAX_OPS);

	for (unsigned i = 0; i < count; i++) {
		format(&ev[i], NULL, &ram.gm, small_len);
		format(NULL, &ev[i], &ram.gm, small_len);
		if (i + 1 < count)
			format(&ev[i], &ev[i + 1], &ram.gm, small_len);
	}

	f = open_memstream(&out, &outlen);
	if (f == NULL)
		abort();
	st = strace_new(f);
	if (st == NULL)
		abort();
	for (unsigned i = 0; i < count; i++)
		strace_event(st, &ev[i], &ram.gm);
	strace_free(st);
	fclose(f);
	check_printable(out, outlen);
	free(out);
	fuzz_ram_reset(&ram);
	return 0;
}
