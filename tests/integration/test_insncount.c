/* Integration: make bench's instruction-counting QEMU TCG plugin
 * (tools/bench/insncount.c) counts a known instruction sequence exactly.
 * QEMU boots cowvisor's kernel with tests/progs/bench_insnknown as /init
 * and the plugin loaded; its segments hold 2001 user instructions (a
 * dec/jnz loop), 2 plus one rep movsb of 100 iterations, and 2 plus a
 * getpid system call (kernel instructions, sys_getpid among the kernel's
 * functions). Skipped, with the reason, without qemu-system-x86_64. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define ROUNDS 3 /* bench_insnknown runs its segments this many times */

/* One segment's figures from the plugin's "seg" line. */
struct seg {
	int id;
	unsigned long long kernel, user, kernel_rep, user_rep, kernel_iter, user_iter;
};

/* Is qemu-system-x86_64 on PATH? */
static int have_qemu(void)
{
	return system("command -v qemu-system-x86_64 >/dev/null 2>&1") == 0;
}

/* The initrd: bench_insnknown as /init. */
static void make_initrd(const char *path)
{
	FILE *f = newc_open_with_init(path, build_file("progs/glibc/bench_insnknown"));

	newc_append(f, "TRAILER!!!", 0, NULL, 0, 0);
	assert_int_equal(fclose(f), 0);
}

/* Boot QEMU on cowvisor's kernel with the plugin writing to out (the
 * kernel's symbols written to syms first); fails unless init exits 0. */
static void run_qemu(const char *dir, const char *initrd, const char *syms, const char *out)
{
	char cmd[4096];
	int rc;

	snprintf(cmd, sizeof(cmd), "nm -n '%s' > '%s' && timeout 300 qemu-system-x86_64 -accel tcg -icount shift=0 "
		 "-smp 1 -m 128M -nodefaults -no-user-config -display none -serial file:'%s/console' -no-reboot "
		 "-device isa-debug-exit,iobase=0x501,iosize=4 -kernel '%s' -initrd '%s' -append quiet "
		 "-plugin '%s,out=%s,syms=%s' </dev/null >'%s/qemu.log' 2>&1",
		 cv_kernel(), syms, dir, cv_kernel(), initrd, build_file("bench/insncount.so"), out, syms, dir);
	rc = system(cmd);
	/* isa-debug-exit: QEMU exits with (status << 1) | 1, so 1 for init's 0 */
	if (!WIFEXITED(rc) || WEXITSTATUS(rc) != 1)
		fail_msg("QEMU ended with status 0x%x (see %s/qemu.log and console)", rc, dir);
}

/* Read the "seg" lines of out into v (at most max); returns how many, and
 * in *getpid_fn whether a "fn id=3 ... name=sys_getpid" line came. */
static int read_segments(const char *out, struct seg *v, int max, int *getpid_fn)
{
	char line[512];
	int n = 0;
	FILE *f = fopen(out, "r");

	assert_non_null(f);
	*getpid_fn = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "fn id=3 ", 8) == 0 && strstr(line, " name=sys_getpid\n") != NULL)
			*getpid_fn = 1;
		if (n < max && sscanf(line, "seg id=%d kernel=%llu user=%llu kernel_rep=%llu user_rep=%llu "
				      "kernel_rep_iter=%llu user_rep_iter=%llu", &v[n].id, &v[n].kernel, &v[n].user,
				      &v[n].kernel_rep, &v[n].user_rep, &v[n].kernel_iter, &v[n].user_iter) == 7)
			n++;
	}
	fclose(f);
	return n;
}

/* Check one segment against what bench_insnknown executes in it; rep
 * executions are checked by the caller (an interrupt may split one). */
static void check_segment(const struct seg *s)
{
	switch (s->id) {
	case 1: /* mov; 1000 x (dec; jnz) */
		assert_int_equal(s->user, 2001);
		assert_int_equal(s->user_rep, 0);
		break;
	case 2: /* mov; rep movsb of 100 (a fault or interrupt inside splits it) */
		assert_int_equal(s->user, 1 + s->user_rep);
		if (s->user_rep == 1)
			assert_int_equal(s->user_iter, 100);
		break;
	case 3: /* mov; int $0x80 (getpid) */
		assert_int_equal(s->user, 2);
		assert_true(s->kernel > 0);
		break;
	default:
		fail_msg("unexpected segment id %d", s->id);
	}
}

/* The known sequences are counted exactly, in every round. */
static void counts_known_sequences(void **state)
{
	char dir[] = "/tmp/cv-insncount-XXXXXX", initrd[256], syms[256], out[256];
	struct seg v[16];
	int n, getpid_fn, min_rep = 99;

	(void)state;
	if (!have_qemu()) {
		print_message("[   SKIP   ] qemu-system-x86_64 is not installed (tools/deps.sh qemu)\n");
		skip();
	}
	assert_non_null(mkdtemp(dir));
	snprintf(initrd, sizeof(initrd), "%s/initrd.cpio", dir);
	snprintf(syms, sizeof(syms), "%s/kernel.syms", dir);
	snprintf(out, sizeof(out), "%s/counts", dir);
	make_initrd(initrd);
	run_qemu(dir, initrd, syms, out);
	n = read_segments(out, v, 16, &getpid_fn);
	assert_int_equal(n, 3 * ROUNDS);
	for (int i = 0; i < n; i++) {
		assert_int_equal(v[i].id, i % 3 + 1); /* in execution order */
		check_segment(&v[i]);
		if (v[i].id == 2 && (int)v[i].user_rep < min_rep)
			min_rep = (int)v[i].user_rep;
	}
	assert_int_equal(min_rep, 1); /* one rep execution, unless interrupted */
	assert_true(getpid_fn);
	snprintf(out, sizeof(out), "rm -rf '%s'", dir);
	assert_int_equal(system(out), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_known_sequences),
	};

	return cmocka_run_group_tests_name("insncount", tests, NULL, NULL);
}
