/* Unit tests for the command-line parser (vmm/options.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "../../shared/layout.h"
#include "../../vmm/options.h"

#define MAX_WORDS 32
#define WORD_LEN  128

/* A writable argv with the parser's result and error message. */
struct cmdline {
	char text[MAX_WORDS][WORD_LEN];
	char *argv[MAX_WORDS + 1];
	int argc;
	struct cv_options o;
	char err[256];
};

/* Copy "cowvisor" and the NULL-terminated words into c->argv; parse them. */
static int parse_words(struct cmdline *c, const char *const *words)
{
	c->argc = 0;
	snprintf(c->text[0], WORD_LEN, "cowvisor");
	c->argv[c->argc++] = c->text[0];
	for (; *words; words++) {
		assert_true(c->argc < MAX_WORDS);
		assert_true(strlen(*words) < WORD_LEN);
		strcpy(c->text[c->argc], *words);
		c->argv[c->argc] = c->text[c->argc];
		c->argc++;
	}
	c->argv[c->argc] = NULL;
	strcpy(c->err, "(untouched)");
	return options_parse(c->argc, c->argv, &c->o, c->err, sizeof(c->err));
}

#define PARSE(c, ...) parse_words((c), (const char *const[]){ __VA_ARGS__, NULL })

/* Fail unless msg contains part. */
static void assert_contains(const char *msg, const char *part)
{
	if (strstr(msg, part) == NULL)
		fail_msg("message '%s' lacks '%s'", msg, part);
}

/* Parse words expecting failure with a message containing part. */
#define PARSE_FAILS(part, ...) do { \
	struct cmdline c_; \
	assert_int_equal(PARSE(&c_, __VA_ARGS__), -1); \
	assert_contains(c_.err, (part)); \
	options_free(&c_.o); \
} while (0)

/* `cowvisor --help` and `-h` ask for help. */
static void test_help(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(PARSE(&c, "--help"), 0);
	assert_int_equal(c.o.cmd, CV_CMD_HELP);
	options_free(&c.o);
	assert_int_equal(PARSE(&c, "-h"), 0);
	assert_int_equal(c.o.cmd, CV_CMD_HELP);
	options_free(&c.o);
}

/* `cowvisor --version` asks for the version. */
static void test_version(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(PARSE(&c, "--version"), 0);
	assert_int_equal(c.o.cmd, CV_CMD_VERSION);
	options_free(&c.o);
}

/* `run --help` and `run --version` switch the command away from run. */
static void test_run_help_and_version(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(PARSE(&c, "run", "--help"), 0);
	assert_int_equal(c.o.cmd, CV_CMD_HELP);
	options_free(&c.o);
	assert_int_equal(PARSE(&c, "run", "--strace", "--version"), 0);
	assert_int_equal(c.o.cmd, CV_CMD_VERSION);
	options_free(&c.o);
}

/* `run` alone boots the kernel with every default. */
static void test_run_defaults(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(PARSE(&c, "run"), 0);
	assert_int_equal(c.o.cmd, CV_CMD_RUN);
	assert_null(c.o.program);
	assert_null(c.o.kernel);
	assert_null(c.o.initrd);
	assert_null(c.o.append);
	assert_null(c.o.stats_json);
	assert_int_equal(c.o.mem, CV_MEM_DEFAULT);
	assert_int_equal(c.o.mem, 128ull << 20);
	assert_int_equal(c.o.timeout_ms, 0);
	assert_int_equal(c.o.nadds, 0);
	assert_false(c.o.strace);
	assert_false(c.o.stats);
	assert_int_equal(c.o.snapshot_on, 0);
	assert_int_equal(c.o.sample_ms, 0);
	assert_int_equal(c.o.nargs, 0);
	options_free(&c.o);
}

/* Every option lands in its field; PROGRAM and ARGS follow. */
static void test_run_all_fields(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(PARSE(&c, "run", "--kernel", "k.elf", "--mem", "64M", "--timeout", "2.5",
			       "--strace", "--stats", "--stats-json", "out.json",
			       "--snapshot-on", "fork,exec", "--sample-ms", "10",
			       "./prog", "a", "b"), 0);
	assert_int_equal(c.o.cmd, CV_CMD_RUN);
	assert_string_equal(c.o.kernel, "k.elf");
	assert_int_equal(c.o.mem, 64ull << 20);
	assert_int_equal(c.o.timeout_ms, 2500);
	assert_true(c.o.strace);
	assert_true(c.o.stats);
	assert_string_equal(c.o.stats_json, "out.json");
	assert_int_equal(c.o.snapshot_on, CV_SNAP_BIT(CV_SNAP_FORK) | CV_SNAP_BIT(CV_SNAP_EXEC));
	assert_int_equal(c.o.sample_ms, 10);
	assert_string_equal(c.o.program, "./prog");
	assert_int_equal(c.o.nargs, 2);
	assert_string_equal(c.o.args[0], "a");
	assert_string_equal(c.o.args[1], "b");
	options_free(&c.o);
}

