/* Integration: --rootfs packs a host tree as the guest's root (compared
 * with the same tree walked on the host), --add adds trees and works with
 * --initrd, #! scripts run through their interpreters as on Linux, and the
 * initial stack is laid out as Linux lays it out. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* The builds the tree and script tests run in: one per ABI. */
static const char *const abi_builds[] = { "glibc", "glibc64" };

/* The path of test program name built against libc, or NULL (skipped). */
static const char *prog(const char *libc, const char *name)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "progs/%s/%s", libc, name);
	return build_file_optional(rel);
}

/* Run a shell command; it must succeed. */
static void sh(const char *fmt, const char *a, const char *b)
{
	char cmd[4096];

	snprintf(cmd, sizeof(cmd), fmt, a, b);
	if (system(cmd) != 0)
		fail_msg("command failed: %s", cmd);
}

/* A fresh directory under /tmp (static buffer of the caller's). */
static void temp_dir(char *buf, size_t len)
{
	snprintf(buf, len, "/tmp/cv-rootfs-XXXXXX");
	assert_non_null(mkdtemp(buf));
}

/* Write a script (mode 0755) at dir/rel. */
static void script(const char *dir, const char *rel, const char *text)
{
	char p[1024];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	assert_non_null(f = fopen(p, "w"));
	fputs(text, f);
	fclose(f);
	sh("chmod 0755 '%s'%s", p, "");
}

/* The sample root of build's programs: bin/{treewalk, hello, walk.sh (#!/bin/treewalk -k: the kernel's /dev and /proc left out),
 * hi -> hello}, a/b/c/secret (0600), a/b/hard (a hard link of hello), an
 * empty nested directory and a FIFO (skipped with a warning). */
static void sample_root(const char *root, const char *build)
{
	sh("mkdir -p '%s/bin' '%s/a/b/c'", root, root);
	sh("mkdir -p '%s/empty/deeper' && mkfifo '%s/fifo'", root, root);
	sh("cp '%s' '%s/bin/treewalk'", prog(build, "treewalk"), root);
	sh("cp '%s' '%s/bin/hello'", prog(build, "hello"), root);
	sh("ln -s hello '%s/bin/hi'%s", root, "");
	sh("ln '%s/bin/hello' '%s/a/b/hard'", root, root);
	sh("echo secret > '%s/a/b/c/secret' && chmod 0600 '%s/a/b/c/secret'", root, root);
	script(root, "bin/walk.sh", "#!/bin/treewalk -k\n");
}

/* How a program runs natively, to compare a guest's run with. */
struct host_ref {
	const char *path, *argv0;        /* the program and its argv[0] */
	const char *const *args, *const *env; /* its arguments and exactly its environment */
};

/* The guest's run g and the program of h run on the host: both exit 0
 * with the same stdout, which holds each of out (NULL-terminated). */
static void assert_same_as_host(const struct run_result *g, const struct host_ref *h,
				const char *const *out)
{
	struct run_result n;

	host_run(&n, h->path, h->argv0, h->args, h->env);
	assert_int_equal(n.status, 0);
	assert_int_equal(g->status, 0);
	assert_string_equal(g->out, n.out);
	for (size_t i = 0; out[i]; i++)
		assert_contains(g->out, out[i]);
	run_result_free(&n);
}

/* The guest sees the tree as the host does (types, modes, sizes, mtimes,
 * symlinks, hard links), through an init script of build's programs; the
 * FIFO is warned about. */
static void tree_matches_host(const char *build)
{
	char dir[64], root[128], walk[160];
	struct run_result g;

	temp_dir(dir, sizeof(dir));
	snprintf(root, sizeof(root), "%s/root", dir);
	sample_root(root, build);
	cv_run(&g, ARGS("run", "--rootfs", root, "--append", "quiet init=/bin/walk.sh", "--", "/"), NULL);
	sh("rm -f '%s/fifo'%s", root, "");
	snprintf(walk, sizeof(walk), "%s/bin/treewalk", root);
	assert_same_as_host(&g,
			    &(struct host_ref){ walk, "/bin/treewalk", ARGS("-k", "/bin/walk.sh", root),
						(const char *const[]){ NULL } },
			    ARGS("arg 2: /bin/walk.sh\n", "./a/b/c/secret 0600 file 7 bytes",
				 "./bin/hi 0777 symlink -> hello\n", "./bin/hello 0755 file",
				 "same inode as ./a/b/hard\n", "./empty/deeper 0755 dir\n"));
	assert_contains(g.err, "/fifo: a FIFO cannot be packed, skipped");
	run_result_free(&g);
	sh("rm -rf '%s'%s", dir, "");
}

