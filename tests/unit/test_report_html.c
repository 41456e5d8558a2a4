/* Unit tests for the HTML report's C side: the JSON embedded in the
 * template with '<' escaped (report_html.c), the JSON checker and the
 * statistics document's identity (json_scan.c), and `cowvisor report`'s
 * file handling: missing, truncated, foreign or malformed input gives a
 * clear error and no output. */
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

#include "../../vmm/inspect/json_scan.h"
#include "../../vmm/inspect/report.h"
#include "../../vmm/inspect/report_html.h"

#define GOOD_DOC "{ \"schema\": \"cowvisor-stats/1\",\n  \"snapshots\": [ { \"seq\": 0, " \
		 "\"label\": \"a </script><!-- b\", \"x\": [1, -2.5e+3, true, false, null, {}] } ] }\n"

/* Text written by fn(out) into a malloc'd string. */
static char *capture(void (*fn)(FILE *, const void *), const void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	assert_non_null(m);
	fn(m, arg);
	fclose(m);
	return buf;
}

/* The whole page for the JSON text arg. */
static void page_of(FILE *out, const void *arg)
{
	const char *json = arg;

	report_html_begin(out);
	report_html_json(out, json, strlen(json));
	report_html_end(out);
}

/* How often needle occurs in hay. */
static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* Every '<' of the JSON is escaped; the rest is copied as it is. */
static void test_json_escaped(void **state)
{
	char *out;

	(void)state;
	out = capture(page_of, "[\"</script><!--<\", 1]");
	assert_non_null(strstr(out, "[\"\\u003c/script>\\u003c!--\\u003c\", 1]"));
	assert_int_equal(count(out, "</script>"), count(out, "<script")); /* none added */
	free(out);
}

/* The template is a page with the marker replaced, once, by the JSON in a
 * script element of type application/json, and no network references. */
static void test_template(void **state)
{
	char *out, *at, *script;

	(void)state;
	out = capture(page_of, GOOD_DOC);
	assert_int_equal(strncmp(out, "<!DOCTYPE html>", 15), 0);
	assert_null(strstr(out, REPORT_HTML_MARKER));
	script = strstr(out, "<script type=\"application/json\" id=\"cv-stats\">");
	assert_non_null(script);
	at = strstr(script, "{ \"schema\": \"cowvisor-stats/1\"");
	assert_non_null(at);
	assert_non_null(strstr(at, "a \\u003c/script>\\u003c!-- b"));
	assert_non_null(strstr(out, "</html>"));
	assert_int_equal(count(out, "http://"), count(out, "http://www.w3.org/2000/svg")); /* a name, not a fetch */
	assert_null(strstr(out, "https://"));
	assert_null(strstr(out, " src="));
	free(out);
}

/* Well-formed documents pass; each kind of malformation is named with
 * its offset. */
static void test_wellformed(void **state)
{
	static const struct { const char *doc, *why; } bad[] = {
		{ "", "empty" },
		{ "{\"a\": 1,}", "expected a member name at byte 8" },
		{ "[1 2]", "expected ',' or ']' at byte 3" },
		{ "[01]", "expected ',' or ']'" },
		{ "[-]", "bad number" },
		{ "[1.]", "bad number" },
		{ "[\"a\tb\"]", "control character" },
		{ "[\"\\x\"]", "bad escape" },
		{ "[\"\\u12g4\"]", "bad \\u escape" },
		{ "[tru]", "unknown word" },
		{ "{} {}", "more text after the JSON value at byte 3" },
		{ "{\"a\" 1}", "expected ':'" },
		{ "[1, [2, {\"a\": ", "unexpected end of the file (truncated?)" },
		{ "\"abc", "unexpected end" },
	};
	char err[256];

	(void)state;
	assert_int_equal(json_scan_wellformed(GOOD_DOC, strlen(GOOD_DOC), err, sizeof(err)), 0);
	assert_int_equal(json_scan_wellformed(" 0 ", 3, err, sizeof(err)), 0);
	assert_int_equal(json_scan_wellformed("[\"\\u00e9\\n\", 1e5, -0.5]",
					      strlen("[\"\\u00e9\\n\", 1e5, -0.5]"), err, sizeof(err)), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(json_scan_wellformed(bad[i].doc, strlen(bad[i].doc), err, sizeof(err)), -1);
		if (strstr(err, bad[i].why) == NULL || strncmp(err, "not JSON: ", 10) != 0)
			fail_msg("'%s': error '%s' does not say '%s'", bad[i].doc, err, bad[i].why);
	}
	assert_int_equal(json_scan_wellformed("[1]\0", 4, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "NUL byte"));
}

/* Nesting is bounded, so a hostile file cannot exhaust the stack. */
static void test_deep_nesting(void **state)
{
	char doc[2 * (JSON_SCAN_MAX_DEPTH + 1) + 1], err[256];

	(void)state;
	memset(doc, '[', JSON_SCAN_MAX_DEPTH + 1);
	memset(doc + JSON_SCAN_MAX_DEPTH + 1, ']', JSON_SCAN_MAX_DEPTH + 1);
	doc[sizeof(doc) - 1] = '\0';
	assert_int_equal(json_scan_wellformed(doc + 1, strlen(doc + 1) - 1, err, sizeof(err)), 0);
	assert_int_equal(json_scan_wellformed(doc, strlen(doc), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "nested too deeply"));
}