/* All four snapshot events can be named, in any order, with repeats. */
static void test_snapshot_all_events(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(PARSE(&c, "run", "--stats", "--snapshot-on", "exit,vfork,exec,fork,exit"), 0);
	assert_int_equal(c.o.snapshot_on,
			 CV_SNAP_BIT(CV_SNAP_FORK) | CV_SNAP_BIT(CV_SNAP_VFORK) | CV_SNAP_BIT(CV_SNAP_EXEC) | CV_SNAP_BIT(CV_SNAP_EXIT));
	options_free(&c.o);
}

/* Options after PROGRAM are the program's arguments. */
static void test_options_after_program(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(PARSE(&c, "run", "./prog", "--mem", "1G"), 0);
	assert_string_equal(c.o.program, "./prog");
	assert_int_equal(c.o.nargs, 2);
	assert_string_equal(c.o.args[0], "--mem");
	assert_string_equal(c.o.args[1], "1G");
	assert_int_equal(c.o.mem, CV_MEM_DEFAULT);
	options_free(&c.o);
}

/* "--" ends the options, so PROGRAM may look like an option. */
static void test_double_dash_before_program(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(PARSE(&c, "run", "--strace", "--", "--odd", "x"), 0);
	assert_true(c.o.strace);
	assert_string_equal(c.o.program, "--odd");
	assert_int_equal(c.o.nargs, 1);
	assert_string_equal(c.o.args[0], "x");
	options_free(&c.o);
}

/* --add HOST puts the file at /BASENAME in the guest. */
static void test_add_basename(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(PARSE(&c, "run", "--add", "/x/y/file", "--add", "plain"), 0);
	assert_int_equal(c.o.nadds, 2);
	assert_string_equal(c.o.adds[0].host, "/x/y/file");
	assert_string_equal(c.o.adds[0].guest, "/file");
	assert_string_equal(c.o.adds[1].host, "plain");
	assert_string_equal(c.o.adds[1].guest, "/plain");
	options_free(&c.o);
}

/* --add HOST:GUEST splits at the last ':' before an absolute path. */
static void test_add_host_guest(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(PARSE(&c, "run", "--add", "host:/guest/path", "--add", "a:b:/c"), 0);
	assert_int_equal(c.o.nadds, 2);
	assert_string_equal(c.o.adds[0].host, "host");
	assert_string_equal(c.o.adds[0].guest, "/guest/path");
	assert_string_equal(c.o.adds[1].host, "a:b");
	assert_string_equal(c.o.adds[1].guest, "/c");
	options_free(&c.o);
}

/* A ':' not followed by '/' is part of the host name. */
static void test_add_colon_in_name(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(PARSE(&c, "run", "--add", "dir/a:b"), 0);
	assert_int_equal(c.o.nadds, 1);
	assert_string_equal(c.o.adds[0].host, "dir/a:b");
	assert_string_equal(c.o.adds[0].guest, "/a:b");
	options_free(&c.o);
}

/* --add of a path ending in '/' has no name to use in the guest. */
static void test_add_no_basename(void **state)
{
	(void)state;
	PARSE_FAILS("no file name", "run", "--add", "/x/y/");
}

/* More than CV_MAX_ADDS files are refused, and what was added is freed. */
static void test_add_too_many(void **state)
{
	enum { N = CV_MAX_ADDS + 1 };
	static char *argv[2 + 2 * N + 1];
	static struct cv_options o;
	char prog[] = "cowvisor", run[] = "run", add[] = "--add", file[] = "/tmp/f";
	char err[128] = "";

	(void)state;
	argv[0] = prog;
	argv[1] = run;
	for (int i = 0; i < N; i++) {
		argv[2 + 2 * i] = add;
		argv[3 + 2 * i] = file;
	}
	assert_int_equal(options_parse(2 + 2 * (N - 1), argv, &o, err, sizeof(err)), 0);
	assert_int_equal(o.nadds, CV_MAX_ADDS);
	options_free(&o);
	assert_int_equal(options_parse(2 + 2 * N, argv, &o, err, sizeof(err)), -1);
	assert_contains(err, "more than 256");
	options_free(&o);
}

