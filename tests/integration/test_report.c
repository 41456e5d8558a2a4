/* Integration: the HTML report of the demo (user/cowdemo, as `make run`).
 * The JSON's new parts (regions, page runs, origins, execs) are checked
 * against its own totals; the page is opened in headless Chromium (Debian's
 * chromium, `tools/deps.sh browser`; skipped with the reason without it),
 * which must render every snapshot without a console message or script
 * error, draw one timeline point per snapshot and, per process, as many
 * page cells as the JSON's rss. A screenshot goes to build/report-demo.png. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "json_mini.h"
#include "stats_doc.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* The files of one demo run, in a scratch directory. */
struct demo {
	char dir[64], json[128], html[128], html2[128];
	struct jnode *doc;
};

/* How often needle occurs in hay. */
static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* Run the demo with --stats-json (with pages) and --stats-html into a
 * fresh directory, and parse the JSON. */
static void run_demo(struct demo *d)
{
	struct run_result r;
	char add[1100];

	snprintf(d->dir, sizeof(d->dir), "/tmp/cv-report-%d-XXXXXX", (int)getpid());
	snprintf(add, sizeof(add), "%s:/bin/hello_cv", build_file("user/hello_cv"));
	assert_non_null(mkdtemp(d->dir));
	snprintf(d->json, sizeof(d->json), "%s/stats.json", d->dir);
	snprintf(d->html, sizeof(d->html), "%s/report.html", d->dir);
	snprintf(d->html2, sizeof(d->html2), "%s/again.html", d->dir);
	cv_run(&r, ARGS("run", "--stats-json", d->json, "--stats-pages", "--stats-html", d->html,
			"--snapshot-on", "fork,vfork,exec,exit", "--add", add,
			build_file("user/cowdemo")), NULL);
	if (r.status != 0)
		fail_msg("status %d\n%s\n%s", r.status, r.out, r.err);
	assert_contains(r.out, "argv[2]=vfork"); /* the vfork child exec'd */
	assert_contains(r.out, "cowdemo: done");
	run_result_free(&r);
	d->doc = stats_load(d->json);
	assert_non_null(d->doc);
}

/* Remove the scratch directory. */
static void demo_free(struct demo *d)
{
	char cmd[128];

	json_free(d->doc);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d->dir);
	assert_int_equal(system(cmd), 0);
}

/* A hexadecimal string member as a number. */
static unsigned long long hexnum(const struct jnode *n, const char *key)
{
	return strtoull(json_str(json_get(n, key)), NULL, 16);
}

/* Each process's page runs add up to its rss and lie inside its regions;
 * returns how many processes had an address space. */
static size_t check_pages(const struct jnode *p)
{
	const struct jnode *runs = json_get(p, "pages"), *maps = json_get(p, "mappings");
	double sum = 0;

	assert_non_null(runs);
	assert_non_null(maps);
	for (size_t i = 0; i < json_len(runs); i++) {
		const struct jnode *r = json_at(runs, i);
		double va = json_num(json_at(r, 0)), n = json_num(json_at(r, 1));
		bool inside = false;

		assert_true(n >= 1);
		assert_true(json_num(json_at(r, 3)) >= 1); /* mapcount */
		for (size_t k = 0; k < json_len(maps) && !inside; k++)
			inside = va >= (double)hexnum(json_at(maps, k), "start") &&
				 va + n * 4096 <= (double)hexnum(json_at(maps, k), "end");
		if (!inside)
			fail_msg("pid %g: run at 0x%llx (%g pages) outside its regions",
				 json_num(json_get(p, "pid")), (unsigned long long)va, n);
		sum += n;
	}
	assert_true(sum == json_num(json_get(p, "rss_pages")));
	return json_len(maps) > 0;
}

/* The JSON has regions, pages, origins and execs that agree with its
 * totals; cowvisor report makes the same page as --stats-html. */
static void report_demo_json(void **state)
{
	struct demo d;
	struct run_result r;
	bool vfork = false, exec = false;
	char *a, *b;

	(void)state;
	REQUIRE_KVM();
	run_demo(&d);
	stats_assert_audits(d.doc);
	for (size_t i = 0; i < json_len(json_get(d.doc, "snapshots")); i++) {
		const struct jnode *procs = json_get(json_at(json_get(d.doc, "snapshots"), i), "processes");

		for (size_t k = 0; k < json_len(procs); k++) {
			const struct jnode *p = json_at(procs, k);

			if (strcmp(json_str(json_get(p, "address_space")), "0x0") != 0)
				assert_true(check_pages(p));
			vfork |= strcmp(json_str(json_get(p, "origin")), "vfork") == 0;
			exec |= strcmp(json_str(json_get(p, "comm")), "hello_cv") == 0 &&
				json_num(json_get(p, "execs")) == 1;
		}
	}
	assert_true(vfork);
	assert_true(exec);
	cv_run(&r, ARGS("report", d.json, "-o", d.html2), NULL);
	assert_int_equal(r.status, 0);
	run_result_free(&r);
	a = stats_read_text(d.html);
	b = stats_read_text(d.html2);
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
	free(a);
	free(b);
	demo_free(&d);
}