/* Only cowvisor's statistics pass the identity check. */
static void test_validate(void **state)
{
	static const struct { const char *doc, *why; } bad[] = {
		{ "[1, 2]", "no \"schema\" member" },
		{ "{\"snapshots\": []}", "no \"schema\" member" },
		{ "{\"schema\": \"other/2\", \"snapshots\": []}", "schema is \"other/2\", this cowvisor reads \"cowvisor-stats/1\"" },
		{ "{\"schema\": 1, \"snapshots\": []}", "not a string" },
		{ "{\"schema\": \"cowvisor-stats/1\"}", "no \"snapshots\" array" },
		{ "{\"schema\": \"cowvisor-stats/1\", \"snapshots\": {}}", "no \"snapshots\" array" },
		{ "{\"schema\": \"cowvisor-stats/1\", \"snapshots\": [", "truncated" },
		{ "Hello, world", "not JSON" },
	};
	char err[256];

	(void)state;
	assert_int_equal(stats_json_validate(GOOD_DOC, strlen(GOOD_DOC), err, sizeof(err)), 0);
	const char *later = "{\"x\": [{\"schema\": 1}], \"snapshots\": [], \"schema\": \"cowvisor-stats/1\"}";

	assert_int_equal(stats_json_validate(later, strlen(later), err, sizeof(err)), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(stats_json_validate(bad[i].doc, strlen(bad[i].doc), err, sizeof(err)), -1);
		if (strstr(err, bad[i].why) == NULL)
			fail_msg("'%s': error '%s' does not say '%s'", bad[i].doc, err, bad[i].why);
	}
}

/* A scratch directory for files. */
static int setup_dir(void **state)
{
	char *dir = strdup("/tmp/cv-report-test-XXXXXX");

	if (dir == NULL || mkdtemp(dir) == NULL)
		return -1;
	*state = dir;
	return 0;
}

/* Remove the scratch directory and what is in it. */
static int teardown_dir(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", (char *)*state);
	free(*state);
	return system(cmd) == 0 ? 0 : -1;
}

/* dir/name, in a static buffer (one at a time). */
static const char *path_in(const char *dir, const char *name)
{
	static char p[2][256];
	static int k;

	k ^= 1;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

/* Write text to dir/name. */
static void put_file(const char *dir, const char *name, const char *text, size_t len)
{
	FILE *f = fopen(path_in(dir, name), "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
}

/* Expect `cowvisor report in -o out` to fail saying why, out not created. */
static void expect_refused(const char *dir, const char *in, const char *why)
{
	char err[1024] = "", out[256];
	struct stat st;

	snprintf(out, sizeof(out), "%s", path_in(dir, "out.html"));
	assert_int_equal(report_html_from_file(in, out, err, sizeof(err)), -1);
	if (strstr(err, why) == NULL)
		fail_msg("error '%s' does not say '%s'", err, why);
	assert_int_not_equal(stat(out, &st), 0);
}

/* cowvisor report: good input becomes the page; bad input is refused
 * with the reason and nothing written. */
static void test_report_files(void **state)
{
	const char *dir = *state;
	char err[1024] = "", out[256], in[256], *page;
	FILE *f;
	long n;

	snprintf(in, sizeof(in), "%s", path_in(dir, "missing.json"));
	expect_refused(dir, in, "missing.json: No such file or directory");
	put_file(dir, "trunc.json", GOOD_DOC, strlen(GOOD_DOC) / 2);
	snprintf(in, sizeof(in), "%s", path_in(dir, "trunc.json"));
	expect_refused(dir, in, "trunc.json: not JSON: unexpected end of the file (truncated?)");
	put_file(dir, "other.json", "{\"schema\": \"x\", \"snapshots\": []}", 32);
	snprintf(in, sizeof(in), "%s", path_in(dir, "other.json"));
	expect_refused(dir, in, "schema is \"x\"");
	put_file(dir, "text.json", "hello\n", 6);
	snprintf(in, sizeof(in), "%s", path_in(dir, "text.json"));
	expect_refused(dir, in, "text.json: not JSON");
	expect_refused(dir, dir, "not a regular file");

	put_file(dir, "good.json", GOOD_DOC, strlen(GOOD_DOC));
	snprintf(in, sizeof(in), "%s", path_in(dir, "good.json"));
	snprintf(out, sizeof(out), "%s", path_in(dir, "good.html"));
	assert_int_equal(report_html_from_file(in, out, err, sizeof(err)), 0);
	f = fopen(out, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	page = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(page, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	assert_non_null(strstr(page, "\"label\": \"a \\u003c/script>\\u003c!-- b\""));
	free(page);
	assert_int_equal(report_html_from_file(in, "/nonexistent-dir/r.html", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent-dir/r.html"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_escaped),
		cmocka_unit_test(test_template),
		cmocka_unit_test(test_wellformed),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_validate),
		cmocka_unit_test_setup_teardown(test_report_files, setup_dir, teardown_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