/* Repeated --append words are joined with one space. */
static void test_append_joins(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(PARSE(&c, "run", "--append", "quiet", "--append", "cow=off init=/x"), 0);
	assert_string_equal(c.o.append, "quiet cow=off init=/x");
	options_free(&c.o);
	assert_int_equal(PARSE(&c, "run", "--append", "one"), 0);
	assert_string_equal(c.o.append, "one");
	options_free(&c.o);
}

/* --append accepts a command line up to the limit and refuses a longer one. */
static void test_append_limit(void **state)
{
	static char long_word[CV_CMDLINE_MAX + 2];
	static char *argv[8];
	char prog[] = "cowvisor", run[] = "run", app[] = "--append", x[] = "x";
	struct cv_options o;
	char err[128] = "";

	(void)state;
	argv[0] = prog;
	argv[1] = run;
	argv[2] = app;
	argv[3] = long_word;
	argv[4] = app;
	argv[5] = x;
	/* 4093 + " x" = 4095 characters: exactly the limit */
	memset(long_word, 'a', 4093);
	long_word[4093] = '\0';
	assert_int_equal(options_parse(6, argv, &o, err, sizeof(err)), 0);
	assert_int_equal(strlen(o.append), CV_CMDLINE_MAX);
	options_free(&o);
	/* 4094 + " x" is one too many */
	memset(long_word, 'a', 4094);
	long_word[4094] = '\0';
	assert_int_equal(options_parse(6, argv, &o, err, sizeof(err)), -1);
	options_free(&o);
	/* one word of exactly the limit */
	memset(long_word, 'a', CV_CMDLINE_MAX);
	long_word[CV_CMDLINE_MAX] = '\0';
	assert_int_equal(options_parse(4, argv, &o, err, sizeof(err)), 0);
	options_free(&o);
	memset(long_word, 'a', CV_CMDLINE_MAX + 1);
	long_word[CV_CMDLINE_MAX + 1] = '\0';
	assert_int_equal(options_parse(4, argv, &o, err, sizeof(err)), -1);
	assert_contains(err, "--append");
	options_free(&o);
}

/* --initrd takes init's arguments after "--" and no PROGRAM. */
static void test_initrd_args(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(PARSE(&c, "run", "--initrd", "f.cpio", "--", "x", "y"), 0);
	assert_string_equal(c.o.initrd, "f.cpio");
	assert_null(c.o.program);
	assert_int_equal(c.o.nargs, 2);
	assert_string_equal(c.o.args[0], "x");
	assert_string_equal(c.o.args[1], "y");
	options_free(&c.o);
	assert_int_equal(PARSE(&c, "run", "--initrd", "f.cpio"), 0);
	assert_null(c.o.program);
	assert_int_equal(c.o.nargs, 0);
	options_free(&c.o);
}

/* With --initrd, a word not after "--" is an error. */
static void test_initrd_stray(void **state)
{
	(void)state;
	PARSE_FAILS("after '--'", "run", "--initrd", "f.cpio", "stray");
	PARSE_FAILS("'stray'", "run", "--initrd", "f.cpio", "stray", "--", "x");
	/* "--" as the value of --initrd is no separator */
	PARSE_FAILS("'x'", "run", "--initrd", "--", "x");
}

/* An unknown short option is named as written, also when letters follow. */
static void test_unknown_short_option_named(void **state)
{
	(void)state;
	PARSE_FAILS("unknown option '-x'", "run", "-xy");
	PARSE_FAILS("unknown option '-q'", "run", "-q");
}

/* --sample-ms takes a plain number of milliseconds, no size suffix. */
static void test_sample_ms_plain_number(void **state)
{
	(void)state;
	PARSE_FAILS("--sample-ms 1K", "run", "--stats", "--sample-ms", "1K", "./p");
}

/* No command, or a command other than run, is an error. */
static void test_unknown_command(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(parse_words(&c, (const char *const[]){ NULL }), -1);
	assert_contains(c.err, "no command");
	options_free(&c.o);
	PARSE_FAILS("unknown command 'walk'", "walk");
	PARSE_FAILS("unknown command", "--mem");
}

/* Unknown long and short options are named in the message. */
static void test_unknown_option(void **state)
{
	(void)state;
	PARSE_FAILS("unknown option '--bogus'", "run", "--bogus", "./prog");
	PARSE_FAILS("unknown option '-x'", "run", "-x");
	PARSE_FAILS("unknown option", "run", "--strace=yes");
}