/* The tree as the host sees it, with i386 and with x86-64 programs. */
static void rootfs_tree_matches_host(void **state)
{
	(void)state;
	REQUIRE_KVM();
	for (size_t i = 0; i < sizeof(abi_builds) / sizeof(abi_builds[0]); i++)
		tree_matches_host(abi_builds[i]);
}

/* --add HOST_DIR:GUEST_DIR adds a tree, and --add works with --initrd: the
 * files follow the archive as a second one. */
static void add_tree_and_initrd(void **state)
{
	char dir[64], root[128], add[160], cmd[600], cpio[96];

	(void)state;
	REQUIRE_KVM();
	temp_dir(dir, sizeof(dir));
	snprintf(root, sizeof(root), "%s/root", dir);
	sample_root(root, "glibc");
	sh("rm -f '%s/fifo'%s", root, "");
	snprintf(add, sizeof(add), "%s/a:/opt/x", root);
	cv_check_cases((const struct cv_case[]){
		{ .args = W("run", "--add", add, "--append", "quiet init=/init", CV_PROG, "/opt"),
		  .prog = "treewalk", .kvm = true,
		  .out = W("./x 0755 dir\n./x/b 0755 dir\n./x/b/c 0755 dir\n./x/b/c/secret 0600") },
		{ 0 } });
	if (access("/usr/bin/cpio", X_OK) != 0) {
		print_message("[   SKIP   ] GNU cpio is not installed: --initrd part skipped\n");
	} else {
		snprintf(cmd, sizeof(cmd), "cd '%s' && find bin | cpio -o -H newc --quiet > ../r.cpio", root);
		assert_int_equal(system(cmd), 0);
		snprintf(cpio, sizeof(cpio), "%s/r.cpio", dir);
		cv_check_cases((const struct cv_case[]){
			{ .args = W("run", "--initrd", cpio, "--add", root, "--append",
				    "quiet init=/bin/walk.sh", "--", "/root/a"),
			  .kvm = true, .out = W("arg 2: /bin/walk.sh\n./b 0755 dir\n", "./b/hard 0755 file") },
			{ 0 } });
	}
	sh("rm -rf '%s'%s", dir, "");
}

/* #! scripts, interpreted by build's hello: the interpreter gets [interp,
 * arg?, script, args...] with Linux's rules for blanks; five nested
 * interpreters work and a sixth is ELOOP; a #! line without an interpreter
 * is ENOEXEC (126). */
static void scripts_of(const char *build)
{
	char dir[64], root[128];

	temp_dir(dir, sizeof(dir));
	snprintf(root, sizeof(root), "%s/root", dir);
	sample_root(root, build);
	sh("rm -f '%s/fifo'%s", root, "");
	script(root, "s1", "#!/bin/hello  -a  b  \nignored\n");
	script(root, "s2", "#! \t/s1\n");
	script(root, "s3", "#!/s2 x y\n");
	script(root, "s4", "#!/s3");     /* no newline: ends at the file's end */
	script(root, "s5", "#!/s4\n");
	script(root, "s6", "#!/s5\n");
	script(root, "noint", "#!  \n");
	script(root, "missing", "#!/nope\n");
	cv_check_cases((const struct cv_case[]){
		{ .args = W("run", "--rootfs", root, "--append", "quiet init=/s1", "--", "q"),
		  .kvm = true, .status = 42,
		  .out = W("argv[0]=/bin/hello\nargv[1]=-a  b\nargv[2]=/s1\nargv[3]=q\n") },
		{ .args = W("run", "--rootfs", root, "--append", "quiet init=/s5", "--", "q"),
		  .kvm = true, .status = 42,
		  .out = W("argv[0]=/bin/hello\nargv[1]=-a  b\nargv[2]=/s1\nargv[3]=/s2\n"
			   "argv[4]=x y\nargv[5]=/s3\nargv[6]=/s4\nargv[7]=/s5\nargv[8]=q\n") },
		{ .args = W("run", "--rootfs", root, "--append", "quiet init=/s6"), .kvm = true,
		  .status = 125, .err = W("cannot run init /s6: failed (error 40)") },
		{ .args = W("run", "--rootfs", root, "--append", "quiet init=/noint"), .kvm = true,
		  .status = 126, .err = W("error 8") },
		{ .args = W("run", "--rootfs", root, "--append", "quiet init=/missing"), .kvm = true,
		  .status = 127 },
		{ 0 } });
	sh("rm -rf '%s'%s", dir, "");
}

