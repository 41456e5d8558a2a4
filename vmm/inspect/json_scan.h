/* Checking that a file is the statistics JSON this cowvisor writes, before
 * `cowvisor report` turns it into HTML: well-formed JSON (RFC 8259), an
 * object whose "schema" is STATS_SCHEMA and whose "snapshots" is an array. */
#ifndef VMM_INSPECT_JSON_SCAN_H
#define VMM_INSPECT_JSON_SCAN_H

#include <stddef.h>

#define JSON_SCAN_MAX_DEPTH 64  /* nesting deeper than any stats document */

/* Is doc[0..len) one well-formed JSON value (white space around it
 * allowed)? Returns 0, or -1 with the reason and byte offset in err. */
int json_scan_wellformed(const char *doc, size_t len, char *err, size_t errlen);

/* Is doc[0..len) cowvisor's statistics JSON? Returns 0, or -1 with a
 * one-line reason in err (not JSON, truncated, another schema...). */
int stats_json_validate(const char *doc, size_t len, char *err, size_t errlen);

#endif