/* An option missing its argument is named in the message. */
static void test_missing_argument(void **state)
{
	(void)state;
	PARSE_FAILS("'--mem' needs an argument", "run", "--mem");
	PARSE_FAILS("needs an argument", "run", "--strace", "--initrd");
}

/* Malformed or out-of-range --mem sizes are refused. */
static void test_bad_mem(void **state)
{
	(void)state;
	PARSE_FAILS("not a size", "run", "--mem", "12Q");
	PARSE_FAILS("not a size", "run", "--mem", "");
	PARSE_FAILS("between 16M and 3G", "run", "--mem", "8M");
	PARSE_FAILS("between 16M and 3G", "run", "--mem", "4G");
	PARSE_FAILS("multiple of 4K", "run", "--mem", "1000");
	PARSE_FAILS("multiple of 4K", "run", "--mem", "100000000");
}

/* --mem accepts both ends of its range. */
static void test_mem_bounds(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(PARSE(&c, "run", "--mem", "16M"), 0);
	assert_int_equal(c.o.mem, CV_MEM_MIN);
	options_free(&c.o);
	assert_int_equal(PARSE(&c, "run", "--mem", "3G"), 0);
	assert_int_equal(c.o.mem, CV_MEM_MAX);
	options_free(&c.o);
	assert_int_equal(PARSE(&c, "run", "--mem", "16781312"), 0);
	assert_int_equal(c.o.mem, (16ull << 20) + 4096);
	options_free(&c.o);
}

/* Zero or malformed --timeout values are refused. */
static void test_bad_timeout(void **state)
{
	(void)state;
	PARSE_FAILS("--timeout 0: not a positive", "run", "--timeout", "0");
	PARSE_FAILS("not a positive", "run", "--timeout", "0.0001");
	PARSE_FAILS("--timeout abc: not a positive", "run", "--timeout", "abc");
}

/* --core-dir takes a directory name (checked when the run starts); an
 * empty one is refused, a missing argument too. */
static void test_core_dir(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(PARSE(&c, "run", "--core-dir", "/tmp/cores", "prog"), 0);
	assert_string_equal(c.o.core_dir, "/tmp/cores");
	assert_string_equal(c.o.program, "prog");
	options_free(&c.o);
	assert_int_equal(PARSE(&c, "run", "prog"), 0);
	assert_null(c.o.core_dir);
	options_free(&c.o);
	PARSE_FAILS("--core-dir: empty directory name", "run", "--core-dir", "", "prog");
	PARSE_FAILS("option '--core-dir' needs an argument", "run", "--core-dir");
}

/* An unknown or empty --snapshot-on event is refused. */
static void test_bad_snapshot_event(void **state)
{
	(void)state;
	PARSE_FAILS("unknown event 'bogus'", "run", "--stats", "--snapshot-on", "fork,bogus");
	PARSE_FAILS("unknown event 'forks'", "run", "--stats", "--snapshot-on", "forks");
	PARSE_FAILS("unknown event 'ex'", "run", "--stats", "--snapshot-on", "fork,ex");
	PARSE_FAILS("unknown event ''", "run", "--stats", "--snapshot-on", "fork,,exit");
	PARSE_FAILS("empty list", "run", "--stats", "--snapshot-on", "");
}

/* --sample-ms must be between 1 and 3600000. */
static void test_bad_sample_ms(void **state)
{
	struct cmdline c;

	(void)state;
	PARSE_FAILS("--sample-ms 0", "run", "--stats", "--sample-ms", "0");
	PARSE_FAILS("milliseconds", "run", "--stats", "--sample-ms", "3600001");
	PARSE_FAILS("milliseconds", "run", "--stats", "--sample-ms", "ten");
	assert_int_equal(PARSE(&c, "run", "--stats-json", "s.json", "--sample-ms", "3600000"), 0);
	assert_int_equal(c.o.sample_ms, 3600000);
	options_free(&c.o);
}

/* Snapshots without --stats or --stats-json are refused. */
static void test_snapshots_need_stats(void **state)
{
	struct cmdline c;

	(void)state;
	PARSE_FAILS("need --stats", "run", "--snapshot-on", "fork");
	PARSE_FAILS("need --stats", "run", "--sample-ms", "5", "./prog");
	assert_int_equal(PARSE(&c, "run", "--stats-json", "s.json", "--snapshot-on", "fork"), 0);
	assert_int_equal(c.o.snapshot_on, CV_SNAP_BIT(CV_SNAP_FORK));
	options_free(&c.o);
}

