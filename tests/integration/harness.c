/* Running cowvisor as a child process and capturing what it prints. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <poll.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char *cv_binary(void)
{
	const char *p = getenv("COWVISOR");
	return p && *p ? p : "build/cowvisor";
}

const char *cv_kernel(void)
{
	const char *p = getenv("COWVISOR_KERNEL");
	return p && *p ? p : "build/kernel.elf";
}

bool kvm_usable(char *why, size_t len)
{
	const char *dev = getenv("COWVISOR_KVM_DEVICE");
	int fd, version;

	if (dev == NULL || *dev == '\0')
		dev = "/dev/kvm";
	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, len, "cannot open %s: %s", dev, strerror(errno));
		return false;
	}
	version = ioctl(fd, KVM_GET_API_VERSION, 0);
	close(fd);
	if (version != KVM_API_VERSION) {
		snprintf(why, len, "%s reports KVM API version %d", dev, version);
		return false;
	}
	return true;
}

/* Append what is readable on fd to a growing buffer; false at EOF. */
static bool drain(int fd, char **buf, size_t *len)
{
	char chunk[65536];
	ssize_t n = read(fd, chunk, sizeof(chunk));
	char *p;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	p = realloc(*buf, *len + (size_t)n + 1);
	assert_non_null(p);
	memcpy(p + *len, chunk, (size_t)n);
	*len += (size_t)n;
	p[*len] = '\0';
	*buf = p;
	return true;
}

/* In the child: stdin from a pipe holding input, or /dev/null. */
static void child_stdin(int in)
{
	if (in < 0)
		in = open("/dev/null", O_RDONLY);
	if (in >= 0 && in != 0) {
		dup2(in, 0);
		close(in);
	}
}

