/* Integration: Debian's static busybox and bash, i386 and amd64, run the
 * commands of tests/userland/matrix.txt under cowvisor (--rootfs of the
 * test tree, init=SHELL -c CMD) and on the host chrooted into the same tree
 * (the amd64 one as the host's own ABI, the i386 one through its IA32
 * emulation); stdout (through the entry's @filter, if any) and exit status
 * must agree, except for entries marked @known, which must still differ
 * (else the mark is stale). Every selected entry runs once per tree: NAME
 * on the i386 tree, NAME/x86_64 on the amd64 one. make test runs the
 * @sample entries; make userland (USERLAND_ALL=1) runs all and prints the
 * whole table. Without a tree (no network or registry when tools/deps.sh
 * userland ran) its entries are skipped with the reason.
 * Environment: USERLAND_TREE (the i386 tree), USERLAND_TREE64 (the amd64
 * tree; "none" leaves it out), USERLAND_DIR (tests/userland),
 * USERLAND_ALL=1, USERLAND_ONLY=NAME,NAME..., USERLAND_TIMEOUT (guest
 * seconds, default 120), USERLAND_STRACE=1 (cowvisor --strace: the system
 * calls land in NAME.guest-err). Outputs are kept in TREE.out/NAME.*. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "../userland/matrix.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define SHOW_MAX 1500 /* bytes of each output shown when an entry fails */

/* What one entry gave, for the closing table. */
struct ul_result {
	bool ran, agree;
	int host, guest; /* exit statuses, 128+N for signal N */
	double guest_s;  /* wall time of the cowvisor run */
};

/* One test tree: an ABI's busybox and bash, with its results. */
struct ul_tree {
	const char *abi;    /* "i386" or "x86_64" */
	char tree[1024];    /* the root directory given to --rootfs and chroot */
	char outdir[1100];  /* TREE.out: both sides' outputs */
	char skip_why[600]; /* why its entries are skipped, or empty */
	struct ul_result *results; /* one per matrix entry */
};

/* One test: an entry run on a tree. */
struct ul_case {
	const struct ul_entry *e;
	struct ul_tree *t;
	char name[200];
};

#define NTREES 2
static struct ul_matrix matrix;
static struct ul_tree trees[NTREES] = { { .abi = "i386" }, { .abi = "x86_64" } };
static size_t ntrees;
static char srcdir[1024];
static int guest_timeout = 120;

/* The value of environment variable name, or def when unset or empty. */
static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);
	return v && *v ? v : def;
}