/* #! scripts with an i386 and an x86-64 interpreter. */
static void scripts_as_linux(void **state)
{
	(void)state;
	REQUIRE_KVM();
	for (size_t i = 0; i < sizeof(abi_builds) / sizeof(abi_builds[0]); i++)
		scripts_of(abi_builds[i]);
}

/* The initial stack: strings, gaps, platform, AT_RANDOM and the auxv key
 * order are the same as on Linux, with GLIBC_TUNABLES as the last
 * environment entry; the program sits at the same path on both sides. */
static void stack_layout_matches_host(void **state)
{
	static const char *const env[] = { "PATH=/bin:/usr/bin", "HOME=/", "TERM=dumb",
					   "GLIBC_TUNABLES=glibc.cpu.hwcaps=-SSE2", NULL };

	(void)state;
	REQUIRE_KVM();
	for (int i = 0; i < CV_BUILDS_ALL; i++) { /* every build: i386 and x86-64, glibc and musl */
		char dir[64], empty[96], path[128], add[300], app[256];
		struct run_result g;
		const char *p = prog(cv_builds[i], "stacklayout");

		if (p == NULL)
			continue;
		temp_dir(dir, sizeof(dir));
		snprintf(empty, sizeof(empty), "%s/empty", dir);
		snprintf(path, sizeof(path), "%s/sl", dir);
		snprintf(add, sizeof(add), "%s:%s", p, path);
		snprintf(app, sizeof(app), "quiet init=%s GLIBC_TUNABLES=glibc.cpu.hwcaps=-SSE2", path);
		sh("mkdir '%s'%s", empty, "");
		sh("cp '%s' '%s'", p, path);
		cv_run(&g, ARGS("run", "--rootfs", empty, "--add", add, "--append", app, "--", "a", "b c", ""),
		       NULL);
		assert_same_as_host(&g, &(struct host_ref){ path, path, ARGS("a", "b c", ""), env },
				    ARGS("zero bytes above execfn: 8, all zero: yes\n",
					 "argc position by Linux's rule: ok\n",
					 "GLIBC_TUNABLES=glibc.cpu.hwcaps=-SSE2\"\n"));
		run_result_free(&g);
		sh("rm -rf '%s'%s", dir, "");
	}
}

/* Clear refusals: a missing --rootfs directory, a file as one, words
 * after --rootfs without '--'. */
static const struct cv_case rootfs_errors[] = {
	{ .args = W("run", "--rootfs", "/nonexistent/cv-root"), .status = 125,
	  .err = W("/nonexistent/cv-root: No such file or directory") },
	{ .args = W("run", "--rootfs", "/etc/passwd"), .status = 125,
	  .err = W("/etc/passwd: not a directory") },
	{ .args = W("run", "--rootfs", "/tmp", "prog"), .status = 125,
	  .err = W("with --rootfs, arguments for init go after '--'") },
	{ 0 },
};

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rootfs_tree_matches_host),
		cmocka_unit_test(add_tree_and_initrd),
		cmocka_unit_test(scripts_as_linux),
		cmocka_unit_test(stack_layout_matches_host),
		CV_CASES_TEST(rootfs_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
