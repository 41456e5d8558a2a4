/* The HTML report: the template embedded at build time
 * (vmm/inspect/report_page.html) with the statistics JSON inside its
 * <script type="application/json"> element. */
#ifndef VMM_INSPECT_REPORT_HTML_H
#define VMM_INSPECT_REPORT_HTML_H

#include <stddef.h>
#include <stdio.h>

#define REPORT_HTML_MARKER "@COWVISOR_STATS_JSON@"  /* where the JSON goes */

/* Write the template up to the JSON. */
void report_html_begin(FILE *out);

/* Write JSON text for the script element: every '<' as \u003c, so that
 * neither "</script" nor "<!--" can occur in it. (In JSON a '<' can only
 * stand inside a string, where the escape means the same character.) */
void report_html_json(FILE *out, const char *json, size_t len);

/* Write the template after the JSON. */
void report_html_end(FILE *out);

/* Turn the statistics JSON file json_path into the HTML report html_path
 * (written as --stats-json writes, see outfile.h): `cowvisor report`.
 * Returns 0, or -1 with a one-line reason in err (JSON missing,
 * unreadable or not cowvisor's statistics; HTML not writable). */
int report_html_from_file(const char *json_path, const char *html_path, char *err,
			  size_t errlen);

#endif