/* The whole of file path as a string (NULL if it cannot be read). */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;

	if (f == NULL)
		return NULL;
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* Write len bytes of data to outdir/name.suffix. */
static void save(const char *outdir, const char *name, const char *suffix, const char *data,
		 size_t len)
{
	char path[1300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.%s", outdir, name, suffix);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* stdout of `sh -c FILTER` with the file outdir/name.suffix as stdin, in a
 * malloc'd string. */
static char *filtered(const char *outdir, const char *filter, const char *name, const char *suffix)
{
	char path[1300], *cmd, *out = NULL;
	size_t len = 0;
	FILE *p;

	snprintf(path, sizeof(path), "%s/%s.%s", outdir, name, suffix);
	assert_true(asprintf(&cmd, "(%s) < '%s'", filter, path) > 0);
	p = popen(cmd, "r");
	assert_non_null(p);
	if (getdelim(&out, &len, '\0', p) < 0) {
		free(out);
		out = strdup("");
	}
	pclose(p);
	free(cmd);
	return out;
}

/* An exit status as cowvisor reports it: 128+N for signal N. */
static int norm_status(int status)
{
	return status >= 1000 ? 128 + status - 1000 : status;
}

/* Seconds since t0. */
static double since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Run entry e under cowvisor on tree into g (its wall time in *secs). */
static void run_guest(const struct ul_entry *e, const char *tree, struct run_result *g,
		      double *secs)
{
	char init[600], timeout[32];
	struct timespec t0;

	snprintf(init, sizeof(init), "init=%s", e->shell);
	snprintf(timeout, sizeof(timeout), "%d", guest_timeout);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (strcmp(env_or("USERLAND_STRACE", "0"), "1") == 0) /* to diagnose: in NAME.guest-err */
		cv_run(g, ARGS("run", "--strace", "--rootfs", tree, "--timeout", timeout, "--append",
			       "quiet", "--append", init, "--", "-c", e->cmd), NULL);
	else
		cv_run(g, ARGS("run", "--rootfs", tree, "--timeout", timeout, "--append", "quiet",
			       "--append", init, "--", "-c", e->cmd), NULL);
	*secs = since(&t0);
}

/* Run entry e on the host, chrooted into a fresh copy of tree, into h. */
static void run_host(const struct ul_entry *e, const char *tree, struct run_result *h)
{
	static const char *const env[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
	char script[1100];

	snprintf(script, sizeof(script), "%s/chroot-run.sh", srcdir);
	host_run(h, script, "chroot-run.sh", ARGS(tree, e->shell, "-c", e->cmd), env);
}

/* Show both sides of a disagreement (outputs cut at SHOW_MAX bytes). */
static void show_difference(const struct ul_case *c, const char *hout, const char *gout,
			    const struct run_result *g, const struct ul_result *r)
{
	const struct ul_entry *e = c->e;

	print_message("[  DIFFER  ] %s: status host %d, cowvisor %d%s\n--- host stdout:\n%.*s\n"
		      "--- cowvisor stdout:\n%.*s\n--- cowvisor stderr (tail):\n%s\n", c->name,
		      r->host, r->guest, e->filter ? " (stdout filtered)" : "", SHOW_MAX, hout,
		      SHOW_MAX, gout, g->err_len > SHOW_MAX ? g->err + g->err_len - SHOW_MAX : g->err);
}

/* One matrix entry on one tree: run it both ways, compare, assert per its
 * marks. */
static void run_entry(void **state)
{
	const struct ul_case *c = *state;
	const struct ul_entry *e = c->e;
	struct ul_tree *t = c->t;
	struct ul_result *r = &t->results[e - matrix.e];
	struct run_result g, h;
	char *gout, *hout;

	if (t->skip_why[0]) {
		print_message("[   SKIP   ] %s\n", t->skip_why);
		skip();
	}
	REQUIRE_KVM();
	run_host(e, t->tree, &h);
	run_guest(e, t->tree, &g, &r->guest_s);
	save(t->outdir, e->name, "host", h.out, h.out_len);
	save(t->outdir, e->name, "host-err", h.err, h.err_len);
	save(t->outdir, e->name, "guest", g.out, g.out_len);
	save(t->outdir, e->name, "guest-err", g.err, g.err_len);
	gout = e->filter ? filtered(t->outdir, e->filter, e->name, "guest") : strdup(g.out);
	hout = e->filter ? filtered(t->outdir, e->filter, e->name, "host") : strdup(h.out);
	r->ran = true;
	r->host = norm_status(h.status);
	r->guest = norm_status(g.status);
	/* byte for byte: lengths too, so a NUL in the output counts */
	r->agree = r->host == r->guest && (e->filter ? strcmp(gout, hout) == 0 :
		   g.out_len == h.out_len && memcmp(g.out, h.out, h.out_len) == 0);
	if (!r->agree)
		show_difference(c, hout, gout, &g, r);
	free(gout);
	free(hout);
	run_result_free(&g);
	run_result_free(&h);
	if (e->known && r->agree)
		fail_msg("%s now agrees with Linux: drop its @known line (\"%s\") from matrix.txt",
			 c->name, e->known);
	if (e->known)
		print_message("[  KNOWN   ] %s differs as recorded: %s\n", c->name, e->known);
	else if (!r->agree)
		fail_msg("%s: cowvisor differs from Linux (outputs in %s/%s.*)", c->name, t->outdir,
			 e->name);
}

/* Is entry e selected by USERLAND_ALL / USERLAND_ONLY / its @sample mark?
 * (@abi then chooses its tree.) */
static bool selected(const struct ul_entry *e)
{
	const char *only = getenv("USERLAND_ONLY");
	size_t n = strlen(e->name);

	if (only && *only) {
		for (const char *p = only; *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] == ',')) {
			if (strcspn(p, ",") == n && strncmp(p, e->name, n) == 0)
				return true;
		}
		return false;
	}
	return e->sample || strcmp(env_or("USERLAND_ALL", "0"), "1") == 0;
}

/* Print the comparison table of tree t's entries that ran, with counts. */
static void print_tree_table(const struct ul_tree *t)
{
	size_t ran = 0, agree = 0, known = 0, stale = 0, bad = 0;

	for (size_t i = 0; i < matrix.n; i++) {
		const struct ul_entry *e = &matrix.e[i];
		const struct ul_result *r = &t->results[i];

		if (!r->ran)
			continue;
		if (ran++ == 0)
			printf("\n%-26s %-5s %-5s %-6s %-8s %s\n", t->abi, "host", "guest", "agree",
			       "guest s", "known to differ because");
		printf("%-26s %-5d %-5d %-6s %-8.1f %s\n", e->name, r->host, r->guest,
		       r->agree ? "yes" : "NO", r->guest_s, e->known ? e->known : "");
		agree += r->agree;
		known += e->known && !r->agree;
		stale += e->known && r->agree;
		bad += !e->known && !r->agree;
	}
	if (ran)
		printf("userland %s: %zu of %zu commands agree with Linux; %zu differ as recorded "
		       "(@known), %zu differ unexpectedly, %zu agree though marked @known\n",
		       t->abi, agree, ran, known, bad, stale);
}

/* Print each tree's comparison table. */
static int print_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < ntrees; i++)
		print_tree_table(&trees[i]);
	return 0;
}

