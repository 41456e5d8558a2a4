/* A strict JSON validator with string decoding (json_check.h). */
#include "json_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

/* The parser's position and what it found wrong. */
struct parser {
	const uint8_t *s;
	size_t len, pos;
	json_string_fn *fn;
	void *ctx;
	char *why;
	size_t whylen;
	bool failed;
};

/* A decoded string, grown as needed. */
struct text {
	uint8_t *b;
	size_t len, cap;
};

/* Record the first failure with its offset; returns false. */
static bool bad(struct parser *p, const char *msg)
{
	if (!p->failed)
		snprintf(p->why, p->whylen, "at offset %zu: %s", p->pos, msg);
	p->failed = true;
	return false;
}

/* Append one byte to t; aborts when memory runs out. */
static void put(struct text *t, uint8_t c)
{
	if (t->len == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->b = realloc(t->b, t->cap);
		if (t->b == NULL)
			abort();
	}
	t->b[t->len++] = c;
}

/* Skip JSON white space. */
static void skip_ws(struct parser *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
				   p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
		p->pos++;
}

/* Consume byte c if it is next. */
static bool eat(struct parser *p, uint8_t c)
{
	if (p->pos < p->len && p->s[p->pos] == c) {
		p->pos++;
		return true;
	}
	return false;
}

/* Length of the valid UTF-8 character at pos (at least 2 bytes long), or 0:
 * no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_char(const struct parser *p)
{
	const uint8_t *c = p->s + p->pos;
	size_t left = p->len - p->pos, n;
	uint32_t cp, min;

	if (c[0] >= 0xc0 && c[0] < 0xe0)
		n = 2, cp = c[0] & 0x1f, min = 0x80;
	else if (c[0] >= 0xe0 && c[0] < 0xf0)
		n = 3, cp = c[0] & 0x0f, min = 0x800;
	else if (c[0] >= 0xf0 && c[0] < 0xf8)
		n = 4, cp = c[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (left < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((c[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (c[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* Value of hex digit c, or -1. */
static int hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One escape after the backslash, decoded into t. */
static bool escape(struct parser *p, struct text *t)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e;
	unsigned v = 0;

	if (p->pos >= p->len)
		return bad(p, "string ends in an escape");
	if (p->s[p->pos] != 'u') {
		e = p->s[p->pos] ? strchr(from, p->s[p->pos]) : NULL;
		if (e == NULL)
			return bad(p, "unknown escape");
		put(t, (uint8_t)to[e - from]);
		p->pos++;
		return true;
	}
	if (p->len - p->pos < 5)
		return bad(p, "short \\u escape");
	for (int i = 1; i <= 4; i++) {
		int h = hexval(p->s[p->pos + i]);

		if (h < 0)
			return bad(p, "bad hex digit in \\u escape");
		v = v << 4 | (unsigned)h;
	}
	if (v > 0xff)
		return bad(p, "escape above \\u00ff (the writer never makes one)");
	put(t, (uint8_t)v);
	p->pos += 5;
	return true;
}

/* A string at pos (the opening quote), decoded into t. */
static bool string(struct parser *p, struct text *t)
{
	t->len = 0;
	if (!eat(p, '"'))
		return bad(p, "expected a string");
	for (;;) {
		uint8_t c;
		size_t n;

		if (p->pos >= p->len)
			return bad(p, "unterminated string");
		c = p->s[p->pos];
		if (c == '"') {
			p->pos++;
			return true;
		}
		if (c == '\\') {
			p->pos++;
			if (!escape(p, t))
				return false;
			continue;
		}
		if (c < 0x20)
			return bad(p, "control character in a string");
		n = c < 0x80 ? 1 : utf8_char(p);
		if (n == 0)
			return bad(p, "malformed UTF-8 in a string");
		for (size_t i = 0; i < n; i++)
			put(t, p->s[p->pos++]);
	}
}

/* Consume a run of digits; false if there is none. */
static bool digits(struct parser *p)
{
	size_t start = p->pos;

	while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
		p->pos++;
	return p->pos > start;
}

/* A number: -? int frac? exp? */
static bool number(struct parser *p)
{
	eat(p, '-');
	if (eat(p, '0')) {
		/* no more integer digits after a leading zero */
	} else if (!digits(p)) {
		return bad(p, "bad number");
	}
	if (eat(p, '.') && !digits(p))
		return bad(p, "no digits after the decimal point");
	if (eat(p, 'e') || eat(p, 'E')) {
		if (!eat(p, '+'))
			eat(p, '-');
		if (!digits(p))
			return bad(p, "no digits in the exponent");
	}
	return true;
}

/* A literal word (true, false, null). */
static bool word(struct parser *p, const char *w)
{
	size_t n = strlen(w);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, w, n) != 0)
		return bad(p, "unexpected character");
	p->pos += n;
	return true;
}

static bool value(struct parser *p, int depth, struct text *key);

/* An object: members "key": value, separated by commas. */
static bool object(struct parser *p, int depth)
{
	struct text key = { 0 };
	bool ok = true;

	p->pos++;
	skip_ws(p);
	if (eat(p, '}'))
		return true;
	for (;;) {
		skip_ws(p);
		if (!string(p, &key)) {
			ok = false;
			break;
		}
		skip_ws(p);
		if (!eat(p, ':')) {
			ok = bad(p, "expected ':'");
			break;
		}
		if (!value(p, depth + 1, &key)) {
			ok = false;
			break;
		}
		skip_ws(p);
		if (eat(p, '}'))
			break;
		if (!eat(p, ',')) {
			ok = bad(p, "expected ',' or '}'");
			break;
		}
	}
	free(key.b);
	return ok;
}

/* An array: values separated by commas. */
static bool array(struct parser *p, int depth)
{
	p->pos++;
	skip_ws(p);
	if (eat(p, ']'))
		return true;
	for (;;) {
		if (!value(p, depth + 1, NULL))
			return false;
		skip_ws(p);
		if (eat(p, ']'))
			return true;
		if (!eat(p, ','))
			return bad(p, "expected ',' or ']'");
	}
}

/* Any value; key is the member name when it is an object member's. */
static bool value(struct parser *p, int depth, struct text *key)
{
	struct text t = { 0 };
	bool ok;

	if (depth > MAX_DEPTH)
		return bad(p, "nested too deeply");
	skip_ws(p);
	if (p->pos >= p->len)
		return bad(p, "expected a value");
	switch (p->s[p->pos]) {
	case '{': return object(p, depth);
	case '[': return array(p, depth);
	case 't': return word(p, "true");
	case 'f': return word(p, "false");
	case 'n': return word(p, "null");
	case '"':
		ok = string(p, &t);
		if (ok && key != NULL && p->fn != NULL)
			p->fn(key->b, key->len, t.b, t.len, p->ctx);
		free(t.b);
		return ok;
	}
	return number(p);
}

/* Validate a whole document. */
bool json_check(const char *doc, size_t len, json_string_fn *fn, void *ctx,
		char *why, size_t whylen)
{
	struct parser p = { (const uint8_t *)doc, len, 0, fn, ctx, why, whylen, false };

	if (!value(&p, 0, NULL))
		return false;
	skip_ws(&p);
	if (p.pos != p.len)
		return bad(&p, "text after the value");
	return true;
}