/* In the child: set up the environment and exec cowvisor. */
static void exec_child(const char *const *args, const char *const *env, int in, int out, int err)
{
	const char *argv[64];
	size_t n = 0;

	child_stdin(in);
	dup2(out, 1);
	dup2(err, 2);
	setenv("COWVISOR_KERNEL", cv_kernel(), 0);
	for (; env && *env; env++) {
		const char *eq = strchr(*env, '=');
		char name[128];
		snprintf(name, sizeof(name), "%.*s", (int)(eq - *env), *env);
		if (eq[1])
			setenv(name, eq + 1, 1);
		else
			unsetenv(name);
	}
	argv[n++] = cv_binary();
	for (; *args && n < 63; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	execv(argv[0], (char *const *)argv);
	fprintf(stderr, "harness: exec %s: %s\n", argv[0], strerror(errno));
	_exit(99);
}

/* Collect output from both pipes until EOF or the time limit. */
static void collect(struct run_result *r, pid_t pid, int out, int err)
{
	struct pollfd fds[2] = { { out, POLLIN, 0 }, { err, POLLIN, 0 } };
	time_t deadline = time(NULL) + RUN_LIMIT_S;
	bool open_out = true, open_err = true;

	while (open_out || open_err) {
		fds[0].fd = open_out ? out : -1;
		fds[1].fd = open_err ? err : -1;
		if (poll(fds, 2, 1000) < 0 && errno != EINTR)
			fail_msg("poll: %s", strerror(errno));
		if (time(NULL) > deadline && !r->hung) {
			r->hung = true;
			kill(pid, SIGKILL);
		}
		if (open_out && (fds[0].revents & (POLLIN | POLLHUP)))
			open_out = drain(out, &r->out, &r->out_len);
		if (open_err && (fds[1].revents & (POLLIN | POLLHUP)))
			open_err = drain(err, &r->err, &r->err_len);
	}
}

/* A pipe already holding input for a child's stdin; -1 for none. */
static int input_pipe(const char *input)
{
	int fds[2];
	size_t len = input ? strlen(input) : 0;

	if (input == NULL)
		return -1;
	assert_true(len < 65536); /* fits in the pipe: no writer needed later */
	assert_true(pipe(fds) == 0);
	assert_int_equal(write(fds[1], input, len), (ssize_t)len);
	close(fds[1]);
	return fds[0];
}

/* Fork, let child() exec, and collect its output and status. */
static void run_child(struct run_result *r, const char *input,
		      void (*child)(const void *ctx, int in, int out, int err), const void *ctx)
{
	int out[2], err[2], ws, in = input_pipe(input);
	pid_t pid;

	memset(r, 0, sizeof(*r));
	r->out = calloc(1, 1);
	r->err = calloc(1, 1);
	assert_true(pipe(out) == 0 && pipe(err) == 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		child(ctx, in, out[1], err[1]);
	if (in >= 0)
		close(in);
	close(out[1]);
	close(err[1]);
	collect(r, pid, out[0], err[0]);
	close(out[0]);
	close(err[0]);
	assert_true(waitpid(pid, &ws, 0) == pid);
	r->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 1000 + WTERMSIG(ws);
	if (r->hung)
		fail_msg("cowvisor still running after %d s: killed", RUN_LIMIT_S);
}

struct cv_args {
	const char *const *args, *const *env;
	const char *dir; /* working directory, or NULL */
};

/* In the child: make the binary and kernel paths absolute and enter dir. */
static void child_chdir(const char *dir)
{
	char bin[PATH_MAX], kernel[PATH_MAX];

	if (realpath(cv_binary(), bin) == NULL || realpath(cv_kernel(), kernel) == NULL ||
	    setenv("COWVISOR", bin, 1) != 0 || setenv("COWVISOR_KERNEL", kernel, 1) != 0 ||
	    chdir(dir) != 0) {
		fprintf(stderr, "harness: cannot run cowvisor in %s: %s\n", dir, strerror(errno));
		_exit(99);
	}
}

/* The child of cv_run_in. */
static void cowvisor_child(const void *ctx, int in, int out, int err)
{
	const struct cv_args *a = ctx;

	if (a->dir)
		child_chdir(a->dir);
	exec_child(a->args, a->env, in, out, err);
}

void cv_run_in(struct run_result *r, const char *const *args, const char *const *env,
	       const char *input)
{
	struct cv_args a = { args, env, NULL };

	run_child(r, input, cowvisor_child, &a);
}

void cv_run_in_dir(struct run_result *r, const char *dir, const char *const *args)
{
	struct cv_args a = { args, NULL, dir };

	run_child(r, NULL, cowvisor_child, &a);
}

void cv_run(struct run_result *r, const char *const *args, const char *const *env)
{
	cv_run_in(r, args, env, NULL);
}

struct host_args {
	const char *program, *argv0;
	const char *const *args, *const *env;
};

/* The child of host_run. */
static void host_child(const void *ctx, int in, int out, int err)
{
	const struct host_args *h = ctx;
	const char *argv[64];
	size_t n = 0;

	child_stdin(in);
	dup2(out, 1);
	dup2(err, 2);
	argv[n++] = h->argv0;
	for (const char *const *a = h->args; *a && n < 63; a++)
		argv[n++] = *a;
	argv[n] = NULL;
	execve(h->program, (char *const *)argv, (char *const *)h->env);
	fprintf(stderr, "harness: exec %s: %s\n", h->program, strerror(errno));
	_exit(99);
}

void host_run(struct run_result *r, const char *program, const char *argv0,
	      const char *const *args, const char *const *env)
{
	struct host_args h = { program, argv0, args, env };

	run_child(r, NULL, host_child, &h);
}

const char *build_file_optional(const char *rel)
{
	static char path[4][1024];
	static int next;
	const char *bin = cv_binary(), *slash = strrchr(bin, '/');
	char *p = path[next++ % 4];

	snprintf(p, sizeof(path[0]), "%.*s%s", slash ? (int)(slash - bin + 1) : 0, bin, rel);
	if (access(p, R_OK) == 0)
		return p;
	print_message("[   NOTE   ] %s not built (musl programs need musl-dev:i386 or musl-tools): "
		      "that part is skipped\n", p);
	return NULL;
}

const char *build_file(const char *rel)
{
	const char *p = build_file_optional(rel);

	if (p == NULL)
		fail_msg("%s is missing: build it with make progs", rel);
	return p;
}

const char *const cv_builds[CV_BUILDS_ALL] = { "glibc", "musl", "glibc64", "musl64" };

const char *cv_prog(const char *build, const char *name)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "progs/%s/%s", build, name);
	return strncmp(build, "musl", 4) == 0 ? build_file_optional(rel) : build_file(rel);
}

#define CASE_ARGS_MAX 40

/* The words of what must (want) or must not be in text. */
static void expect_words(const char *what, const char *text, const char *const *words, bool want,
			 const struct run_result *r)
{
	for (size_t i = 0; words && words[i]; i++)
		if ((strstr(text, words[i]) != NULL) != want)
			fail_msg("%s: expected%s \"%s\" (status %d); stdout:\n%s\nstderr:\n%s", what,
				 want ? "" : " no", words[i], r->status, r->out, r->err);
}

/* Run prog natively as case c says (host_env) and compare with the
 * guest's run r; prog_args: the words after it. */
static void check_same_as_host(const struct cv_case *c, const char *prog,
			       const char *const *prog_args, const struct run_result *r)
{
	struct run_result h;

	host_run(&h, prog, prog, prog_args, c->host_env);
	if (h.status != c->status || strcmp(h.out, r->out) != 0)
		fail_msg("%s: on the host status %d (wanted %d); cowvisor:\n%s\n%s\nhost:\n%s",
			 prog, h.status, c->status, r->out, r->err, h.out);
	run_result_free(&h);
}

/* The words of case c with CV_PROG as prog and CV_DIR as a directory made
 * in dir (left "" when no word asks for one), into args (CASE_ARGS_MAX
 * entries, words[] their storage); where the program's arguments start. */
