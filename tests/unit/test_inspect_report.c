/* Unit tests for the statistics output (vmm/inspect/report_json.c,
 * report_table.c, json_out.c): exact JSON escaping, documents that parse
 * whatever the guest put in labels and names (checked by a validator
 * here and by python3 when present), written piece by piece as the
 * snapshots come, and the table. (Writing the file: test_outfile.c.) */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../vmm/inspect/json_out.h"
#include "../../vmm/inspect/report.h"
#include "../../vmm/inspect/stats.h"

/* ---- a strict JSON validator (RFC 8259), independent of json_out.c ---- */

struct parser {
	const unsigned char *p, *end;
	int depth;
};

/* (defined below: values and containers recurse into each other) */
static bool value(struct parser *ps);

/* Skip white space. */
static void ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' ||
				   *ps->p == '\t'))
		ps->p++;
}

/* Consume c if it is next. */
static bool eat(struct parser *ps, char c)
{
	ws(ps);
	if (ps->p < ps->end && *ps->p == (unsigned char)c) {
		ps->p++;
		return true;
	}
	return false;
}

/* One UTF-8 encoded character of 2-4 bytes, decoded and range-checked. */
static bool utf8_char(struct parser *ps)
{
	unsigned c = *ps->p, n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
	unsigned long cp = c & (0x7f >> n);
	static const unsigned long min[] = { 0, 0, 0x80, 0x800, 0x10000 };

	if (n == 0 || c > 0xf4 || ps->end - ps->p < (long)n)
		return false;
	for (unsigned i = 1; i < n; i++) {
		if ((ps->p[i] & 0xc0) != 0x80)
			return false;
		cp = cp << 6 | (ps->p[i] & 0x3f);
	}
	if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return false;
	ps->p += n;
	return true;
}

/* One escape sequence after the backslash. */
static bool escape(struct parser *ps)
{
	if (ps->p >= ps->end)
		return false;
	if (strchr("\"\\/bfnrt", *ps->p) && *ps->p) {
		ps->p++;
		return true;
	}
	if (*ps->p != 'u' || ps->end - ps->p < 5)
		return false;
	for (int i = 1; i <= 4; i++)
		if (!strchr("0123456789abcdefABCDEF", ps->p[i]) || !ps->p[i])
			return false;
	ps->p += 5;
	return true;
}

/* A string literal. */
static bool string(struct parser *ps)
{
	if (!eat(ps, '"'))
		return false;
	while (ps->p < ps->end && *ps->p != '"') {
		if (*ps->p < 0x20)
			return false;
		if (*ps->p == '\\') {
			ps->p++;
			if (!escape(ps))
				return false;
		} else if (*ps->p >= 0x80) {
			if (!utf8_char(ps))
				return false;
		} else {
			ps->p++;
		}
	}
	return eat(ps, '"');
}

/* Digits; false if none. */
static bool digits(struct parser *ps)
{
	const unsigned char *start = ps->p;

	while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
		ps->p++;
	return ps->p > start;
}

/* A number. */
static bool number(struct parser *ps)
{
	if (ps->p < ps->end && *ps->p == '-')
		ps->p++;
	if (ps->p < ps->end && *ps->p == '0')
		ps->p++;
	else if (!digits(ps))
		return false;
	if (ps->p < ps->end && *ps->p == '.' && (ps->p++, !digits(ps)))
		return false;
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		return digits(ps);
	}
	return true;
}

/* A literal word. */
static bool word(struct parser *ps, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, w, n) != 0)
		return false;
	ps->p += n;
	return true;
}

/* Elements of an array or members of an object, up to close. */
static bool items(struct parser *ps, char close, bool members)
{
	if (eat(ps, close))
		return true;
	do {
		if (members && !(string(ps) && eat(ps, ':')))
			return false;
		if (!value(ps))
			return false;
	} while (eat(ps, ','));
	return eat(ps, close);
}

/* Any value. */
static bool value(struct parser *ps)
{
	bool ok;

	ws(ps);
	if (ps->p >= ps->end || ++ps->depth > 64)
		return false;
	switch (*ps->p) {
	case '{': ps->p++; ok = items(ps, '}', true); break;
	case '[': ps->p++; ok = items(ps, ']', false); break;
	case '"': ok = string(ps); break;
	case 't': ok = word(ps, "true"); break;
	case 'f': ok = word(ps, "false"); break;
	case 'n': ok = word(ps, "null"); break;
	default: ok = number(ps); break;
	}
	ps->depth--;
	return ok;
}