/* --stats-html alone enables snapshots; --stats-pages goes with a JSON. */
static void test_stats_html_and_pages(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(PARSE(&c, "run", "--stats-html", "r.html", "--snapshot-on", "exec", "./p"), 0);
	assert_string_equal(c.o.stats_html, "r.html");
	assert_false(c.o.stats_pages);
	options_free(&c.o);
	assert_int_equal(PARSE(&c, "run", "--stats-json", "s.json", "--stats-pages", "./p"), 0);
	assert_true(c.o.stats_pages);
	options_free(&c.o);
	PARSE_FAILS("--stats-pages needs --stats-json", "run", "--stats-pages", "./p");
	PARSE_FAILS("--stats-pages needs --stats-json", "run", "--stats-html", "r.html", "--stats-pages");
}

/* cowvisor report STATS.json -o FILE.html, the -o anywhere. */
static void test_report_command(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(PARSE(&c, "report", "s.json", "-o", "r.html"), 0);
	assert_int_equal(c.o.cmd, CV_CMD_REPORT);
	assert_string_equal(c.o.report_in, "s.json");
	assert_string_equal(c.o.report_out, "r.html");
	options_free(&c.o);
	assert_int_equal(PARSE(&c, "report", "--output", "r.html", "s.json"), 0);
	assert_string_equal(c.o.report_in, "s.json");
	options_free(&c.o);
	PARSE_FAILS("usage: cowvisor report STATS.json -o REPORT.html", "report", "s.json");
	PARSE_FAILS("usage: cowvisor report", "report", "-o", "r.html");
	PARSE_FAILS("-o needs a file name", "report", "s.json", "-o");
	PARSE_FAILS("one JSON file only", "report", "a.json", "b.json", "-o", "r.html");
	PARSE_FAILS("unknown option '--stats'", "report", "--stats", "a.json", "-o", "r.html");
}

/* A failed parse leaves no state behind: the next parse starts afresh. */
static void test_parse_repeats(void **state)
{
	struct cmdline c;

	(void)state;
	PARSE_FAILS("unknown option", "run", "--strace", "--bogus", "--mem", "64M");
	PARSE_FAILS("not a size", "run", "--add", "/a/b", "--append", "w", "--mem", "12Q");
	assert_int_equal(PARSE(&c, "run", "--mem", "64M", "./p"), 0);
	assert_int_equal(c.o.mem, 64ull << 20);
	assert_false(c.o.strace);
	assert_int_equal(c.o.nadds, 0);
	assert_null(c.o.append);
	assert_string_equal(c.o.program, "./p");
	assert_int_equal(c.o.nargs, 0);
	options_free(&c.o);
}

/* options_free clears the structure it frees. */
static void test_free_clears(void **state)
{
	struct cmdline c;

	(void)state;
	assert_int_equal(PARSE(&c, "run", "--add", "/a/b", "--append", "w", "./p"), 0);
	options_free(&c.o);
	assert_int_equal(c.o.nadds, 0);
	assert_null(c.o.append);
	assert_null(c.o.adds[0].host);
	assert_null(c.o.program);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_run_help_and_version),
		cmocka_unit_test(test_run_defaults),
		cmocka_unit_test(test_run_all_fields),
		cmocka_unit_test(test_snapshot_all_events),
		cmocka_unit_test(test_options_after_program),
		cmocka_unit_test(test_double_dash_before_program),
		cmocka_unit_test(test_add_basename),
		cmocka_unit_test(test_add_host_guest),
		cmocka_unit_test(test_add_colon_in_name),
		cmocka_unit_test(test_add_no_basename),
		cmocka_unit_test(test_add_too_many),
		cmocka_unit_test(test_append_joins),
		cmocka_unit_test(test_append_limit),
		cmocka_unit_test(test_unknown_short_option_named),
		cmocka_unit_test(test_sample_ms_plain_number),
		cmocka_unit_test(test_initrd_args),
		cmocka_unit_test(test_initrd_stray),
		cmocka_unit_test(test_unknown_command),
		cmocka_unit_test(test_unknown_option),
		cmocka_unit_test(test_missing_argument),
		cmocka_unit_test(test_bad_mem),
		cmocka_unit_test(test_mem_bounds),
		cmocka_unit_test(test_bad_timeout),
		cmocka_unit_test(test_core_dir),
		cmocka_unit_test(test_bad_snapshot_event),
		cmocka_unit_test(test_bad_sample_ms),
		cmocka_unit_test(test_snapshots_need_stats),
		cmocka_unit_test(test_stats_html_and_pages),
		cmocka_unit_test(test_report_command),
		cmocka_unit_test(test_parse_repeats),
		cmocka_unit_test(test_free_clears),
	};

	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