/* Set tree t up from root (its outputs' directory, or why it is skipped). */
static void load_tree(struct ul_tree *t, const char *root)
{
	char path[1100], *why;
	struct stat st;

	snprintf(t->tree, sizeof(t->tree), "%s", root);
	snprintf(t->outdir, sizeof(t->outdir), "%s.out", root);
	t->results = calloc(matrix.n, sizeof(*t->results));
	snprintf(path, sizeof(path), "%s/bin/busybox", root);
	if (stat(path, &st) != 0) {
		snprintf(path, sizeof(path), "%s.skip", root);
		why = slurp(path);
		if (why)
			why[strcspn(why, "\n")] = '\0';
		snprintf(t->skip_why, sizeof(t->skip_why), "no userland tree %.300s: %.250s", root,
			 why ? why : "run tools/deps.sh userland (make deps)");
		free(why);
	} else if (mkdir(t->outdir, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "test_userland: mkdir %s: %s\n", t->outdir, strerror(errno));
		exit(1);
	}
}

/* Read the matrix and find the trees (or the reason one is missing). */
static void load(void)
{
	char path[1100], err[300], *text;
	const char *root64 = env_or("USERLAND_TREE64", "build/userland/root64");

	snprintf(srcdir, sizeof(srcdir), "%s", env_or("USERLAND_DIR", "tests/userland"));
	guest_timeout = atoi(env_or("USERLAND_TIMEOUT", "120"));
	snprintf(path, sizeof(path), "%s/matrix.txt", srcdir);
	text = slurp(path);
	if (text == NULL || ul_matrix_parse(text, &matrix, err, sizeof(err)) != 0) {
		fprintf(stderr, "test_userland: %s: %s\n", path, text ? err : strerror(errno));
		exit(1);
	}
	free(text);
	load_tree(&trees[ntrees++], env_or("USERLAND_TREE", "build/userland/root"));
	if (strcmp(root64, "none") != 0) /* the amd64 tree unless left out */
		load_tree(&trees[ntrees++], root64);
}

int main(void)
{
	struct CMUnitTest *tests;
	struct ul_case *cases;
	size_t n = 0;

	load();
	tests = calloc(matrix.n * ntrees, sizeof(*tests));
	cases = calloc(matrix.n * ntrees, sizeof(*cases));
	for (size_t k = 0; k < ntrees; k++) {
		for (size_t i = 0; i < matrix.n; i++) {
			if (!selected(&matrix.e[i]) ||
			    (matrix.e[i].abi && strcmp(matrix.e[i].abi, trees[k].abi) != 0))
				continue;
			cases[n].e = &matrix.e[i];
			cases[n].t = &trees[k];
			/* i386 keeps the bare name; the others carry their ABI */
			snprintf(cases[n].name, sizeof(cases[n].name), k ? "%s/%s" : "%s",
				 matrix.e[i].name, trees[k].abi);
			tests[n].name = cases[n].name;
			tests[n].test_func = run_entry;
			tests[n].initial_state = &cases[n];
			n++;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	return _cmocka_run_group_tests("userland", tests, n, NULL, print_table);
}
