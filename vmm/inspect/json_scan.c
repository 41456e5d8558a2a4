/* A small recursive-descent JSON checker, and the statistics document's
 * identity check on top of it. */
#include "json_scan.h"

#include <stdbool.h>
#include <string.h>

#include "../util.h"
#include "report.h"

struct scan {
	const char *p, *start, *end;
	int depth;
	const char *why;  /* the first problem, or NULL */
};

/* Record a problem (the first one counts); returns false. */
static bool bad(struct scan *s, const char *why)
{
	if (s->why == NULL)
		s->why = s->p >= s->end ? "unexpected end of the file (truncated?)" : why;
	return false;
}

/* Skip JSON white space. */
static void ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

/* Consume the literal word w. */
static bool word(struct scan *s, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n) != 0)
		return bad(s, "unknown word");
	s->p += n;
	return true;
}

/* Is c a hexadecimal digit? */
static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* One escape after the backslash. */
static bool escape(struct scan *s)
{
	if (s->p >= s->end)
		return bad(s, "");
	if (strchr("\"\\/bfnrt", *s->p) && *s->p) {
		s->p++;
		return true;
	}
	if (*s->p != 'u')
		return bad(s, "bad escape in a string");
	for (int i = 1; i <= 4; i++)
		if (s->p + i >= s->end || !is_hex(s->p[i]))
			return bad(s, "bad \\u escape in a string");
	s->p += 5;
	return true;
}

/* A string, at its opening quote; from and len get its raw contents. */
static bool string(struct scan *s, const char **from, size_t *len)
{
	const char *begin = ++s->p;

	while (s->p < s->end && *s->p != '"') {
		unsigned char c = (unsigned char)*s->p;

		if (c < 0x20)
			return bad(s, "control character in a string");
		if (c == '\\') {
			s->p++;
			if (!escape(s))
				return false;
		} else {
			s->p++;
		}
	}
	if (s->p >= s->end)
		return bad(s, "");
	*from = begin;
	*len = (size_t)(s->p - begin);
	s->p++;
	return true;
}

/* A number: -? int frac? exp? */
static bool number(struct scan *s)
{
	const char *p = s->p;

	if (p < s->end && *p == '-')
		p++;
	if (p >= s->end || *p < '0' || *p > '9')
		return s->p = p, bad(s, "bad number");
	if (*p == '0')
		p++;
	else
		while (p < s->end && *p >= '0' && *p <= '9')
			p++;
	if (p < s->end && *p == '.') {
		if (++p >= s->end || *p < '0' || *p > '9')
			return s->p = p, bad(s, "bad number");
		while (p < s->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < s->end && (*p == 'e' || *p == 'E')) {
		if (++p < s->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= s->end || *p < '0' || *p > '9')
			return s->p = p, bad(s, "bad number");
		while (p < s->end && *p >= '0' && *p <= '9')
			p++;
	}
	s->p = p;
	return true;
}

static bool value(struct scan *s);

/* The members of an object or the elements of an array, after the
 * opening bracket, up to close. */
static bool members(struct scan *s, char close, bool keyed)
{
	const char *k;
	size_t kl;

	if (++s->depth > JSON_SCAN_MAX_DEPTH)
		return bad(s, "nested too deeply");
	ws(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		s->depth--;
		return true;
	}
	for (;;) {
		ws(s);
		if (keyed) {
			if (s->p >= s->end || *s->p != '"')
				return bad(s, "expected a member name");
			if (!string(s, &k, &kl))
				return false;
			ws(s);
			if (s->p >= s->end || *s->p++ != ':')
				return bad(s, "expected ':'");
		}
		if (!value(s))
			return false;
		ws(s);
		if (s->p >= s->end)
			return bad(s, "");
		if (*s->p == close) {
			s->p++;
			s->depth--;
			return true;
		}
		if (*s->p++ != ',')
			return s->p--, bad(s, keyed ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

/* Any value. */
static bool value(struct scan *s)
{
	const char *str;
	size_t len;

	ws(s);
	if (s->p >= s->end)
		return bad(s, "");
	switch (*s->p) {
	case '{': s->p++; return members(s, '}', true);
	case '[': s->p++; return members(s, ']', false);
	case '"': return string(s, &str, &len);
	case 't': return word(s, "true");
	case 'f': return word(s, "false");
	case 'n': return word(s, "null");
	}
	return number(s);
}

/* Check well-formedness; see json_scan.h. */
int json_scan_wellformed(const char *doc, size_t len, char *err, size_t errlen)
{
	struct scan s = { doc, doc, doc + len, 0, NULL };

	if (len == 0)
		return errorf(err, errlen, "not JSON: the file is empty");
	if (memchr(doc, '\0', len))
		return errorf(err, errlen, "not JSON: the file holds a NUL byte");
	if (value(&s)) {
		ws(&s);
		if (s.p == s.end)
			return 0;
		s.why = "more text after the JSON value";
	}
	return errorf(err, errlen, "not JSON: %s at byte %zu", s.why, (size_t)(s.p - s.start));
}

/* The raw string value of top-level member key of the object doc (known
 * well-formed), or NULL; *type gets the value's first character. */
static const char *top_member(const char *doc, size_t len, const char *key, size_t *vlen,
			      char *type)
{
	struct scan s = { doc, doc, doc + len, 0, NULL };
	const char *k, *v;
	size_t kl;

	ws(&s);
	if (s.p >= s.end || *s.p++ != '{')
		return NULL;
	for (;;) {
		ws(&s);
		if (s.p >= s.end || *s.p != '"' || !string(&s, &k, &kl))
			return NULL;
		ws(&s);
		s.p++; /* ':' */
		ws(&s);
		*type = *s.p;
		if (kl == strlen(key) && memcmp(k, key, kl) == 0) {
			if (*s.p == '"' && string(&s, &v, vlen))
				return v;
			return s.p;
		}
		if (!value(&s))
			return NULL;
		ws(&s);
		if (s.p >= s.end || *s.p++ != ',')
			return NULL;
	}
}

/* Check the statistics document; see json_scan.h. */
int stats_json_validate(const char *doc, size_t len, char *err, size_t errlen)
{
	const char *schema;
	size_t n = 0;
	char type = 0;

	if (json_scan_wellformed(doc, len, err, errlen) != 0)
		return -1;
	schema = top_member(doc, len, "schema", &n, &type);
	if (schema == NULL)
		return errorf(err, errlen, "not cowvisor statistics: no \"schema\" member in a "
			      "top-level object");
	if (type != '"' || n != strlen(STATS_SCHEMA) || memcmp(schema, STATS_SCHEMA, n) != 0)
		return errorf(err, errlen, "schema is %s%.*s%s, this cowvisor reads \"%s\"",
			      type == '"' ? "\"" : "", type == '"' ? (int)(n > 80 ? 80 : n) : 0,
			      schema, type == '"' ? "\"" : "not a string", STATS_SCHEMA);
	if (top_member(doc, len, "snapshots", &n, &type) == NULL || type != '[')
		return errorf(err, errlen, "not cowvisor statistics: no \"snapshots\" array");
	return 0;
}