static const char *const *case_args(const struct cv_case *c, const char *prog, const char **args,
				    char (*words)[PATH_MAX], char *dir)
{
	const char *const *prog_args = NULL;
	size_t n;

	for (n = 0; c->args[n]; n++) {
		if (n + 1 >= CASE_ARGS_MAX)
			fail_msg("a case with more than %d arguments", CASE_ARGS_MAX - 1);
		args[n] = c->args[n];
		if (strcmp(c->args[n], CV_PROG) == 0) {
			args[n] = prog;
			prog_args = &args[n + 1]; /* the program's own arguments follow */
		} else if (strncmp(c->args[n], CV_DIR, strlen(CV_DIR)) == 0) {
			if (dir[0] == '\0' && mkdtemp(strcpy(dir, "/tmp/cv-case-XXXXXX")) == NULL)
				fail_msg("mkdtemp: %s", strerror(errno));
			snprintf(words[n], PATH_MAX, "%s%s", dir, c->args[n] + strlen(CV_DIR));
			args[n] = words[n];
		}
	}
	args[n] = NULL;
	return prog_args;
}

/* Remove directory dir and what is in it. */
static void remove_tree(const char *dir)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fail_msg("cannot remove %s", dir);
}

/* Run case c once with prog of build (both NULL: no program) and assert
 * its wants. */
static void check_case_with(const struct cv_case *c, const char *build, const char *prog)
{
	static char words[CASE_ARGS_MAX][PATH_MAX];
	const char *args[CASE_ARGS_MAX];
	const char *const *prog_args;
	char dir[32] = "";
	struct run_result r;

	prog_args = case_args(c, prog, args, words, dir);
	cv_run_in(&r, args, c->env, c->input);
	if (c->host_env && prog_args)
		check_same_as_host(c, prog, prog_args, &r);
	if (r.status != c->status)
		fail_msg("%s: status %d, expected %d; stdout:\n%s\nstderr:\n%s",
			 prog ? prog : args[0] ? args[0] : "cowvisor",
			 r.status, c->status, r.out, r.err);
	expect_words("stdout", r.out, c->out, true, &r);
	expect_words("stderr", r.err, c->err, true, &r);
	expect_words("stdout", r.out, c->out_not, false, &r);
	expect_words("stderr", r.err, c->err_not, false, &r);
	if (c->out_is)
		assert_string_equal(r.out, c->out_is);
	if (c->silent && (r.out_len != 0 || r.err_len != 0))
		fail_msg("expected no output; stdout:\n%s\nstderr:\n%s", r.out, r.err);
	if (c->check)
		c->check(&(struct cv_ran){ .build = build, .prog = prog,
					   .dir = dir[0] ? dir : NULL, .r = &r });
	run_result_free(&r);
	if (dir[0])
		remove_tree(dir);
}

/* Run case c for each build of its program (once without one). */
static void check_case(const struct cv_case *c)
{
	unsigned builds = c->builds ? c->builds : CV_IN_GLIBC;

	if (c->kvm)
		REQUIRE_KVM();
	if (c->prog == NULL) {
		check_case_with(c, NULL, NULL);
		return;
	}
	if (strchr(c->prog, '/') != NULL) {
		check_case_with(c, NULL, build_file(c->prog));
		return;
	}
	for (int i = 0; i < CV_BUILDS_ALL; i++) {
		const char *prog = builds & (1u << i) ? cv_prog(cv_builds[i], c->prog) : NULL;

		if (prog != NULL) /* NULL: not asked for, or a musl set not built (noted) */
			check_case_with(c, cv_builds[i], prog);
	}
}

void cv_check_cases(const struct cv_case *cases)
{
	for (const struct cv_case *c = cases; c->args; c++)
		check_case(c);
}

void cv_cases_test(void **state)
{
	cv_check_cases(*state);
}

void run_result_free(struct run_result *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof(*r));
}

void newc_append(FILE *f, const char *name, uint32_t mode, const void *data, size_t size,
		 uint32_t ino)
{
	size_t namesize = strlen(name) + 1, hdr;
	static const char zeros[4];

	fprintf(f, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", ino, mode, 0u, 0u,
		1u, 0u, (uint32_t)size, 0u, 0u, 0u, 0u, (uint32_t)namesize, 0u);
	fwrite(name, 1, namesize, f);
	hdr = 110 + namesize;
	fwrite(zeros, 1, (4 - hdr % 4) % 4, f);
	if (size) {
		fwrite(data, 1, size, f);
		fwrite(zeros, 1, (4 - size % 4) % 4, f);
	}
}

FILE *newc_open_with_init(const char *path, const char *init_path)
{
	FILE *f = fopen(path, "wb"), *in = fopen(init_path, "rb");
	long size;
	void *prog;

	assert_non_null(f);
	assert_non_null(in);
	fseek(in, 0, SEEK_END);
	size = ftell(in);
	rewind(in);
	prog = malloc((size_t)size);
	assert_non_null(prog);
	assert_int_equal(fread(prog, 1, (size_t)size, in), (size_t)size);
	fclose(in);
	newc_append(f, "init", 0100755, prog, (size_t)size, 2);
	free(prog);
	return f;
}
