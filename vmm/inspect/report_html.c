/* The HTML report around the statistics JSON. */
#include "report_html.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../outfile.h"
#include "../util.h"
#include "json_scan.h"

#define REPORT_JSON_MAX (1ull << 31)  /* bytes of JSON `cowvisor report` reads */

/* The template, generated from report_page.html (tools/embed.c). */
extern const unsigned char report_page[];
extern const unsigned long report_page_len;

/* Where the marker starts in the template (the build checks it is there). */
static size_t marker_at(void)
{
	const char *page = (const char *)report_page;
	const char *m = strstr(page, REPORT_HTML_MARKER);

	return m ? (size_t)(m - page) : report_page_len;
}

/* The template before the marker. */
void report_html_begin(FILE *out)
{
	fwrite(report_page, 1, marker_at(), out);
}

/* JSON with '<' escaped. */
void report_html_json(FILE *out, const char *json, size_t len)
{
	size_t from = 0;

	for (size_t i = 0; i < len; i++) {
		if (json[i] != '<')
			continue;
		fwrite(json + from, 1, i - from, out);
		fputs("\\u003c", out);
		from = i + 1;
	}
	fwrite(json + from, 1, len - from, out);
}

/* The template after the marker. */
void report_html_end(FILE *out)
{
	size_t at = marker_at();

	if (at < report_page_len)
		at += strlen(REPORT_HTML_MARKER);
	fwrite(report_page + at, 1, report_page_len - at, out);
}

/* Read all of path into a malloc'd buffer; -1 with err. */
static int slurp(const char *path, char **buf, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	size_t n;

	*buf = NULL;
	if (f == NULL)
		return errorf(err, errlen, "%s: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > REPORT_JSON_MAX) {
		fclose(f);
		return errorf(err, errlen, "%s: not a regular file of at most 2 GiB", path);
	}
	*buf = malloc((size_t)st.st_size + 1);
	n = *buf ? fread(*buf, 1, (size_t)st.st_size, f) : 0;
	if (*buf == NULL || ferror(f)) {
		fclose(f);
		free(*buf);
		*buf = NULL;
		return errorf(err, errlen, "%s: cannot read it", path);
	}
	fclose(f);
	(*buf)[n] = '\0';
	*len = n;
	return 0;
}

/* cowvisor report: validate, then write the HTML; see report_html.h. */
int report_html_from_file(const char *json_path, const char *html_path, char *err,
			  size_t errlen)
{
	struct outfile o = { .fd = -1 };
	char why[512];
	size_t len = 0;
	char *doc;

	if (slurp(json_path, &doc, &len, err, errlen) != 0)
		return -1;
	if (stats_json_validate(doc, len, why, sizeof(why)) != 0) {
		free(doc);
		return errorf(err, errlen, "%s: %s", json_path, why);
	}
	if (outfile_open(&o, html_path, err, errlen) != 0) {
		free(doc);
		return -1;
	}
	report_html_begin(o.f);
	report_html_json(o.f, doc, len);
	report_html_end(o.f);
	free(doc);
	return outfile_commit(&o, err, errlen);
}