/* Is [s, s+len) exactly one JSON value? */
static bool valid_json(const char *s, size_t len)
{
	struct parser ps = { (const unsigned char *)s, (const unsigned char *)s + len, 0 };

	if (!value(&ps))
		return false;
	ws(&ps);
	return ps.p == ps.end;
}

/* ---- helpers ---- */

/* What json_put_string writes for s (malloc'd). */
static char *escaped(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	json_put_string(f, s);
	fclose(f);
	return buf;
}

/* json_put_string(in) must produce exactly want. */
static void escapes_to(const char *in, const char *want)
{
	char *got = escaped(in);

	if (strcmp(got, want) != 0)
		fail_msg("got %s, want %s", got, want);
	assert_true(valid_json(got, strlen(got)));
	free(got);
}

/* A whole file, NUL-terminated (malloc'd). */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static const char hostile_label[] = "q\"b\\s\n\x01\x1b[31m\xff\xe2\x82 \xe2\x82\xac";
static const char hostile_comm[] = "sh\"\\\t\xc0\xaf\xed\xa0\x80z";

/* Fill snapshot s by hand: two processes, a histogram; bad adds errors,
 * 67 mismatches and a hostile label and name. */
static void fill_snapshot(struct stats_snapshot *s, uint64_t seq, bool bad)
{
	memset(s, 0, sizeof(*s));
	s->seq = seq;
	snprintf(s->label, sizeof(s->label), "%s", bad ? hostile_label : "after-fork");
	s->trigger = bad ? CV_SNAP_EXIT : CV_SNAP_FORK;
	s->time_ns = 1500000000ull + seq;
	s->frames_total = 4096, s->frames_used = 100, s->frames_free = 3996, s->frames_heap = 2;
	s->kernel = (struct cv_counters){ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
	s->shared_frames = 40, s->saved_bytes = 163840, s->page_tables_shared = 3;
	s->histogram = calloc(2, sizeof(*s->histogram));
	s->histogram[0] = (struct stats_hist){ 1, 700 };
	s->histogram[1] = (struct stats_hist){ 2, 40 };
	s->nhistogram = 2;
	s->procs = calloc(2, sizeof(*s->procs));
	s->procs[0] = (struct stats_process){ 1, 0, CV_PROC_RUNNING, "forktest", 0x123000,
					      57, 155648, 17, 40, 40, 17, 5, 2, 7, 50, 3, CV_ORIGIN_BOOT, 1,
					      CV_ABI_I386, NULL, 0, { 0 } };
	s->procs[1] = (struct stats_process){ 2, 1, CV_PROC_ZOMBIE, "z", 0, 0, 12800, 0, 0, 0,
					      0, 0, 0, 0, 0, 0, CV_ORIGIN_VFORK, 0,
					      CV_ABI_I386, NULL, 0, { 0 } };
	s->nprocs = 2;
	if (bad) {
		snprintf(s->procs[1].comm, sizeof(s->procs[1].comm), "%s", hostile_comm);
		for (int i = 0; i < 67; i++)
			if (s->nmismatches < STATS_MAX_MISMATCHES)
				s->mismatches[s->nmismatches++] =
					(struct stats_mismatch){ (uint64_t)i, 3, 2 };
			else
				s->mismatches_omitted++;
		stats_add_error(s, "address space 0x1000 (pid 1): %s", hostile_label);
	}
	s->audit_ok = !bad;
}

/* Two snapshots: one clean, one hostile. */
static void fill_two(struct stats_snapshot snaps[2])
{
	fill_snapshot(&snaps[0], 0, false);
	fill_snapshot(&snaps[1], 1, true);
}

/* Free what fill_two made. */
static void free_two(struct stats_snapshot snaps[2])
{
	stats_snapshot_free(&snaps[0]);
	stats_snapshot_free(&snaps[1]);
}

/* The document of n snapshots, streamed to out as a run writes it. */
static void put_doc(FILE *out, const struct stats_snapshot *snaps, size_t n)
{
	report_json_begin(out);
	for (size_t i = 0; i < n; i++)
		report_json_snapshot(out, &snaps[i], i == 0);
	report_json_end(out, n == 0);
}

/* The document of n snapshots in a malloc'd string. */
static char *doc_of(const struct stats_snapshot *snaps, size_t n, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	assert_non_null(f);
	put_doc(f, snaps, n);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* A scratch directory. */
static char *scratch(void)
{
	char *dir = strdup("/tmp/cv-report-XXXXXX");

	assert_non_null(mkdtemp(dir));
	return dir;
}

/* Remove a scratch directory. */
static void scratch_free(char *dir)
{
	char cmd[100];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
}

/* Is python3 there to cross-check? */
static bool have_python(void)
{
	return system("python3 -c pass >/dev/null 2>&1") == 0;
}

/* ---- tests ---- */

/* The validator itself accepts JSON and rejects near misses. */
static void test_validator(void **state)
{
	const char *good[] = { "{}", "[]", "{ \"a\": [1, -2.5e3, true, null, \"\\u00ff\"] }",
			       "\"\xe2\x82\xac\"", "0" };
	const char *bad[] = { "{,}", "[1,]", "{\"a\" 1}", "\"\x01\"", "\"\xff\"", "\"\\x\"",
			      "01", "[1] 2", "\"\xed\xa0\x80\"", "\"\xc0\xaf\"", "", "{\"a\":}" };

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		if (!valid_json(good[i], strlen(good[i])))
			fail_msg("rejected good %s", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (valid_json(bad[i], strlen(bad[i])))
			fail_msg("accepted bad case %zu", i);
}

/* Exact escapes: specials, controls, UTF-8 kept, malformed bytes as
 * \u00XX. */
static void test_escapes(void **state)
{
	(void)state;
	escapes_to("plain", "\"plain\"");
	escapes_to("", "\"\"");
	escapes_to("a\"b\\c/", "\"a\\\"b\\\\c/\"");
	escapes_to("\n\t\r\b\f", "\"\\n\\t\\r\\b\\f\"");
	escapes_to("\x01\x1f\x1b", "\"\\u0001\\u001f\\u001b\"");
	escapes_to("\x7f", "\"\x7f\"");
	escapes_to("\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e", "\"\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e\"");
	escapes_to("\xff", "\"\\u00ff\"");
	escapes_to("\xe2\x82", "\"\\u00e2\\u0082\"");
	escapes_to("\xe2\x82x", "\"\\u00e2\\u0082x\"");
	escapes_to("\xc0\xaf", "\"\\u00c0\\u00af\"");
	escapes_to("\xe0\x80\xaf", "\"\\u00e0\\u0080\\u00af\"");
	escapes_to("\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\"");
	escapes_to("\xf4\x90\x80\x80", "\"\\u00f4\\u0090\\u0080\\u0080\"");
	escapes_to("\xf0\x9d\x84", "\"\\u00f0\\u009d\\u0084\"");
	escapes_to("\x80z", "\"\\u0080z\"");
}

/* Well-formed UTF-8 sequence lengths at the edges of each range. */
static void test_utf8_lengths(void **state)
{
	struct { const char *s; size_t n; } cases[] = {
		{ "a", 1 }, { "\xc2\x80", 2 }, { "\xdf\xbf", 2 }, { "\xc1\xbf", 0 },
		{ "\xe0\xa0\x80", 3 }, { "\xe0\x9f\xbf", 0 }, { "\xed\x9f\xbf", 3 },
		{ "\xed\xa0\x80", 0 }, { "\xef\xbf\xbf", 3 }, { "\xf0\x90\x80\x80", 4 },
		{ "\xf0\x8f\xbf\xbf", 0 }, { "\xf4\x8f\xbf\xbf", 4 }, { "\xf4\x90\x80\x80", 0 },
		{ "\xf5\x80\x80\x80", 0 }, { "\x80", 0 }, { "\xe2\x82", 0 }, { "\xc3", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		if (utf8_seq_len((const unsigned char *)cases[i].s) != cases[i].n)
			fail_msg("case %zu: %zu, want %zu", i,
				 utf8_seq_len((const unsigned char *)cases[i].s), cases[i].n);
}

/* The document follows the schema's shape and is valid JSON. */
static void test_document(void **state)
{
	struct stats_snapshot snaps[2];
	char *doc, *second;
	size_t len;

	(void)state;
	fill_two(snaps);
	doc = doc_of(snaps, 2, &len);
	assert_true(valid_json(doc, len));
	assert_non_null(strstr(doc, "{ \"schema\": \"cowvisor-stats/1\","));
	assert_non_null(strstr(doc, "\"seq\": 0, \"label\": \"after-fork\", \"trigger\": \"fork\", "
				    "\"time_ns\": 1500000000,"));
	assert_non_null(strstr(doc, "\"frames\": { \"total\": 4096, \"used\": 100, \"free\": 3996, \"kernel_heap\": 2 }"));
	assert_non_null(strstr(doc, "\"kernel\": { \"forks\": 1, \"vforks\": 2, \"execs\": 3, "
				    "\"exits\": 4, \"cow_faults\": 5, \"cow_copies\": 6, "
				    "\"cow_reuses\": 7, \"pt_shares\": 8, \"pt_copies\": 9, "
				    "\"pt_reclaims\": 10, \"fork_frame_refs\": 11 }"));
	assert_non_null(strstr(doc, "\"sharing\": { \"shared_frames\": 40, \"saved_bytes\": 163840, "
				    "\"page_tables_shared\": 3, \"mapcount_histogram\": { \"1\": 700, \"2\": 40 } }"));
	assert_non_null(strstr(doc, "\"audit\": { \"ok\": true, \"mismatches\": [] }"));
	assert_non_null(strstr(doc, "{ \"pid\": 1, \"ppid\": 0, \"state\": \"running\", \"comm\": "
				    "\"forktest\", \"address_space\": \"0x123000\", \"rss_pages\": 57, "
				    "\"pss_bytes\": 155648, \"uss_pages\": 17, \"shared_pages\": 40, "
				    "\"cow_pages\": 40, \"private_writable_pages\": 17, "
				    "\"pagetable_pages\": 5, \"pt_shared\": 2, \"file_pages\": 7, \"anon_pages\": 50, "
				    "\"map_shared_pages\": 3, \"origin\": \"boot\", \"execs\": 1, \"abi\": \"i386\",\n"
				    "          \"mappings\": [] }"));
	second = strstr(doc, "\"seq\": 1");
	assert_non_null(second);
	assert_null(memmem(doc, (size_t)(second - doc), "\"errors\"", 8));
	assert_non_null(strstr(second, "\"trigger\": \"exit\""));
	assert_non_null(strstr(second, "\"ok\": false"));
	assert_non_null(strstr(second, "{ \"frame\": 63, \"guest\": 3, \"walked\": 2 } ], "
				       "\"mismatches_omitted\": 3 }"));
	assert_non_null(strstr(second, "\"errors\": ["));
	assert_non_null(strstr(second, "\"state\": \"zombie\""));
	assert_non_null(strstr(second, "\"label\": \"q\\\"b\\\\s\\n\\u0001\\u001b[31m\\u00ff"
				       "\\u00e2\\u0082 \xe2\x82\xac\""));
	free(doc);
	free_two(snaps);
}

/* python3 reads the document back to the same values, hostile strings
 * included (each malformed byte read as its Latin-1 character). */
static void test_document_python(void **state)
{
	static const char check[] =
		"import json,sys\n"
		"d=json.load(open(sys.argv[1],encoding='utf-8'))\n"
		"assert d['schema']=='cowvisor-stats/1'\n"
		"s=d['snapshots']\n"
		"assert [x['seq'] for x in s]==[0,1]\n"
		"assert s[1]['label']=='q\"b\\\\s\\n\\x01\\x1b[31m\\xff\\xe2\\x82 \\u20ac',repr(s[1]['label'])\n"
		"assert s[1]['processes'][1]['comm']=='sh\"\\\\\\t\\xc0\\xaf\\xed\\xa0\\x80z'\n"
		"assert s[0]['sharing']['mapcount_histogram']=={'1':700,'2':40}\n"
		"assert len(s[1]['audit']['mismatches'])==64\n"
		"assert s[1]['errors'][0].startswith('address space 0x1000 (pid 1): q')\n"
		"assert 'errors' not in s[0]\n"
		"assert s[0]['processes'][1]['address_space']=='0x0'\n";
	struct stats_snapshot snaps[2];
	char *dir, path[200], script[200], cmd[700], *doc;
	size_t len;
	FILE *f;

	(void)state;
	if (!have_python())
		skip();
	dir = scratch();
	fill_two(snaps);
	snprintf(path, sizeof(path), "%s/stats.json", dir);
	snprintf(script, sizeof(script), "%s/check.py", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	put_doc(f, snaps, 2);
	assert_int_equal(fclose(f), 0);
	doc = slurp(path, &len);
	assert_true(valid_json(doc, len));
	free(doc);
	f = fopen(script, "w");
	assert_non_null(f);
	fputs(check, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "python3 '%s' '%s' && python3 -m json.tool '%s' >/dev/null",
		 script, path, path);
	assert_int_equal(system(cmd), 0);
	free_two(snaps);
	scratch_free(dir);
}

/* A run without snapshots is still a document. */
static void test_empty_run(void **state)
{
	size_t len = 0;
	char *buf = doc_of(NULL, 0, &len);

	(void)state;
	assert_string_equal(buf, "{ \"schema\": \"cowvisor-stats/1\",\n  \"snapshots\": [] }\n");
	assert_true(valid_json(buf, len));
	free(buf);
}

/* Many snapshots streamed one by one make one valid document with every
 * one of them in order. */
static void test_streamed_many(void **state)
{
	struct stats_snapshot snaps[2];
	char *buf = NULL, *p;
	size_t len = 0, seen = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	fill_two(snaps);
	report_json_begin(f);
	for (size_t i = 0; i < 500; i++) {
		snaps[i % 2].seq = i;
		report_json_snapshot(f, &snaps[i % 2], i == 0);
	}
	report_json_end(f, false);
	assert_int_equal(fclose(f), 0);
	assert_true(valid_json(buf, len));
	for (p = buf; (p = strstr(p, "{ \"seq\": ")) != NULL; p++, seen++)
		if (strtoull(p + strlen("{ \"seq\": "), NULL, 10) != seen)
			fail_msg("snapshot %zu has seq %.20s", seen, p);
	assert_int_equal(seen, 500);
	free(buf);
	free_two(snaps);
}

/* The table: header with totals and audit, one row per process, and no
 * raw control bytes from the guest. */
static void test_table(void **state)
{
	struct stats_snapshot snaps[2];
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	fill_two(snaps);
	report_print_table(f, &snaps[0]);
	report_print_table(f, &snaps[1]);
	fclose(f);
	assert_non_null(strstr(buf, "cowvisor stats #0 \"after-fork\" (fork, 1.500000 s): frames "
				    "100 used, 3996 free; shared 40 frames, saved 160 KiB; cow faults "
				    "5 (copies 6, reuses 7); page tables shared 3; audit ok\n"));
	assert_non_null(strstr(buf, "PID   PPID STATE    COMM"));
	assert_non_null(strstr(buf, "      1      0 running  forktest               228"
				    "       152.00        68       160       160     5\n"));
	assert_non_null(strstr(buf, "      2      1 zombie"));
	assert_non_null(strstr(buf, "12.50"));
	assert_non_null(strstr(buf, "#1 \"q\"b\\s???[31m??? ???\" (exit"));
	assert_non_null(strstr(buf, "audit FAILED (67 mismatches, 1 errors)\n"));
	assert_non_null(strstr(buf, "  mismatch: frame 0x7: kernel count 3, page tables 2\n"));
	assert_null(strstr(buf, "mismatch: frame 0x8:"));
	assert_non_null(strstr(buf, "  error: address space 0x1000 (pid 1): q\"b"));
	for (size_t i = 0; i < len; i++)
		if (buf[i] != '\n' && (buf[i] < 0x20 || buf[i] == 0x7f))
			fail_msg("control byte 0x%02x at %zu", (unsigned char)buf[i], i);
	free(buf);
	free_two(snaps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validator),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_utf8_lengths),
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_document_python),
		cmocka_unit_test(test_empty_run),
		cmocka_unit_test(test_streamed_many),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests_name("inspect_report", tests, NULL, NULL);
}
