/* The vDSO: tests/progs/vdso finds it through AT_SYSINFO_EHDR, resolves
 * and calls its functions with the same results as on the host (every
 * build), and in the guest also checks fork, mprotect+write and munmap of
 * it as Linux 6.1 has them; tests/progs/vdsotime's libc time calls make no
 * system call and agree with the kernel's clock. Debian's mksh built with dietlibc (amd64: it
 * parses the vDSO for gettimeofday) and with klibc (i386: its handlers
 * return through __kernel_sigreturn) run a script of pipes, command
 * substitution, a trap and wait as on the host (both are static). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "harness.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const char *const host_env[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };

/* What the guest adds with the argument "mapping", before the last line. */
static const char mapping_lines[] =
	"child: vDSO call, mprotect and write: ok\n"
	"parent's vDSO page after the child's write: unchanged\n"
	"munmap of the vDSO: ok\n";

/* Every build's vdso program: the host's lines, and the mapping checks. */
static void vdso_program_matches_host(void **state)
{
	(void)state;
	REQUIRE_KVM();
	for (int b = 0; b < CV_BUILDS_ALL; b++) {
		const char *p = cv_prog(cv_builds[b], "vdso");
		struct run_result g, h;
		char *want, *last;

		if (p == NULL)
			continue;
		host_run(&h, p, "vdso", ARGS(NULL), host_env);
		assert_int_equal(h.status, 0);
		last = strstr(h.out, "vdso: done\n");
		assert_non_null(last);
		want = malloc(h.out_len + sizeof(mapping_lines));
		assert_non_null(want);
		snprintf(want, h.out_len + sizeof(mapping_lines), "%.*s%svdso: done\n",
			 (int)(last - h.out), h.out, mapping_lines);
		cv_run(&g, ARGS("run", "--append", "quiet", p, "mapping"), NULL);
		if (g.status != 0 || strcmp(g.out, want) != 0)
			fail_msg("%s: status %d, output:\n%s\nwanted:\n%s\nstderr:\n%s", p, g.status,
				 g.out, want, g.err);
		free(want);
		run_result_free(&g);
		run_result_free(&h);
	}
}

/* The number of time system calls (clock_gettime, clock_gettime64,
 * gettimeofday, time) among cowvisor --strace's lines in err. */
static int time_calls(const char *err)
{
	static const char *const names[] = { "] clock_gettime(", "] clock_gettime64(", "] gettimeofday(",
					     "] time(" };
	int n = 0;

	for (const char *line = err; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		size_t len = strcspn(line, "\n");
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			const char *hit = strstr(line, names[k]);
			n += line[0] == '[' && hit && (size_t)(hit - line) < len;
		}
	}
	return n;
}

/* Every build's vdsotime: its libc's time calls answer in user mode (no
 * system call but the program's own raw ones, which --strace shows), in
 * order with the kernel's clock, as on the host. */
static void time_functions_stay_in_user_mode(void **state)
{
	(void)state;
	REQUIRE_KVM();
	for (int b = 0; b < CV_BUILDS_ALL; b++) {
		const char *p = cv_prog(cv_builds[b], "vdsotime"), *raw;
		struct run_result g, h;

		if (p == NULL)
			continue;
		host_run(&h, p, "vdsotime", ARGS(NULL), host_env);
		assert_int_equal(h.status, 0);
		cv_run(&g, ARGS("run", "--strace", "--append", "quiet", p), NULL);
		if (g.status != 0 || strcmp(g.out, h.out) != 0)
			fail_msg("%s: status %d, output:\n%s\nhost:\n%s", p, g.status, g.out, h.out);
		assert_non_null(raw = strstr(g.out, "raw calls: "));
		if (time_calls(g.err) != atoi(raw + strlen("raw calls: ")))
			fail_msg("%s: %d time system calls, the program made %d itself:\n%s", p,
				 time_calls(g.err), atoi(raw + strlen("raw calls: ")), g.err);
		run_result_free(&g);
		run_result_free(&h);
	}
}

/* Pipes, command substitution, a trap, a background job and wait, with
 * no output that differs between runs. */
static const char mksh_script[] =
	"x=$(echo sub | tr a-z A-Z); echo \"subst: $x\"; "
	"trap 'echo trapped USR1' USR1; kill -USR1 $$; "
	"echo a b c | while read p q r; do echo \"pipe: $r$q$p\"; done; "
	"(exit 3) & wait $!; echo \"wait: $?\"; "
	"i=0; while [ $i -lt 3 ]; do i=$((i + 1)); echo $i; done | tr '\\n' ' '; echo; "
	"trap 'echo exit trap' EXIT; exit 5";

/* mksh-NAME of the userland tree in environment variable tree_var, under
 * cowvisor and chrooted on the host: the same output and status. */
static void mksh_matches_host(const char *tree_var, const char *name)
{
	const char *tree = getenv(tree_var);
	char prog[1200], guest_path[64], init[80], script[1200];
	struct run_result g, h;
	struct stat st;

	REQUIRE_KVM();
	snprintf(prog, sizeof(prog), "%s/bin/%s", tree ? tree : "", name);
	if (tree == NULL || stat(prog, &st) != 0) {
		print_message("[   SKIP   ] no %s: Debian's mksh package was not fetched "
			      "(tools/deps.sh userland, make deps)\n", prog);
		skip();
	}
	snprintf(guest_path, sizeof(guest_path), "/bin/%s", name);
	snprintf(init, sizeof(init), "init=%s", guest_path);
	cv_run(&g, ARGS("run", "--rootfs", tree, "--append", "quiet", "--append", init, "--",
			"-c", mksh_script), NULL);
	snprintf(script, sizeof(script), "%s/chroot-run.sh",
		 getenv("USERLAND_DIR") ? getenv("USERLAND_DIR") : "tests/userland");
	host_run(&h, script, "chroot-run.sh", ARGS(tree, guest_path, "-c", mksh_script), host_env);
	if (h.status != 5)
		fail_msg("the host reference failed (status %d): %s", h.status, h.err);
	if (g.status != h.status || strcmp(g.out, h.out) != 0)
		fail_msg("%s: guest status %d, output:\n%s\nhost:\n%s\nstderr:\n%s", name, g.status,
			 g.out, h.out, g.err);
	run_result_free(&g);
	run_result_free(&h);
}

/* dietlibc's amd64 mksh: gettimeofday through the vDSO it parses. */
static void mksh_dietlibc_amd64(void **state)
{
	(void)state;
	mksh_matches_host("USERLAND_TREE64", "mksh-diet");
}

/* klibc's i386 mksh: handlers without SA_RESTORER. */
static void mksh_klibc_i386(void **state)
{
	(void)state;
	mksh_matches_host("USERLAND_TREE", "mksh-klibc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vdso_program_matches_host),
		cmocka_unit_test(time_functions_stay_in_user_mode),
		cmocka_unit_test(mksh_dietlibc_amd64),
		cmocka_unit_test(mksh_klibc_i386),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