/* cowvisor report refuses what is not its statistics: exit 125 and why. */
static void report_bad_input(void **state)
{
	static const struct { const char *text, *why; } bad[] = {
		{ NULL, "No such file or directory" },
		{ "{ \"schema\": \"cowvisor-stats/1\", \"snapshots\": [ { \"seq\"", "truncated" },
		{ "{ \"schema\": \"cowvisor-stats/9\", \"snapshots\": [] }", "schema is \"cowvisor-stats/9\"" },
		{ "<html></html>", "not JSON" },
	};
	char dir[64], in[128], out[128];
	struct run_result r;
	struct stat st;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/cv-report-bad-%d-XXXXXX", (int)getpid());
	assert_non_null(mkdtemp(dir));
	snprintf(in, sizeof(in), "%s/in.json", dir);
	snprintf(out, sizeof(out), "%s/out.html", dir);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (bad[i].text) {
			FILE *f = fopen(in, "w");

			assert_non_null(f);
			fputs(bad[i].text, f);
			fclose(f);
		}
		cv_run(&r, ARGS("report", in, "-o", out), NULL);
		assert_int_equal(r.status, 125);
		assert_contains(r.err, "cowvisor: ");
		assert_contains(r.err, bad[i].why);
		assert_int_not_equal(stat(out, &st), 0);
		run_result_free(&r);
	}
	cv_run(&r, ARGS("report", in), NULL);
	assert_int_equal(r.status, 125);
	assert_contains(r.err, "usage: cowvisor report STATS.json -o REPORT.html");
	run_result_free(&r);
	unlink(in);
	assert_int_equal(rmdir(dir), 0);
}

/* Chromium's path: $CHROMIUM, else the Debian package's; NULL if absent. */
static const char *chromium(void)
{
	const char *p = getenv("CHROMIUM");

	if (p && *p)
		return access(p, X_OK) == 0 ? p : NULL;
	return access("/usr/bin/chromium", X_OK) == 0 ? "/usr/bin/chromium" : NULL;
}

/* Run headless Chromium on url with one more argument (--dump-dom or
 * --screenshot=FILE); r gets its output. */
static void browse(struct run_result *r, const char *dir, const char *what, const char *url)
{
	char home[160], profile[200];

	snprintf(home, sizeof(home), "HOME=%s", dir);
	snprintf(profile, sizeof(profile), "--user-data-dir=%s/profile", dir);
	host_run(r, chromium(), "chromium",
		 ARGS("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		      "--enable-logging=stderr", "--v=0", "--window-size=1300,1000", profile, what,
		      url), ARGS(home, "PATH=/usr/bin:/bin"));
	if (r->status != 0)
		fail_msg("chromium: status %d\n%s", r->status, r->err);
}

/* One snapshot's page in the browser: no error, every snapshot on the
 * timeline with its label whole, and each process's cells as many as its
 * rss. */
static void check_rendered(struct demo *d, size_t i, size_t nsnaps)
{
	const struct jnode *procs = json_get(json_at(json_get(d->doc, "snapshots"), i), "processes");
	char url[200], want[160];
	struct run_result r;

	snprintf(url, sizeof(url), "file://%s#snap=%zu", d->html, i);
	browse(&r, d->dir, "--dump-dom", url);
	if (strstr(r.err, ":CONSOLE"))  /* any console message: the page logs none */
		fail_msg("snapshot %zu: console output:\n%s", i, r.err);
	assert_null(strstr(r.out, "data-js-error=\"1\""));  /* window.onerror marks the body */
	assert_contains(r.out, "<div id=\"errors\"></div>");
	assert_contains(r.out, "data-rendered=\"1\"");
	assert_int_equal(count(r.out, "class=\"tl-point"), nsnaps);
	assert_contains(r.out, "data-clipped-labels=\"0\""); /* every label inside the timeline */
	assert_int_equal(count(r.out, "<div class=\"proc\""), json_len(procs));
	for (size_t k = 0; k < json_len(procs); k++) {
		const struct jnode *p = json_at(procs, k);
		double rss = json_num(json_get(p, "rss_pages"));

		snprintf(want, sizeof(want), "data-pid=\"%g\" data-rss=\"%g\" data-pages=\"%g\" "
			 "data-cells=\"%g\"", json_num(json_get(p, "pid")), rss, rss, rss);
		assert_contains(r.out, want); /* no folding at this size: a cell a page */
	}
	run_result_free(&r);
}

/* The page of every snapshot renders in Chromium; a screenshot is kept. */
static void report_in_chromium(void **state)
{
	const char *bin = cv_binary(), *slash = strrchr(bin, '/');
	char png[600], arg[640], url[200];
	struct run_result r;
	struct demo d;
	struct stat st;
	size_t n;

	(void)state;
	REQUIRE_KVM();
	if (chromium() == NULL) {
		print_message("[   SKIP   ] needs Chromium (tools/deps.sh browser, or $CHROMIUM)\n");
		skip();
	}
	run_demo(&d);
	n = json_len(json_get(d.doc, "snapshots"));
	assert_true(n >= 10);
	for (size_t i = 0; i < n; i++)
		check_rendered(&d, i, n);
	snprintf(png, sizeof(png), "%.*sreport-demo.png", slash ? (int)(slash - bin + 1) : 0, bin);
	snprintf(arg, sizeof(arg), "--screenshot=%s", png);
	snprintf(url, sizeof(url), "file://%s#snap=4", d.html);
	unlink(png);
	browse(&r, d.dir, arg, url);
	run_result_free(&r);
	assert_int_equal(stat(png, &st), 0);
	assert_true(st.st_size > 10000);
	print_message("[   NOTE   ] screenshot of the demo's report: %s\n", png);
	demo_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(report_demo_json),
		cmocka_unit_test(report_bad_input),
		cmocka_unit_test(report_in_chromium),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
